from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from phlov.audit.services import register_action
from phlov.core.policies import policy_for
from phlov.migration.checks import Finding

register_action("migration.licence_status", _("change a licence's status"))
register_action("migration.submit", _("submit a job order"))
register_action("migration.return", _("return a job order"))
register_action("migration.complaint_step", _("record a complaint step"))
register_action("migration.trafficking_flag", _("refer to trafficking screening"))


class Blocked(Exception):
    """Refused because of blocking fair-recruitment findings."""

    def __init__(self, findings: list[Finding]):
        super().__init__(", ".join(f.rule for f in findings))
        self.findings = findings


def require(actor: Any, action: str, obj: Any) -> None:
    if not policy_for(obj).can(actor, action, obj):
        raise PermissionDenied
