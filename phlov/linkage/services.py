"""Decisions on candidate pairs: accept (merge the two records) or reject, by a person.

Each takes the acting user first, checks ``people.person:change`` on both people, runs in one
transaction and writes its audit event inside it (the merge through
:mod:`phlov.linkage.merging`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phlov.audit.services import record
from phlov.core.policies import Action
from phlov.linkage.merging import merge_people, undo_merge
from phlov.linkage.models import CandidatePair, Merge, PairStatus
from phlov.linkage.policies import CandidatePairPolicy
from phlov.people.models import Person

__all__ = ["accept_pair", "merge_people", "reject_pair", "undo_merge"]

OPEN = (PairStatus.PENDING, PairStatus.MATCH)


def _open_pair(actor: Any, pair: CandidatePair) -> CandidatePair:
    pair = CandidatePair.objects.select_for_update().select_related("person_a", "person_b").get(pk=pair.pk)
    if not CandidatePairPolicy().can(actor, Action.CHANGE, pair):
        raise PermissionDenied
    if pair.status not in OPEN:
        raise ValidationError(_("This pair was already decided."))
    return pair


@transaction.atomic
def accept_pair(*, actor: Any, pair: CandidatePair, reason: str, survivor: Person | None = None) -> Merge:
    """The two are the same person: merge them. The survivor is ``survivor`` (one of the
    two) or else the older record (the lower id)."""

    pair = _open_pair(actor, pair)
    keep = survivor if survivor is not None else pair.person_a
    if keep.pk not in (pair.person_a_id, pair.person_b_id):
        raise ValidationError(_("The record kept must be one of the two."))
    other = pair.person_b if keep.pk == pair.person_a_id else pair.person_a
    return merge_people(actor=actor, survivor=keep, duplicate=other, reason=reason, pair=pair)


@transaction.atomic
def reject_pair(*, actor: Any, pair: CandidatePair, reason: str) -> CandidatePair:
    """The two are different people; the decision carries over to later runs."""

    if not reason.strip():
        raise ValidationError(_("Say why these are different people."))
    pair = _open_pair(actor, pair)
    pair.status, pair.decided_by, pair.decided_at, pair.reason = (
        PairStatus.REJECTED,
        actor,
        timezone.now(),
        reason,
    )
    pair.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    record(
        actor=actor,
        action="linkage.reject",
        obj=pair,
        detail={
            "person_a": pair.person_a_id,
            "person_b": pair.person_b_id,
            "probability": round(pair.match_probability, 4),
        },
        reason=reason,
    )
    return pair
