"""The oversight story of one agency, in time order: planned and unannounced inspections, their
findings and corrective actions, follow-up visits, evaluations, measures, suspensions and a
revocation. Pure Python on what :mod:`oversight` read back; rows are dicts ready for
``bulk.write_batches``. Calibration: ``data/calibration-oversight.json``."""

from __future__ import annotations

import bisect
import datetime
import heapq
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np

from phlov.migration.services.evaluation import weighted_total

DAY = datetime.timedelta(days=1)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def plus_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass
class World:
    """What every agency's story reads: the reference tables, the rounds, the figures."""

    figures: dict[str, Any]
    reference: datetime.date
    officer: int
    items: list[dict[str, Any]]  # active checklist items: id, code, site, text_en
    criteria: list[dict[str, Any]]  # active criteria: id, weight, max_score
    bands: list[tuple[Decimal, str]]  # (min_total, outcome), highest first
    rounds: list[dict[str, Any]]  # EvaluationRound rows
    mean_rate: dict[int, float]  # round id -> complaints per 1,000 workers sent, all agencies
    response_days: int
    stay_limit: int


@dataclass
class Agency:
    """One agency's inputs."""

    id: int
    issued: datetime.date
    conduct: float
    complaints: list[tuple[datetime.date, str, int]]  # (lodged, category, complaint id), by date
    sent_by_year: dict[int, int]
    order_windows: list[tuple[datetime.date, datetime.date]]  # (submitted, decided) of its job orders
    last_activity: datetime.date | None  # last job order decision or departure
    centres: list[dict[str, Any]]  # TrainingCentre rows
    branches: list[int]


@dataclass
class Rows:
    inspections: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    evaluations: list[dict[str, Any]] = field(default_factory=list)
    scores: list[dict[str, Any]] = field(default_factory=list)
    measures: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    agency: dict[int, dict[str, Any]] = field(default_factory=dict)  # agency id -> status fields


class Ids:
    def __init__(self, first: dict[str, int]) -> None:
        self.next = dict(first)

    def take(self, name: str) -> int:
        value = self.next[name]
        self.next[name] = value + 1
        return value


