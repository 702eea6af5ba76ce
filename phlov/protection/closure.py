"""Closure rules. A case closes only with a controlled reason (``closure_reasons`` in
``data/vocabularies.json``: the ministry's four conditions and the wider list).

"Successfully reintegrated" needs at least ``success_follow_up_months`` of follow-up (from the
first completed visit to the last) and a sufficient income at the last income check, unless a
supervisor overrides with a reason: seed 001 argues closure should depend on sustained income,
not on the calendar. The ministry's first condition ("stayed in the reintegration place beyond one
year") needs the same span of visits as its evidence (a reason marked ``needs_follow_up``). Lost
contact is never counted as success, and an override never turns it into one: only the evidence
rules of a valid reason can be overridden.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from phlov.protection import vocab
from phlov.protection.income import last_check


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def _term(reason: str) -> vocab.Term | None:
    return next((t for t in vocab.terms("closure_reasons") if t.code == reason), None)


def is_success(reason: str) -> bool:
    term = _term(reason)
    return bool(term and term.extra.get("success"))


def needs_follow_up(reason: str) -> bool:
    term = _term(reason)
    return bool(term and (term.extra.get("success") or term.extra.get("needs_follow_up")))


def may_override(reason: str) -> bool:
    """Whether a supervisor's reasoned override can close with ``reason`` despite the evidence rules."""

    return needs_follow_up(reason)


def follow_up_span_months(visits: list[Any]) -> int:
    done = sorted(v.visited_on for v in visits if v.visited_on is not None)
    if not done:
        return 0
    first, last = done[0], done[-1]
    months = (last.year - first.year) * 12 + last.month - first.month
    return months if last.day >= first.day else months - 1


def closure_problems(case: Any, reason: str) -> list[str]:
    """What stands in the way of closing ``case`` with ``reason`` (empty: nothing)."""

    if not reason:
        return [_("Choose a closure reason.")]
    if _term(reason) is None:
        return [_("This closure reason is not in the list.")]
    if not needs_follow_up(reason):
        return []
    problems = []
    visits = list(case.visits.all())
    wanted = int(vocab.setting("success_follow_up_months"))
    span = follow_up_span_months(visits)
    if span < wanted:
        problems.append(
            _("This closure needs at least %(months)d months of follow-up visits (there are %(span)d).")
            % {"months": wanted, "span": span}
        )
    if not is_success(reason):
        return problems
    result = last_check(visits)
    if result is None:
        problems.append(_("Successful reintegration needs an income check at a follow-up visit."))
    elif not result.sufficient:
        problems.append(
            _("At the last income check the income (US$%(income)s) did not cover the person's living costs "
              "(US$%(costs)s).") % {"income": result.income, "costs": result.living_costs}
        )  # fmt: skip
    return problems
