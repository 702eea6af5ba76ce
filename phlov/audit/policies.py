"""Who may read the audit trail: holders of ``audit.auditevent:view`` (``:export`` to export),
for the events of people in their grant's organisation and the organisations below it.

Events are scoped by the organisation path copied onto the event when it was written, not by
the actor's organisation today: moving a user elsewhere does not move their history. Grants
narrowed to provinces are not narrowed further here, since an event belongs to no province.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from phlov.audit.models import AuditEvent
from phlov.core.policies import Action, Policy, grants_of, register


@register(AuditEvent)
class AuditEventPolicy(Policy[AuditEvent]):
    def scope_paths(self, user: Any, action: str = Action.VIEW) -> list[str]:
        """Organisation paths whose events the user may ``action``. No superuser bypass."""

        permission = self.permission(action)
        # An empty path would match every event; organisations always have one, but a grant
        # must never widen to the whole trail by accident.
        return sorted(
            {g.organisation_path for g in grants_of(user) if g.allows(permission) and g.organisation_path}
        )

    def visible(self, user: Any, action: str = Action.VIEW) -> Q:
        q = Q(pk__in=[])
        for path in self.scope_paths(user, action):
            q |= Q(organisation_path__startswith=path)
        return q

    def can(self, user: Any, action: str, obj: AuditEvent) -> bool:
        path = obj.organisation_path
        return bool(path) and any(path.startswith(scope) for scope in self.scope_paths(user, action))
