"""Merging two person records that are the same person, and undoing it.

A merge deletes nothing. The duplicate keeps its row, names, documents, phones and history
and points at the survivor (``Person.merged_into``); pages show them on the survivor through
that link (:func:`phlov.linkage.selectors.merged_records`). The survivor gains only what it
lacked: a field empty on the survivor and filled on the duplicate is copied over (never a
field the acting user may not see). Records merged into the duplicate before now point at
the survivor. A :class:`~phlov.linkage.models.Merge` row keeps who, when, why and every value
the merge changed, so that :func:`undo_merge` puts back exactly what was there.

Both run in one transaction with their audit event (``merge`` / ``unmerge``); the audit says
which fields were filled, never their values.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phlov.audit.chain import to_json_value
from phlov.audit.services import record
from phlov.core.policies import Action
from phlov.linkage.models import CandidatePair, Merge, PairStatus
from phlov.people.models import Person
from phlov.people.policies import PersonPolicy
from phlov.people.search_index import rebuild_keys

# What a merge may fill on the survivor (when empty there): who the person is, not what
# happened to them (notes stay on their own record).
FILLABLE = (
    "family_name_km", "given_name_km", "family_name_latin", "given_name_latin", "sex", "birth_date",
    "birth_date_precision", "estimated_age", "age_estimated_on", "nationality", "ethnicity",
    "origin_village", "household",
)  # fmt: skip
# Values that mean "not known" for the fields above.
UNKNOWN: dict[str, tuple[Any, ...]] = {"sex": ("", "unknown"), "ethnicity": ("", "unknown")}
# Every stored field except the key and the timestamps: what undo compares and restores.
_SKIP = {"id", "created_at", "updated_at"}


def _state(person: Person) -> dict[str, Any]:
    return {
        f.attname: to_json_value(getattr(person, f.attname))
        for f in person._meta.concrete_fields
        if f.attname not in _SKIP
    }


def _is_empty(field: str, value: Any) -> bool:
    return value in (None, "") or value in UNKNOWN.get(field, ())


def _require_change(actor: Any, *people: Person) -> None:
    policy = PersonPolicy()
    if not all(policy.can(actor, Action.CHANGE, p) for p in people):
        raise PermissionDenied


def _fill(survivor: Person, duplicate: Person, hidden: set[str]) -> list[str]:
    """Copy what the survivor lacks; the date of birth travels with its precision and the
    estimated age with its date."""

    filled: list[str] = []
    groups: list[tuple[str, ...]] = [
        ("birth_date", "birth_date_precision"),
        ("estimated_age", "age_estimated_on"),
        *(
            (name,)
            for name in FILLABLE
            if name not in ("birth_date", "birth_date_precision", "estimated_age", "age_estimated_on")
        ),
    ]
    if survivor.birth_date is not None:
        groups = [g for g in groups if g[0] != "estimated_age"]  # a date beats an estimate
    for group in groups:
        head = group[0]
        if head in hidden:
            continue
        field = Person._meta.get_field(head)
        assert isinstance(field, models.Field)
        if _is_empty(head, getattr(survivor, field.attname)) and not _is_empty(
            head, getattr(duplicate, field.attname)
        ):
            for name in group:
                attname = Person._meta.get_field(name).attname  # type: ignore[union-attr]
                setattr(survivor, attname, getattr(duplicate, attname))
                filled.append(name)
    return filled


@transaction.atomic
def merge_people(
    *, actor: Any, survivor: Person, duplicate: Person, reason: str, pair: CandidatePair | None = None
) -> Merge:
    """Merge ``duplicate`` into ``survivor`` (see the module's docstring)."""

    if not reason.strip():
        raise ValidationError(_("Say why these records are the same person."))
    if survivor.pk == duplicate.pk:
        raise ValidationError(_("A record cannot be merged into itself."))
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[survivor.pk, duplicate.pk])}
    survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
    _require_change(actor, survivor, duplicate)
    if survivor.merged_into_id is not None or duplicate.merged_into_id is not None:
        raise ValidationError(_("One of these records is already merged into another one."))
    now = timezone.now()
    before = _state(survivor)
    filled = _fill(survivor, duplicate, PersonPolicy().hidden_fields(actor))
    survivor.derive()  # the province of a filled village, the year of a filled date
    after = _state(survivor)
    changed = {
        name: {"from": before[name], "to": after[name]} for name in after if after[name] != before[name]
    }
    repointed = sorted(Person.objects.filter(merged_into=duplicate).values_list("pk", flat=True))
    pair_before = None
    if pair is not None:
        pair_before = {
            "status": pair.status,
            "decided_by": pair.decided_by_id,
            "decided_at": to_json_value(pair.decided_at),
            "reason": pair.reason,
        }
    if changed:
        Person.objects.filter(pk=survivor.pk).update(
            **{n: getattr(survivor, n) for n in changed}, updated_at=now
        )
    Person.objects.filter(pk=duplicate.pk).update(merged_into=survivor, updated_at=now)
    Person.objects.filter(pk__in=repointed).update(merged_into=survivor, updated_at=now)
    merge = Merge.objects.create(
        survivor=survivor,
        duplicate=duplicate,
        pair=pair,
        merged_by=actor,
        reason=reason,
        changes={"survivor": changed, "repointed": repointed, "pair_before": pair_before},
    )
    if pair is not None:
        CandidatePair.objects.filter(pk=pair.pk).update(
            status=PairStatus.ACCEPTED, decided_by=actor, decided_at=now, reason=reason
        )
    survivor.refresh_from_db()
    rebuild_keys(survivor)
    record(
        actor=actor,
        action="merge",
        obj=duplicate,
        changes={"merged_into": {"from": None, "to": survivor.pk}},
        detail={
            "survivor": survivor.pk, "duplicate": duplicate.pk, "merge": merge.pk,
            "pair": pair.pk if pair is not None else None, "filled": sorted(filled), "repointed": len(repointed),
        },
        reason=reason,
    )  # fmt: skip
    return merge


