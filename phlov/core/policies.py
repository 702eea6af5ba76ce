"""One policy per model: "may this user do this to this object" and "which objects may they see".

A policy answers both questions from the same rule, once as a Python check on an object
(``can``) and once as a query filter (``visible``); tests prove the two agree. Views, API
endpoints, searches, exports and reports get their objects only through a policy, and a
forbidden object is reported exactly like a missing one (404).

Superusers get no bypass: Django's ``is_superuser`` flag is ignored here. What a user may
do comes from their active role assignments (``accounts.RoleAssignment``), each granting
its role's permissions within a scope: an organisation and its sub-organisations,
optionally narrowed to provinces.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

M = TypeVar("M", bound=models.Model)


class Action:
    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"
    EXPORT = "export"


@dataclass(frozen=True)
class Grant:
    """One active role assignment, reduced to what the policies need."""

    role: str
    organisation_id: int
    organisation_path: str
    province_ids: frozenset[int]
    permissions: frozenset[str]
    field_groups: frozenset[str]
    modules: tuple[str, ...] = ()

    def allows(self, permission: str) -> bool:
        return permission in self.permissions


@dataclass(frozen=True)
class _Access:
    """What a user may do, as read under one access stamp, good until ``valid_until``."""

    stamp: str
    valid_until: datetime
    grants: tuple[Grant, ...]
    break_glass: dict[str, frozenset[str]]


# The grants are read on every request and change rarely. Each change gives the users
# concerned a new access stamp in its own transaction (accounts/access.py), so this process's
# copy is used only under the stamp of the user row the request has just read. The time limit
# also bounds changes made around the application (raw SQL, a restore).
ACCESS_COPY_SECONDS = 60
ACCESS_COPIES_MAX = 10_000
_copies: dict[int, _Access] = {}


def _read_access(user: Any) -> _Access:
    from phlov.accounts.models import RoleAssignment
    from phlov.core.models import BreakGlassAccess

    now = timezone.now()
    valid_until = now + timedelta(seconds=ACCESS_COPY_SECONDS)
    grants = []
    unexpired = (
        RoleAssignment.objects.filter(user=user)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))  # expired ones never come back
        .select_related("role", "organisation")
        .prefetch_related("provinces")
        .order_by("pk")
    )
    for assignment in unexpired:
        # The copy lasts until the next assignment starts or expires: no write marks either.
        for moment in (assignment.starts_at, assignment.expires_at):
            if moment is not None and moment > now:
                valid_until = min(valid_until, moment)
        if not assignment.is_active_at(now):
            continue
        grants.append(
            Grant(
                role=assignment.role.code,
                organisation_id=assignment.organisation_id,
                organisation_path=assignment.organisation.path,
                province_ids=frozenset(p.pk for p in assignment.provinces.all()),
                permissions=frozenset(assignment.role.permissions or ()),
                field_groups=frozenset(assignment.role.field_groups or ()),
                modules=tuple(assignment.role.modules or ()),
            )
        )
    collected: dict[str, set[str]] = {}
    accesses = BreakGlassAccess.objects.filter(user=user, expires_at__gt=now).values_list(
        "content_type__app_label", "content_type__model", "object_id", "expires_at"
    )
    for app_label, model_name, object_id, expires_at in accesses:
        collected.setdefault(f"{app_label}.{model_name}", set()).add(object_id)
        valid_until = min(valid_until, expires_at)
    return _Access(
        stamp=user.access_stamp,
        valid_until=valid_until,
        grants=tuple(grants),
        break_glass={label: frozenset(ids) for label, ids in collected.items()},
    )


def _access(user: Any) -> _Access:
    """The user's access, read once per user object (i.e. once per request) at most."""

    held: _Access | None = getattr(user, "_phlov_access", None)
    if held is not None:
        return held
    copy = _copies.get(user.pk)
    if copy is None or copy.stamp != user.access_stamp or timezone.now() >= copy.valid_until:
        copy = _read_access(user)
        if len(_copies) >= ACCESS_COPIES_MAX:
            _copies.clear()
        _copies[user.pk] = copy
    user._phlov_access = copy
    return copy