class Story:
    """Runs one agency's events (a heap of (day, order, kind, payload)) up to the reference date."""

    def __init__(self, world: World, agency: Agency, rng: np.random.Generator, ids: Ids, rows: Rows) -> None:
        self.w, self.a, self.rng, self.ids, self.rows = world, agency, rng, ids, rows
        self.f = world.figures
        self.heap: list[tuple[datetime.date, int, str, dict[str, Any]]] = []
        self.order = 0
        self.status = "active"
        self.suspended_until: datetime.date | None = None
        self.suspensions = 0
        self.suspension_end: datetime.date | None = None
        self.my_actions: list[dict[str, Any]] = []
        self.revoked_on: datetime.date | None = None
        self.last_change: datetime.datetime | None = None
        self.visits: list[tuple[datetime.date, int]] = []  # (visited, items not compliant)
        self.complaint_days = [c[0] for c in agency.complaints]
        self.item_by_code = {i["code"]: i for i in world.items}

    # -- scheduling ---------------------------------------------------------------------------

    def push(self, day: datetime.date, kind: str, payload: dict[str, Any]) -> None:
        self.order += 1
        heapq.heappush(self.heap, (day, self.order, kind, payload))

    def _days(self, bounds: list[int]) -> datetime.timedelta:
        return int(self.rng.integers(bounds[0], bounds[1] + 1)) * DAY

    def schedule(self, agency_years: float, trigger_chance: float) -> None:
        planned = self.f["oversight_planned_inspection_every_days"]
        shares = self.f["oversight_planned_site_shares"]["values"]
        horizon = self.w.reference + int(planned["value"]) * DAY // 4
        day = self.a.issued + int(planned["value"]) * DAY // 2
        while day <= horizon:
            jitter = int(self.rng.integers(-planned["jitter_days"], planned["jitter_days"] + 1)) * DAY
            site = str(
                self.rng.choice(list(shares), p=np.array(list(shares.values())) / sum(shares.values()))
            )
            self.push(max(day + jitter, self.a.issued + DAY), "inspect", {"kind": "planned", "site": site})
            day += int(planned["value"]) * DAY
        after = self.f["oversight_unannounced_per_agency_year"]["visit_after_complaint_days"]
        for lodged, category, _complaint in self.a.complaints:
            if lodged >= self.a.issued and self.rng.random() < trigger_chance:
                items = self.f["oversight_complaint_items"]["values"][category]
                site = "training_centre" if any(c.startswith("TC-") for c in items) else "office"
                self.push(lodged + self._days(after), "inspect",
                          {"kind": "unannounced", "site": site, "trigger": category})  # fmt: skip
        ev = self.f["oversight_evaluation"]
        for rnd in self.w.rounds:
            licensed = (rnd["period_end"] - self.a.issued).days >= int(ev["min_licensed_days"])
            day = rnd["period_end"] + self._days(ev["scoring_days"])
            if licensed and day <= self.w.reference and (rnd["closed"] is None or day < rnd["closed"]):
                self.push(day, "evaluate", {"round": rnd})

    def run(self) -> None:
        while self.heap:
            day, _order, kind, payload = heapq.heappop(self.heap)
            if self.revoked_on is not None and day >= self.revoked_on:
                break
            if kind == "inspect":
                self.inspect(day, payload)
            else:
                self.evaluate(day, payload["round"])
        self._settle_actions()

    # -- inspections --------------------------------------------------------------------------

    def _site(self, site: str) -> tuple[int | None, dict[str, Any] | None]:
        if site == "training_centre" and self.a.centres:
            return None, self.a.centres[int(self.rng.integers(len(self.a.centres)))]
        if site == "branch" and self.a.branches:
            return self.a.branches[int(self.rng.integers(len(self.a.branches)))], None
        return None, None

    def _linked(self, code: str, day: datetime.date) -> bool:
        lookback = int(self.f["oversight_non_compliance"]["complaint_lookback_days"])
        lo = bisect.bisect_left(self.complaint_days, day - lookback * DAY)
        hi = bisect.bisect_left(self.complaint_days, day)
        links = self.f["oversight_complaint_items"]["values"]
        return any(code in links[c[1]] for c in self.a.complaints[lo:hi])

    def _result(self, code: str, day: datetime.date, centre: dict[str, Any] | None, trigger: str) -> str:
        nc = self.f["oversight_non_compliance"]
        if centre is not None and code in ("TC-01", "TC-02"):
            # What the centre's record says (as of the reference date), found from the day it began.
            confines = centre["restricts_leaving"] or centre["restricts_phones"]
            bad = not centre["registered"] if code == "TC-01" else confines
            return "non_compliant" if bad and day >= centre["_since"] else "compliant"
        draw = self.rng.random()
        if draw < float(nc["not_checked"]):
            return "not_checked"
        p = float(nc["base"]) * float(np.exp(-float(nc["conduct_effect"]) * self.a.conduct))
        if self._linked(code, day):
            p = max(p, float(nc["after_complaint"]))
        if trigger and code in self.f["oversight_complaint_items"]["values"][trigger]:
            p = max(p, float(nc["trigger"]))
        return "non_compliant" if self.rng.random() < p else "compliant"

    def inspect(self, day: datetime.date, payload: dict[str, Any]) -> None:
        original: dict[str, Any] | None = payload.get("of")
        if original is not None:
            branch, centre = original["branch_id"], payload["centre"]
        else:
            branch, centre = self._site(payload["site"])
        kind = payload["kind"]
        visited = day + (self._days([0, 3]) if kind == "planned" else 0 * DAY)
        visited_on = visited if visited <= self.w.reference else None
        ahead = self.f["oversight_planned_inspection_every_days"]["planned_ahead_days"]
        planned_at = day - self._days(ahead) if kind == "planned" else day
        created = at(min(max(planned_at, self.a.issued), self.w.reference), 9)
        pk = self.ids.take("inspection")
        row = {
            "id": pk, "agency_id": self.a.id, "branch_id": branch, "training_centre_id": centre["id"] if centre else None,
            "kind": kind, "planned_for": day, "visited_on": visited_on, "inspector_id": self.w.officer,
            "team": self.f["oversight_evaluation_panel"]["values"]["government"],
            "summary": payload.get("why", ""), "follow_up_of_id": original["id"] if original else None,
            "created_at": created, "updated_at": at(visited_on, 17) if visited_on else created,
        }  # fmt: skip
        self.rows.inspections.append(row)
        if visited_on is None:
            return
        if original is not None:
            self._follow_up(row, original, centre, payload)
            return
        site_kind = "training_centre" if centre else "office"
        failed: list[dict[str, Any]] = []
        for item in self.w.items:
            if item["site"] not in ("any", site_kind):
                continue
            result = self._result(item["code"], visited_on, centre, payload.get("trigger", ""))
            finding = self._finding(pk, item, result)
            if result == "non_compliant":
                failed.append(self._action(row, finding, item))
        self.visits.append((visited_on, len(failed)))
        if failed:
            self._plan_follow_up(row, centre, failed, depth=1)

    def _finding(self, inspection: int, item: dict[str, Any], result: str) -> dict[str, Any]:
        notes = {
            "non_compliant": f"Not met: {item['text_en'].lower()}.",
            "not_checked": "Not checked at this visit.",
        }
        finding = {"id": self.ids.take("finding"), "inspection_id": inspection, "item_id": item["id"],
                   "result": result, "note": notes.get(result, "")}  # fmt: skip
        self.rows.findings.append(finding)
        return finding

    def _action(
        self, inspection: dict[str, Any], finding: dict[str, Any], item: dict[str, Any]
    ) -> dict[str, Any]:
        days = int(self.f["oversight_corrective_action_days"]["value"])
        created = at(inspection["visited_on"], 17)
        action = {
            "id": self.ids.take("action"), "inspection_id": inspection["id"], "finding_id": finding["id"],
            "description": f"Put right within {days} days: {item['text_en'].lower()}.",
            "due_on": inspection["visited_on"] + days * DAY, "status": "open", "done_on": None, "verified_in_id": None,
            "created_at": created, "updated_at": created, "_code": item["code"], "_checked": False,
        }  # fmt: skip
        self.rows.actions.append(action)
        self.my_actions.append(action)
        return action

    def _plan_follow_up(self, row: dict[str, Any], centre: dict[str, Any] | None, failed: list[dict[str, Any]],
                        depth: int) -> None:  # fmt: skip
        ca = self.f["oversight_corrective_action_days"]
        day = max(a["due_on"] for a in failed) + self._days(ca["follow_up_after_deadline_days"])
        self.push(day, "inspect", {"kind": "follow_up", "of": row, "centre": centre, "failed": failed,
                                   "depth": depth, "why": "Follow-up of the corrective actions."})  # fmt: skip

    def _follow_up(self, row: dict[str, Any], original: dict[str, Any], centre: dict[str, Any] | None,
                   payload: dict[str, Any]) -> None:  # fmt: skip
        ca = self.f["oversight_corrective_action_days"]
        visited: datetime.date = row["visited_on"]
        still: list[dict[str, Any]] = []
        for action in payload["failed"]:
            item = self.item_by_code[action["_code"]]
            fixed = self.rng.random() < float(ca["fixed_share"])
            if centre is not None and item["code"] in ("TC-01", "TC-02"):
                fixed = self._result(item["code"], visited, centre, "") == "compliant"
            finding = self._finding(row["id"], item, "compliant" if fixed else "non_compliant")
            action["_checked"] = True
            if fixed:
                action["status"], action["verified_in_id"] = "verified", row["id"]
                span = max((visited - original["visited_on"]).days, 1)
                action["done_on"] = original["visited_on"] + int(self.rng.integers(1, span + 1)) * DAY
                action["updated_at"] = at(visited, 17)
            else:
                still.append(self._action(row, finding, item))
        self.visits.append((visited, len(still)))
        if not still:
            return
        serious = set(self.f["oversight_serious_items"]["values"])
        decided = visited + self._days(self.f["oversight_measure_decided_days"]["values"])
        # The ladder: a warning first; a serious item still failing at the second follow-up, a suspension.
        if payload["depth"] > 1 and any(a["_code"] in serious for a in still):
            self.sanction(decided, row["id"], ", ".join(sorted({a["_code"] for a in still})))
        elif decided <= self.w.reference:
            self._measure("warning", decided, "Corrective actions not carried out by the follow-up visit.",
                          inspection=row["id"])  # fmt: skip
        if payload["depth"] < int(ca["max_follow_ups"]):
            self._plan_follow_up(row, centre, still, depth=payload["depth"] + 1)

    def _settle_actions(self) -> None:
        """Actions no follow-up has checked yet: reported done or still open on the reference date."""

        share = float(self.f["oversight_corrective_action_days"]["reported_done_share"])
        for action in self.my_actions:
            if action["_checked"] or action["status"] != "open":
                continue
            start = action["created_at"].date()
            end = min(action["due_on"], self.w.reference)
            if end > start and self.rng.random() < share:
                action["status"] = "done"
                action["done_on"] = start + int(self.rng.integers(1, (end - start).days + 1)) * DAY
                action["updated_at"] = at(action["done_on"], 15)

    # -- measures and licence ----------------------------------------------------------------

    def _measure(self, kind: str, day: datetime.date, reason: str, **source: Any) -> None:
        self.rows.measures.append({
            "id": self.ids.take("measure"), "agency_id": self.a.id, "kind": kind, "reason": reason,
            "amount": source.pop("amount", None), "decided_on": day, "decided_by_id": self.w.officer,
            "evaluation_id": source.get("evaluation"), "inspection_id": source.get("inspection"),
            "complaint_id": source.get("complaint"), "created_at": at(day, 15), "updated_at": at(day, 15),
        })  # fmt: skip

    def _change(self, day: datetime.date, new: str, reason: str, until: datetime.date | None = None) -> None:
        moment = at(day, 16)
        if self.last_change is not None and moment <= self.last_change:
            moment = self.last_change + datetime.timedelta(minutes=1)
        self.rows.changes.append({
            "id": self.ids.take("change"), "agency_id": self.a.id, "old_status": self.status, "new_status": new,
            "until": until, "reason": reason, "changed_by_id": self.w.officer, "changed_at": moment,
        })  # fmt: skip
        self.status, self.last_change = new, moment
        self.suspended_until = until if new == "suspended" else None

    def sanction(self, day: datetime.date, inspection: int, codes: str) -> None:
        """A serious item still failing: suspension (45 days), or revocation after an earlier one."""

        su = self.f["oversight_suspension_days"]
        if day > self.w.reference or self.status != "active":
            return
        if self.suspension_end is not None and day <= self.suspension_end:
            return
        if self.suspensions >= int(su["revoke_after_suspensions"]):
            last = self.a.last_activity or day
            revoke = max(day, last + DAY)
            if revoke <= self.w.reference:
                self._measure("revocation_proposed", day, f"Repeated violations after a suspension ({codes}).",
                              inspection=inspection)  # fmt: skip
                self._change(
                    revoke, "revoked", f"Licence withdrawn: violations again after a suspension ({codes})."
                )
                self.revoked_on = revoke
                return
        start = day
        length = int(su["value"]) * DAY
        moved = True
        while moved:
            moved = False
            for submitted, decided in self.a.order_windows:
                if start <= decided and submitted <= start + length:
                    start, moved = decided + DAY, True
        if start > self.w.reference:
            return
        self._measure("suspension_proposed", day, f"Serious items still not compliant at the follow-up ({codes}).",
                      inspection=inspection)  # fmt: skip
        until = start + length
        self._change(start, "suspended", f"No new recruitment for {su['value']} days ({codes}).", until)
        self.suspensions += 1
        self.suspension_end = until
        if until <= self.w.reference:
            self._change(until, "active", "Suspension ended; the agency may recruit again.")

    # -- evaluation ---------------------------------------------------------------------------

    def evaluate(self, day: datetime.date, rnd: dict[str, Any]) -> None:
        ev = self.f["oversight_evaluation"]
        start, end = rnd["period_start"], rnd["period_end"]
        sent = sum(n for year, n in self.a.sent_by_year.items() if start.year <= year <= end.year)
        complaints = sum(1 for c in self.a.complaints if start <= c[0] <= end)
        rate = 1000 * complaints / sent if sent else 0.0
        mean = self.w.mean_rate.get(rnd["id"]) or 0.0
        relative = min(rate / mean - 1, 3.0) if mean and sent else 0.0
        found = sum(n for d, n in self.visits if start <= d <= end)
        level = (
            float(ev["score_mean"]) + float(ev["conduct_sd"]) * self.a.conduct
            - float(ev["complaint_rate_weight"]) * relative
            - float(ev["finding_weight"]) * min(found, int(ev["findings_cap"]))
        )  # fmt: skip
        pk = self.ids.take("evaluation")
        triples = []
        for criterion in self.w.criteria:
            top = float(criterion["max_score"])
            raw = level / 10 * top + self.rng.normal(0, float(ev["item_sd"]))
            score = Decimal(str(min(max(round(raw * 2) / 2, 0.0), top))).quantize(Decimal("0.01"))
            triples.append((score, criterion["max_score"], criterion["weight"]))
            self.rows.scores.append({
                "id": self.ids.take("score"), "evaluation_id": pk, "criterion_id": criterion["id"], "score": score,
                "weight": criterion["weight"], "max_score": criterion["max_score"], "note": "",
            })  # fmt: skip
        total = weighted_total(triples)
        note = (f"{complaints} complaints for {sent} workers sent in the period"
                f"{f' ({rate:.1f} per 1,000)' if sent else ''}; {found} items not compliant at inspections.")  # fmt: skip
        self.rows.evaluations.append({
            "id": pk, "round_id": rnd["id"], "agency_id": self.a.id, "total": total, "note": note,
            "scored_by_id": self.w.officer, "created_at": at(day, 11), "updated_at": at(day, 11),
        })  # fmt: skip
        outcome = next((o for floor, o in self.w.bands if floor <= total), "none")
        decided = day + self._days(self.f["oversight_measure_decided_days"]["values"])
        if decided > self.w.reference or outcome == "none":
            return
        if outcome == "reward":
            self._measure(
                "reward", decided, f"{rnd['label']}: total {total}, public commendation.", evaluation=pk
            )
            return
        self._measure(
            "warning", decided, f"{rnd['label']}: total {total}, below the penalty band.", evaluation=pk
        )
        after = self.f["oversight_planned_inspection_every_days"]["planned_ahead_days"]
        self.push(decided + self._days(after), "inspect",
                  {"kind": "planned", "site": "office", "why": f"Follow-up inspection after {rnd['label']}."})  # fmt: skip

    def close(self) -> None:
        """The agency's own status fields: those of its last licence change."""

        self.rows.agency[self.a.id] = {
            "status": self.status, "suspended_until": self.suspended_until,
            "revoked_on": self.revoked_on, "updated_at": self.last_change,
        }  # fmt: skip