@transaction.atomic
def undo_merge(*, actor: Any, merge: Merge, reason: str) -> Merge:
    """Put back what ``merge`` changed: the survivor's filled fields, the duplicate's (and the
    repointed records') ``merged_into``, the pair's decision. Refused when the survivor's
    filled fields were changed since (undoing would overwrite someone's later edit)."""

    if not reason.strip():
        raise ValidationError(_("Say why the merge is undone."))
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    if merge.is_undone:
        raise ValidationError(_("This merge was already undone."))
    people = {
        p.pk: p
        for p in Person.objects.select_for_update().filter(pk__in=[merge.survivor_id, merge.duplicate_id])
    }
    survivor, duplicate = people[merge.survivor_id], people[merge.duplicate_id]
    _require_change(actor, survivor, duplicate)
    if duplicate.merged_into_id != survivor.pk:
        raise ValidationError(_("The duplicate no longer points at the survivor; it was changed since."))
    changed: dict[str, dict[str, Any]] = merge.changes.get("survivor", {})
    current = _state(survivor)
    if any(current[name] != values["to"] for name, values in changed.items()):
        raise ValidationError(_("The surviving record was edited after the merge; undo those edits first."))
    now = timezone.now()
    if changed:
        # The stored JSON values (dates as ISO text) are converted back by the fields.
        Person.objects.filter(pk=survivor.pk).update(
            **{name: values["from"] for name, values in changed.items()}, updated_at=now
        )
    Person.objects.filter(pk=duplicate.pk).update(merged_into=None, updated_at=now)
    repointed = merge.changes.get("repointed", [])
    Person.objects.filter(pk__in=repointed, merged_into=survivor).update(
        merged_into=duplicate, updated_at=now
    )
    pair_before = merge.changes.get("pair_before")
    if merge.pair_id is not None and pair_before:
        CandidatePair.objects.filter(pk=merge.pair_id).update(
            status=pair_before["status"],
            decided_by_id=pair_before["decided_by"],
            decided_at=pair_before["decided_at"],
            reason=pair_before["reason"],
        )
    merge.undone_by, merge.undone_at, merge.undo_reason = actor, now, reason
    merge.save(update_fields=["undone_by", "undone_at", "undo_reason"])
    survivor.refresh_from_db()
    rebuild_keys(survivor)
    record(
        actor=actor,
        action="unmerge",
        obj=duplicate,
        changes={"merged_into": {"from": survivor.pk, "to": None}},
        detail={
            "survivor": survivor.pk,
            "duplicate": duplicate.pk,
            "merge": merge.pk,
            "restored": sorted(changed),
        },
        reason=reason,
    )
    return merge
