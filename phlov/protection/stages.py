"""The stages of a case as an explicit state machine: every allowed move is in ``TRANSITIONS``
and nowhere else. Stages follow the Cambodian process (MoSVY 2009 Minimum Standards: recovery,
reintegration, follow-up; the 26 Dec 2022 circular's pre-integration, integration,
monitoring, closure) with identification, repatriation and reception before them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    IDENTIFICATION = "identification", _("identification")
    REPATRIATION = "repatriation", _("repatriation")
    RECEPTION = "reception", _("reception and transit")
    RECOVERY = "recovery", _("recovery in a shelter")
    PRE_INTEGRATION = "pre_integration", _("pre-integration")
    INTEGRATION = "integration", _("integration")
    FOLLOW_UP = "follow_up", _("follow-up")
    CLOSED = "closed", _("closed")


@dataclass(frozen=True)
class Rule:
    needs_approval: bool = False  # a supervisor (protection.case:approve) must approve
    needs_abroad: bool = False  # only for a person identified abroad
    needs_closure_reason: bool = False


S = Stage
OPEN = Rule()
CLOSE = Rule(needs_approval=True, needs_closure_reason=True)
REOPEN = Rule(needs_approval=True)

# from -> {to: rule}. Going back one step is allowed (a placement that fails sends the person
# back to the shelter); closing from any open stage needs approval; so does reopening.
TRANSITIONS: dict[str, dict[str, Rule]] = {
    S.IDENTIFICATION: {
        S.REPATRIATION: Rule(needs_abroad=True),
        S.RECEPTION: OPEN,
        S.RECOVERY: OPEN,
        S.PRE_INTEGRATION: OPEN,
        S.CLOSED: CLOSE,
    },
    S.REPATRIATION: {S.RECEPTION: OPEN, S.CLOSED: CLOSE},
    S.RECEPTION: {S.RECOVERY: OPEN, S.PRE_INTEGRATION: OPEN, S.CLOSED: CLOSE},
    S.RECOVERY: {S.PRE_INTEGRATION: OPEN, S.CLOSED: CLOSE},
    S.PRE_INTEGRATION: {S.INTEGRATION: OPEN, S.RECOVERY: OPEN, S.CLOSED: CLOSE},
    S.INTEGRATION: {S.FOLLOW_UP: OPEN, S.RECOVERY: OPEN, S.CLOSED: CLOSE},
    S.FOLLOW_UP: {S.INTEGRATION: OPEN, S.RECOVERY: OPEN, S.CLOSED: CLOSE},
    S.CLOSED: {S.IDENTIFICATION: REOPEN, S.RECOVERY: REOPEN, S.FOLLOW_UP: REOPEN},
}


def rule(from_stage: str, to_stage: str) -> Rule | None:
    return TRANSITIONS.get(from_stage, {}).get(to_stage)


def allowed_targets(from_stage: str) -> list[str]:
    return list(TRANSITIONS.get(from_stage, {}))