def grants_of(user: Any) -> tuple[Grant, ...]:
    """The user's active grants."""

    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    return _access(user).grants


def forget_grants(user: Any) -> None:
    """Drop what is known of the user's access, here and in this process's copy."""

    if hasattr(user, "_phlov_access"):
        delattr(user, "_phlov_access")
    pk = getattr(user, "pk", None)
    if pk is not None:
        _copies.pop(pk, None)


def break_glass_ids(user: Any, model: type[models.Model]) -> frozenset[str]:
    """Primary keys (as text) of ``model`` records the user opened by break-the-glass, unexpired."""

    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    return _access(user).break_glass.get(model._meta.label_lower, frozenset())


class Policy(Generic[M]):
    """Base policy. Subclasses name the model and say how an object relates to a scope."""

    model: ClassVar[type[models.Model]]
    # Records about a person (a victim's case, a worker, a complaint): opening one with
    # ``get_or_404`` for viewing is written to the audit trail.
    audit_reads: ClassVar[bool] = False
    # Sensitive field groups of the model: group -> field names (see core.sensitivity).
    sensitive_fields: ClassVar[dict[str, tuple[str, ...]]] = {}

    @classmethod
    def permission(cls, action: str) -> str:
        return f"{cls.model._meta.label_lower}:{action}"

    def visible(self, user: Any, action: str = Action.VIEW) -> Q:
        raise NotImplementedError

    def can(self, user: Any, action: str, obj: M) -> bool:
        raise NotImplementedError

    def can_any(self, user: Any, action: str) -> bool:
        """Whether the user may do ``action`` to at least some objects (e.g. show a button)."""

        permission = self.permission(action)
        return any(g.allows(permission) for g in grants_of(user))

    # -- helpers every view and endpoint uses -------------------------------------------------

    def restrict(
        self, user: Any, queryset: QuerySet[M] | None = None, action: str = Action.VIEW
    ) -> QuerySet[M]:
        qs: QuerySet[M] = queryset if queryset is not None else self.model._default_manager.all()  # type: ignore[assignment]
        return qs.filter(self.visible(user, action))

    def get_or_404(
        self, user: Any, action: str = Action.VIEW, *, related: Sequence[str] = (), **lookup: Any
    ) -> M:
        """The one object matching ``lookup`` that the user may ``action``, or 404; ``related``
        names the foreign keys the page will show, read in the same statement."""

        try:
            qs = self.restrict(user, action=action).filter(**lookup)
            if related:
                qs = qs.select_related(*related)
            # One row at most by primary key: building an ordering would cost more than the read.
            obj = next(iter(qs.order_by()[:1]), None) if set(lookup) == {"pk"} else qs.first()
        except (ValueError, TypeError, ValidationError) as error:
            # An id that cannot even be an id ("null,null") is as missing as any other.
            raise Http404 from error
        if obj is None:
            raise Http404
        if self.audit_reads and action == Action.VIEW:
            from phlov.audit.services import record

            record(actor=user, action="view", obj=obj)
        return obj

    def owning_organisation_path(self, obj: M) -> str | None:
        """The path of the organisation a record belongs to, if it belongs to one."""

        return None

    def responsible_users(self, obj: M) -> list[Any]:
        """Who answers for a record (told when someone breaks the glass on it)."""

        return []

    def hidden_fields(self, user: Any) -> set[str]:
        visible_groups: set[str] = set()
        for grant in grants_of(user):
            visible_groups |= grant.field_groups
        return {
            field
            for group, fields in self.sensitive_fields.items()
            if group not in visible_groups
            for field in fields
        }


class NobodyPolicy(Policy[M]):
    """Nobody may do anything: the default for a model that has not said otherwise."""

    def visible(self, user: Any, action: str = Action.VIEW) -> Q:
        return Q(pk__in=[])

    def can(self, user: Any, action: str, obj: M) -> bool:
        return False


