"""Disappearance notices, the contacts they go to, their notifications, and the search updates,
as ``phlov.migration.services.disappearance`` records them (see ``journey.py``).

``report_missing`` opens the case, moves the worker to "missing" on the day of the last contact,
and sends one notice per party at once, to the party's contacts (in the application to their
active users, by e-mail to their addresses); ``escalate_overdue`` sends again, with the
escalation contacts, what is not acknowledged within ``disappearance_escalate_hours``;
``add_search_update`` records the search, "found" bringing the worker back to "abroad". The
migration module writes the cases; their report time, status and finding date, and the status of
the workers not found, are set here as those services set them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from phlov.migration.checks.base import param
from phlov.migration.models import (
    Disappearance,
    DisappearanceContact,
    DisappearanceNotice,
    DisappearanceUpdate,
    SearchStatus,
    Worker,
    WorkerStatus,
)
from phlov.migration.services.disappearance import _message, users_of
from phlov.notifications.models import Notification
from phlov.synthetic import bulk
from phlov.synthetic.context import Context, ministry
from phlov.synthetic.journey_papers import NAT, Workers
from phlov.synthetic.migration import MigrationPlan

FOUND_TEXT = "Found by the agency's representative; back at work with the employer."
SEARCH_TEXTS = (
    "Employer and dormitory contacted; no trace of the worker.",
    "Embassy labour attache informed the local police; search continues.",
    "Family in Cambodia contacted; no news from the worker.",
)


@dataclass
class Case:
    id: int
    worker: int
    index: int  # position in Workers
    author: int
    reported: datetime.datetime
    found: datetime.datetime | None
    updates: list[tuple[datetime.datetime, str, str]] = field(default_factory=list)


@dataclass
class Outcome:
    missing_on: np.ndarray  # per worker: the day of the last contact (NaT if never missing)
    found_on: np.ndarray
    gone: np.ndarray  # per worker: still missing
    cases: list[Case]


def _draw(rng: np.random.Generator, bounds: list[int]) -> int:
    return int(rng.integers(bounds[0], bounds[1] + 1))


def plan(
    ctx: Context, rng: np.random.Generator, figures: dict[str, Any], w: Workers, agencies: list[int]
) -> Outcome:
    """When each disappearance was reported, and whether the worker was found: a worker whose
    record says they came home was found before the contract ended; the others still are missing."""

    spec = figures["journey_disappearance"]["values"]
    n = len(w.ids)
    outcome = Outcome(np.full(n, NAT), np.full(n, NAT), np.zeros(n, dtype=bool), [])
    rows = list(
        Disappearance.objects.filter(worker__job_order__agency_id__in=agencies, worker__historical_source="")
        .order_by("pk")
        .values_list("pk", "worker_id", "last_contact_at", "reported_by_id")
    )
    for pk, worker, last, author in rows:
        i = int(np.searchsorted(w.ids, worker))
        if i >= n or w.ids[i] != worker:
            continue  # not deployed: nothing was reported
        reported = last + datetime.timedelta(
            days=_draw(rng, spec["report_after_last_contact_days"]),
            minutes=int(rng.integers(0, 600)),
        )
        earliest = reported.date() + datetime.timedelta(days=spec["found_before_contract_end_days"][0])
        returned = w.returned[i]
        found: datetime.datetime | None = None
        if w.status[i] == WorkerStatus.RETURNED and not np.isnat(returned) and earliest < returned.item():
            span = (returned.item() - earliest).days
            found_day = earliest + datetime.timedelta(
                days=int(rng.integers(0, min(span, spec["found_before_contract_end_days"][1]) + 1))
            )
            found = datetime.datetime.combine(found_day, datetime.time(11), tzinfo=datetime.UTC)
        case = Case(pk, worker, i, author, reported, found)
        step = reported
        for k in range(int(rng.integers(spec["updates"][0], spec["updates"][1] + 1))):
            step = step + datetime.timedelta(days=_draw(rng, spec["update_every_days"]))
            if found is not None and step >= found:
                break
            case.updates.append((step, SEARCH_TEXTS[k % len(SEARCH_TEXTS)], ""))
        if found is not None:
            case.updates.append((found, FOUND_TEXT, SearchStatus.FOUND))
            outcome.found_on[i] = np.datetime64(found.date())
        else:
            outcome.gone[i] = True
        outcome.missing_on[i] = np.datetime64(last.date())
        outcome.cases.append(case)
    return outcome


def _contacts(ctx: Context, figures: dict[str, Any], mig: MigrationPlan) -> None:
    """Each party's desk, unless an active contact of that party (and destination) exists."""

    labour = ministry("molvt")
    codes = sorted({c for a in mig.agencies for c in a.destinations.values_list("code", flat=True)})
    wanted: list[dict[str, Any]] = []
    for spec in figures["journey_disappearance_contacts"]["values"]:
        for code in codes if spec.get("per_destination") else [None]:
            destination = ctx.countries[code].pk if code else None
            exists = DisappearanceContact.objects.filter(
                party=spec["party"], escalation=spec["escalation"], active=True, destination_id=destination
            ).exists()
            if not exists:
                wanted.append({
                    "party": spec["party"], "escalation": spec["escalation"], "destination_id": destination,
                    "email": spec["email"].format(code=(code or "").lower()),
                    "organisation_id": labour.pk if spec["party"] == "labour" else None,
                })  # fmt: skip
    first = bulk.next_id(DisappearanceContact)
    for k, row in enumerate(wanted):
        row["id"] = first + k
    for _size in bulk.write_batches(DisappearanceContact, wanted, batch=ctx.batch, detail=ctx.detail()):
        pass
    ctx.written.append(DisappearanceContact)


