"""Who may see and decide linkage results: exactly who may see (and change) both people.

A candidate pair, a merge or a cluster member shows two or more person records side by side;
it is visible only to a user who may see every one of them (``PersonPolicy``), so that the
review queue never reveals a person outside the user's reach, not even by their name next to
someone they may see. Deciding (merging, rejecting, undoing) needs ``people.person:change``
on both.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from phlov.core.policies import Action, Policy, register
from phlov.linkage.models import CandidatePair, Cluster, ClusterMember, LinkageRun, Merge
from phlov.people.models import Person
from phlov.people.policies import PersonPolicy


def _people(user: Any, action: str) -> Any:
    return PersonPolicy().restrict(user, Person.objects.all(), action=action).values("pk")


class _TwoPeoplePolicy(Policy[Any]):
    first: str
    second: str

    @classmethod
    def permission(cls, action: str) -> str:
        return f"people.person:{action}"

    def visible(self, user: Any, action: str = Action.VIEW) -> Q:
        people = _people(user, action)
        return Q(**{f"{self.first}__in": people}) & Q(**{f"{self.second}__in": people})

    def can(self, user: Any, action: str, obj: Any) -> bool:
        policy = PersonPolicy()
        return policy.can(user, action, getattr(obj, self.first)) and policy.can(
            user, action, getattr(obj, self.second)
        )

    def can_any(self, user: Any, action: str) -> bool:
        return PersonPolicy().can_any(user, action)


@register(CandidatePair)
class CandidatePairPolicy(_TwoPeoplePolicy):
    first, second = "person_a", "person_b"


@register(Merge)
class MergePolicy(_TwoPeoplePolicy):
    first, second = "survivor", "duplicate"


@register(ClusterMember)
class ClusterMemberPolicy(Policy[ClusterMember]):
    def visible(self, user: Any, action: str = Action.VIEW) -> Q:
        return Q(person__in=_people(user, action))

    def can(self, user: Any, action: str, obj: ClusterMember) -> bool:
        return PersonPolicy().can(user, action, obj.person)


@register(Cluster)
class ClusterPolicy(Policy[Cluster]):
    """A cluster is shown only when the user may see all its members."""

    def visible(self, user: Any, action: str = Action.VIEW) -> Q:
        hidden = ClusterMember.objects.exclude(person__in=_people(user, action)).values("cluster")
        return ~Q(pk__in=hidden)

    def can(self, user: Any, action: str, obj: Cluster) -> bool:
        policy = PersonPolicy()
        return all(policy.can(user, action, m.person) for m in obj.members.select_related("person"))


@register(LinkageRun)
class LinkageRunPolicy(Policy[LinkageRun]):
    """Runs hold counts and the model, no person: whoever may review pairs may see them."""

    @classmethod
    def permission(cls, action: str) -> str:
        return f"people.person:{action}"

    def visible(self, user: Any, action: str = Action.VIEW) -> Q:
        return Q() if PersonPolicy().can_any(user, action) else Q(pk__in=[])

    def can(self, user: Any, action: str, obj: LinkageRun) -> bool:
        return PersonPolicy().can_any(user, action)