class OrganisationScopedPolicy(Policy[M]):
    """Objects owned by an organisation (``organisation_field``), optionally in a province.

    A grant reaches an object when the role has the permission, the object's organisation is
    the grant's organisation or one below it, and, when the grant names provinces and the
    model has a province, the object's province is one of them.
    """

    organisation_field: ClassVar[str] = "organisation"
    province_field: ClassVar[str | None] = None

    def _grants(self, user: Any, action: str) -> Iterable[Grant]:
        permission = self.permission(action)
        return [g for g in grants_of(user) if g.allows(permission)]

    # The user (FK name) responsible for a record, told when someone breaks the glass on it.
    owner_field: ClassVar[str | None] = None

    def visible(self, user: Any, action: str = Action.VIEW) -> Q:
        q = Q(pk__in=[])
        if action == Action.VIEW:
            opened = break_glass_ids(user, self.model)
            if opened:
                q |= Q(pk__in=sorted(opened))
        for grant in self._grants(user, action):
            term = Q(**{f"{self.organisation_field}__path__startswith": grant.organisation_path})
            if grant.province_ids and self.province_field:
                term &= Q(**{f"{self.province_field}__in": sorted(grant.province_ids)})
            q |= term
        return q

    def _organisation_path(self, obj: M) -> str | None:
        node: Any = obj
        for part in self.organisation_field.split("__"):
            node = getattr(node, part, None)
            if node is None:
                return None
        return str(node.path)

    def _province_id(self, obj: M) -> int | None:
        if not self.province_field:
            return None
        *path, last = self.province_field.split("__")
        node: Any = obj
        for part in path:
            node = getattr(node, part, None)
            if node is None:
                return None
        return getattr(node, f"{last}_id", None)

    def can(self, user: Any, action: str, obj: M) -> bool:
        if action == Action.VIEW and str(obj.pk) in break_glass_ids(user, self.model):
            return True
        org_path = self._organisation_path(obj)
        if org_path is None:
            return False
        province_id = self._province_id(obj)
        for grant in self._grants(user, action):
            if not org_path.startswith(grant.organisation_path):
                continue
            if grant.province_ids and self.province_field and province_id not in grant.province_ids:
                continue
            return True
        return False

    def owning_organisation_path(self, obj: M) -> str | None:
        return self._organisation_path(obj)

    def responsible_users(self, obj: M) -> list[Any]:
        """The record's owner and the supervisors over its organisation."""

        from phlov.accounts.models import User

        users: list[Any] = []
        owner = getattr(obj, self.owner_field, None) if self.owner_field else None
        if owner is not None:
            users.append(owner)
        path = self._organisation_path(obj)
        if path:
            now = timezone.now()
            supervisors = User.objects.filter(
                is_active=True,
                assignments__role__code="supervisor",
                assignments__starts_at__lte=now,
            ).filter(Q(assignments__expires_at__isnull=True) | Q(assignments__expires_at__gt=now))
            for candidate in supervisors.distinct().prefetch_related(
                "assignments__organisation", "assignments__role"
            ):
                if any(
                    a.role.code == "supervisor"
                    and path.startswith(a.organisation.path)
                    and a.is_active_at(now)
                    for a in candidate.assignments.all()
                ):
                    users.append(candidate)
        return users


_REGISTRY: dict[type[models.Model], Policy[Any]] = {}


def register(model: type[models.Model]) -> Any:
    """Class decorator: ``@register(Case) class CasePolicy(...)``."""

    def decorate(policy_class: type[Policy[Any]]) -> type[Policy[Any]]:
        policy_class.model = model
        if model in _REGISTRY:
            raise RuntimeError(f"{model.__name__} already has a policy")
        _REGISTRY[model] = policy_class()
        return policy_class

    return decorate


def policy_for(model_or_obj: type[models.Model] | models.Model) -> Policy[Any]:
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    try:
        return _REGISTRY[model]
    except KeyError:
        raise LookupError(f"{model.__name__} has no policy: every model read by a view needs one") from None


def registered_policies() -> dict[type[models.Model], Policy[Any]]:
    return dict(_REGISTRY)
