"""The audit trail: one append-only, hash-chained row per thing that happened.

The trail is evidence. Each event carries the hash of the event before it, so a row that is
edited, removed or slipped in afterwards breaks the chain and ``phlov audit verify`` names it.
Rows are written only by :func:`phlov.audit.services.record`; the model, its queryset and
database triggers (migration 0002) refuse updates and deletions.

The one change allowed after the fact is Django's ``SET_NULL`` when a user or an organisation
is deleted: the foreign keys ``actor`` and ``organisation`` are links for convenience, not
evidence. Who acted and where is kept in hashed copies (``actor_pk``, ``actor_username``,
``organisation_pk``, ``organisation_path``, ``organisation_name``), and the verifier checks that
a link still set points where the copy says.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The first event chains from this value: 64 zeros, the width of a SHA-256 hex digest.
GENESIS_HASH = "0" * 64

# Columns whose only permitted change is to NULL (when the referenced row is deleted).
NULLABLE_LINKS = ("actor", "organisation")


class AuditTrailIsAppendOnly(RuntimeError):
    """Raised on any attempt to change or delete an audit event through the ORM."""


class AuditAction(models.TextChoices):
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")
    VIEW = "view", _("view")
    SEARCH = "search", _("search")
    EXPORT = "export", _("export")
    LOGIN = "login", _("sign in")
    LOGIN_FAILED = "login_failed", _("failed sign-in")
    LOGOUT = "logout", _("sign out")
    BREAK_GLASS = "break_glass", _("break the glass")
    CONSENT_OVERRIDE = "consent_override", _("consent override")
    APPROVE = "approve", _("approve")
    MERGE = "merge", _("merge")
    UNMERGE = "unmerge", _("unmerge")
    OTHER = "other", _("other")


# Actions other apps add without a migration or an edit here: code -> label. Their codes are
# namespaced ("protection.close_case") so that they can never collide with a built-in one.
_EXTRA_ACTIONS: dict[str, str | Promise] = {}


def register_action(code: str, label: str | Promise) -> None:
    """Let an app record an action of its own, e.g. ``register_action("protection.close", _("close"))``."""

    if "." not in code or len(code) > 64:
        raise ValueError("an app's own audit action is namespaced ('app.verb') and at most 64 characters")
    if code in AuditAction.values:
        raise ValueError(f"{code!r} is a built-in audit action")
    _EXTRA_ACTIONS[code] = label


def is_known_action(code: str) -> bool:
    return code in AuditAction.values or code in _EXTRA_ACTIONS


def action_choices() -> list[tuple[str, str | Promise]]:
    """Built-in actions, then the ones apps registered: for filter forms."""

    return [*AuditAction.choices, *sorted(_EXTRA_ACTIONS.items())]


def action_label(code: str) -> str | Promise:
    if code in AuditAction.values:
        return AuditAction(code).label
    return _EXTRA_ACTIONS.get(code, code)


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Reads only. Writes other than ``record``'s insert raise :class:`AuditTrailIsAppendOnly`."""

    def update(self, **kwargs: Any) -> int:
        # Django's deletion collector clears the links of a deleted user or organisation with
        # ``queryset.update(actor=None)``; that, and only that, is let through.
        if kwargs and all(name in NULLABLE_LINKS and value is None for name, value in kwargs.items()):
            return super().update(**kwargs)
        raise AuditTrailIsAppendOnly("audit events cannot be changed")

    def delete(self) -> NoReturn:
        raise AuditTrailIsAppendOnly("audit events cannot be deleted")

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> NoReturn:
        raise AuditTrailIsAppendOnly("audit events cannot be changed")

    def bulk_create(  # type: ignore[override]
        self,
        objs: Iterable[AuditEvent],
        batch_size: int | None = None,
        ignore_conflicts: bool = False,
        update_conflicts: bool = False,
        update_fields: Collection[str] | None = None,
        unique_fields: Collection[str] | None = None,
    ) -> list[AuditEvent]:
        # bulk_create bypasses save() and therefore the chain: only events sealed by
        # services.record_many (hashed and chained under the head's lock) may pass.
        events = list(objs)
        if (
            ignore_conflicts
            or update_conflicts
            or not all(getattr(e, "_sealed_by_record", False) for e in events)
        ):
            raise AuditTrailIsAppendOnly(
                "audit events are written by phlov.audit.services.record or record_many"
            )
        created: list[AuditEvent] = list(super().bulk_create(events, batch_size=batch_size))  # type: ignore[arg-type]
        for event in created:
            event._sealed_by_record = False
        return created

    def update_or_create(
        self,
        defaults: Mapping[str, Any] | None = None,
        create_defaults: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> NoReturn:
        raise AuditTrailIsAppendOnly("audit events cannot be changed")


AuditEventManager = models.Manager.from_queryset(AuditEventQuerySet)


class AuditEvent(models.Model):
    # The position in the chain, assigned by record() under the chain head's lock. It is the
    # primary key so that every stored column, the key included, is covered by the hash.
    seq = models.BigIntegerField(_("sequence number"), primary_key=True)
    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    actor_pk = models.BigIntegerField(_("user number"), null=True, blank=True)
    actor_username = models.CharField(_("user name"), max_length=150, blank=True, db_index=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    organisation_pk = models.BigIntegerField(_("organisation number"), null=True, blank=True)
    # The actor's organisation path at the time: the audit policy scopes by it.
    organisation_path = models.CharField(_("organisation path"), max_length=255, blank=True, db_index=True)
    organisation_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=64, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object number"), max_length=64, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # Text, not GenericIPAddressField: PostgreSQL's inet prints some IPv6 forms differently from
    # Python, and the hash must cover exactly the characters stored. record() validates it.
    ip_address = models.CharField(_("IP address"), max_length=45, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    request_id = models.CharField(_("request"), max_length=64, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    objects = AuditEventManager()
    # Set by record() on the one instance it inserts; see save().
    _sealed_by_record: bool = False

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-seq"]
        # The deletion collector reaches related rows through the base manager: make that ours,
        # so the queryset's refusals hold on every path.
        base_manager_name = "objects"
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return (
            f"#{self.seq} {self.action} {self.object_type}:{self.object_id} by {self.actor_username or '-'}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Only record() may insert (it sets the seal after computing the hash); nothing may
        # ever rewrite a stored event.
        if not self._state.adding or not getattr(self, "_sealed_by_record", False):
            raise AuditTrailIsAppendOnly("audit events are written once, by phlov.audit.services.record")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)
        self._sealed_by_record = False

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditTrailIsAppendOnly("audit events cannot be deleted")

    @property
    def action_label(self) -> str | Promise:
        return action_label(self.action)


class AuditChainHead(models.Model):
    """One row: the last event's seq and hash. Writers lock it, which keeps the chain single."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_chain_head_single_row")]

    def __str__(self) -> str:
        return f"{self.last_seq} {self.last_hash}"
