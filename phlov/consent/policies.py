"""Consent records are seen and changed by whoever may see and change the person."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from phlov.consent.models import Consent, ConsentOverride
from phlov.core.policies import Action, Policy, policy_for, register


class _ThroughPerson(Policy[Any]):
    def visible(self, user: Any, action: str = Action.VIEW) -> Q:
        from phlov.people.models import Person

        person_action = Action.VIEW if action == Action.VIEW else Action.CHANGE
        return Q(person__in=policy_for(Person).restrict(user, action=person_action).values("pk"))

    def can(self, user: Any, action: str, obj: Any) -> bool:
        person_action = Action.VIEW if action == Action.VIEW else Action.CHANGE
        return policy_for(obj.person).can(user, person_action, obj.person)


@register(Consent)
class ConsentPolicy(_ThroughPerson):
    pass


@register(ConsentOverride)
class ConsentOverridePolicy(_ThroughPerson):
    pass
