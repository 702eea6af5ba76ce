"""Reads for the review pages, each filtered by the policies for the acting user."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from phlov.core.policies import Action
from phlov.linkage.models import CandidatePair, LinkageRun, Merge, PairStatus
from phlov.linkage.policies import CandidatePairPolicy, MergePolicy
from phlov.people.models import Person


def latest_run() -> LinkageRun | None:
    return LinkageRun.objects.filter(finished_at__isnull=False).order_by("-finished_at", "-pk").first()


def review_queue(actor: Any) -> QuerySet[CandidatePair]:
    """Pending pairs of the latest run whose two people the actor may see and neither of
    which was merged since, most likely first."""

    run = latest_run()
    if run is None:
        return CandidatePair.objects.none()
    return (
        CandidatePairPolicy()
        .restrict(actor, CandidatePair.objects.filter(run=run, status=PairStatus.PENDING))
        .filter(person_a__merged_into__isnull=True, person_b__merged_into__isnull=True)
        .select_related("person_a", "person_b")
        .order_by("-match_probability", "pk")
    )


def pair_for(actor: Any, pk: int) -> CandidatePair:
    """A pair the actor may see (404 otherwise, as for a missing one)."""

    return CandidatePairPolicy().get_or_404(actor, Action.VIEW, pk=pk)


def merges_of_pair(actor: Any, pair: CandidatePair) -> QuerySet[Merge]:
    return (
        MergePolicy()
        .restrict(actor, Merge.objects.filter(pair=pair))
        .select_related("merged_by", "undone_by")
    )


def merged_records(actor: Any, person: Person) -> QuerySet[Person]:
    """The records merged into ``person`` (directly) that the actor may see: their names,
    documents and phones are this person's too. For the person page of the people app."""

    from phlov.people.selectors import merged_into

    return merged_into(actor, person)
