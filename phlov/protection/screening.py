"""The screening proposal: Palermo act, means and purpose, and the ILO indicators of forced
labour, give a proposed outcome with its reasons. The worker decides; the proposal is advice.

Rule (Palermo Protocol Art. 3, data-standards §3.1): an adult is a presumed victim when an
act, a means and a purpose are all present; for a child (under 18) act and purpose suffice,
the means are irrelevant. Anything short of that with some element or indicator present is
undetermined (HTCDS "possible victim": look further); nothing at all proposes "not a victim".
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from phlov.protection.vocab import setting


class Outcome(models.TextChoices):
    PRESUMED_VICTIM = "presumed_victim", _("presumed victim")
    NOT_A_VICTIM = "not_a_victim", _("not a victim")
    UNDETERMINED = "undetermined", _("undetermined")


# HTCDS 2.0 vic_TraffickingStatus for each outcome (the decision is not a court's finding).
HTCDS_STATUS = {
    Outcome.PRESUMED_VICTIM: "PossibleVictimOfTrafficking",
    Outcome.UNDETERMINED: "PossibleVictimOfTrafficking",
    Outcome.NOT_A_VICTIM: "NotAVictimOfTrafficking",
}

# Reason codes, stored with the screening and put in words in the reader's language.
REASONS: dict[str, object] = {
    "child": _("The person is a child (under 18): the means are irrelevant, act and purpose suffice."),
    "adult": _("The person is an adult: act, means and purpose must all be present."),
    "age_unknown": _(
        "The age is unknown: treated as an adult; establish the age, for a child the means are irrelevant."
    ),
    "act": _("An act is present (recruitment, transport, transfer, harbouring or receipt)."),
    "no_act": _("No act is recorded."),
    "means": _("A means is present (force, coercion, deception, abuse of vulnerability or others)."),
    "no_means": _("No means is recorded."),
    "purpose": _("A purpose of exploitation is present."),
    "no_purpose": _("No purpose of exploitation is recorded."),
    "ilo_suggests_means": _(
        "ILO indicators of forced labour suggest coercion: check whether a means was used."
    ),
    "ilo_suggests_purpose": _("ILO indicators of forced labour suggest forced labour: check the purpose."),
    "all_elements": _("All the elements required are present."),
    "some_elements": _("Some elements or indicators are present but not all: look further."),
    "nothing": _("No element of trafficking and no indicator of forced labour is recorded."),
}


@dataclass
class Proposal:
    outcome: str
    reasons: list[str] = field(default_factory=list)
    ilo_count: int = 0

    def in_words(self) -> list[str]:
        return explain(self.reasons, self.ilo_count)


def explain(reasons: Collection[str], ilo_count: int = 0) -> list[str]:
    words = [str(REASONS.get(code, code)) for code in reasons]
    if ilo_count:
        words.append(
            ngettext(
                "%(count)d ILO indicator of forced labour is present.",
                "%(count)d ILO indicators of forced labour are present.",
                ilo_count,
            )
            % {"count": ilo_count}
        )
    return words


def propose(
    *,
    age: int | None,
    acts: Collection[str],
    means: Collection[str],
    purposes: Collection[str],
    ilo_indicators: Collection[str] = (),
) -> Proposal:
    child_under = int(setting("child_under"))
    reasons: list[str] = []
    is_child = age is not None and age < child_under
    reasons.append("child" if is_child else ("age_unknown" if age is None else "adult"))
    has_act, has_means, has_purpose = bool(acts), bool(means), bool(purposes)
    ilo = len(set(ilo_indicators))
    reasons.append("act" if has_act else "no_act")
    if not is_child:
        reasons.append("means" if has_means else "no_means")
    reasons.append("purpose" if has_purpose else "no_purpose")
    if ilo and not has_means and not is_child:
        reasons.append("ilo_suggests_means")
    if ilo and not has_purpose:
        reasons.append("ilo_suggests_purpose")

    if has_act and has_purpose and (is_child or has_means):
        reasons.append("all_elements")
        return Proposal(Outcome.PRESUMED_VICTIM, reasons, ilo)
    if has_act or has_means or has_purpose or ilo:
        reasons.append("some_elements")
        return Proposal(Outcome.UNDETERMINED, reasons, ilo)
    reasons.append("nothing")
    return Proposal(Outcome.NOT_A_VICTIM, reasons, ilo)