def _contacts_for(destination: int, party: str, escalation: bool) -> list[DisappearanceContact]:
    return list(
        DisappearanceContact.objects.filter(party=party, active=True, escalation=escalation)
        .filter(Q(destination__isnull=True) | Q(destination=destination))
        .order_by("pk")
    )


def write(
    ctx: Context, rng: np.random.Generator, figures: dict[str, Any], outcome: Outcome, mig: MigrationPlan
) -> None:
    spec = figures["journey_disappearance"]["values"]
    _contacts(ctx, figures, mig)
    escalate_after = datetime.timedelta(hours=float(param("disappearance_escalate_hours")))
    cases = {c.id: c for c in outcome.cases}
    loaded = Disappearance.objects.filter(pk__in=list(cases)).select_related(
        "worker__person", "worker__job_order__destination", "worker__job_order__agency"
    )
    notice_id, note_id, update_id = (
        bulk.next_id(m) for m in (DisappearanceNotice, Notification, DisappearanceUpdate)
    )
    notices: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    through = DisappearanceNotice.notifications.through
    link_id = bulk.next_id(through)

    def send(
        notice: int, contacts: list[DisappearanceContact], subject: str, body: str, at: datetime.datetime
    ) -> int:
        """As ``notify``: the contacts' active users in the application, their addresses by e-mail."""

        link = reverse("migration:disappearance_notice", args=[notice])
        made: list[tuple[int | None, str]] = [
            (u.pk, u.email or "") for u in users_of(contacts) if u.is_active
        ]
        made += [(None, c.email) for c in contacts if c.email]
        for recipient, email in made:
            notes.append({"id": note_id + len(notes), "recipient_id": recipient, "email": email,
                          "kind": Notification.Kind.ALERT, "subject": subject[:200], "body": body, "link": link,
                          "created_at": at, "emailed_at": at if email else None})  # fmt: skip
            links.append({"id": link_id + len(links), "disappearancenotice_id": notice,
                          "notification_id": notes[-1]["id"]})  # fmt: skip
        return len(made)

    for disappearance in loaded.order_by("pk"):
        case = cases[disappearance.pk]
        disappearance.created_at = case.reported
        subject, body = _message(disappearance)
        destination = disappearance.worker.job_order.destination_id
        for party in DisappearanceNotice.Party.values:
            pk = notice_id + len(notices)
            contacts = _contacts_for(destination, party, False)
            sent = case.reported if contacts and send(pk, contacts, subject, body, case.reported) else None
            escalated = None
            if sent is not None:
                due = (
                    sent
                    + escalate_after
                    + datetime.timedelta(minutes=int(rng.integers(*spec["escalation_run_minutes"])))
                )
                if case.found is None or due < case.found:
                    escalated = due
                    more = contacts + _contacts_for(destination, party, True)
                    send(pk, more, _("NOT ACKNOWLEDGED: ") + subject, body, due)
            notices.append({"id": pk, "disappearance_id": case.id, "party": party,
                            "email": next((c.email for c in contacts if c.email), ""), "sent_at": sent,
                            "escalated_at": escalated})  # fmt: skip
        for at, text, status in case.updates:
            updates.append({"id": update_id + len(updates), "disappearance_id": case.id, "text": text,
                            "status": status, "author_id": case.author, "created_at": at})  # fmt: skip
    for model, rows in ((DisappearanceNotice, notices), (Notification, notes), (through, links),
                        (DisappearanceUpdate, updates)):  # fmt: skip
        for _size in bulk.write_batches(model, rows, batch=ctx.batch, detail=ctx.detail()):
            pass
        ctx.written.append(model)
    _apply_to_cases(outcome)


def _apply_to_cases(outcome: Outcome) -> None:
    """What the services change on the case and the worker: the report's time, the finding, and
    the worker still missing (``move(action="missing")``, never moved back)."""

    changed = []
    for case in outcome.cases:
        last = case.updates[-1][0] if case.updates else case.reported
        changed.append(Disappearance(
            pk=case.id, created_at=case.reported, updated_at=last, found_at=case.found,
            status=SearchStatus.FOUND if case.found else SearchStatus.SEARCHING,
        ))  # fmt: skip
    Disappearance.objects.bulk_update(
        changed, ["created_at", "updated_at", "found_at", "status"], batch_size=1000
    )
    gone = [c.worker for c in outcome.cases if c.found is None]
    for start in range(0, len(gone), 5000):
        Worker.objects.filter(pk__in=gone[start : start + 5000]).update(
            status=WorkerStatus.MISSING, returned_at=None, early_return=False
        )
