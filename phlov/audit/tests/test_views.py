"""The audit screen and its export: 404 without the permission, a subtree's events with it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from phlov.accounts.models import User
from phlov.audit.models import AuditEvent
from phlov.audit.services import record
from phlov.audit.tests.conftest import Tree, signed_in

INDEX = reverse("audit:index")
EXPORT = reverse("audit:export")


def _client(user: User) -> Client:
    return signed_in(user)


def _events_by_org(tree: Tree, make_user: Callable[..., User]) -> dict[str, AuditEvent]:
    """One event by a caseworker in each organisation of the tree."""

    return {
        name: record(
            actor=make_user("caseworker", org=org),
            action="update",
            object_type="people.person",
            object_id=name,
        )
        for name, org in (
            ("root", tree.root),
            ("a", tree.a),
            ("a1", tree.a1),
            ("b", tree.b),
            ("other", tree.other),
        )
    }


@pytest.mark.django_db
@pytest.mark.parametrize("url", [INDEX, EXPORT])
def test_users_without_the_permission_get_404(url: str, make_user: Callable[..., User]) -> None:
    for role in ("caseworker", "analyst", "labour_officer"):
        assert _client(make_user(role)).get(url).status_code == 404


@pytest.mark.django_db
def test_an_organisation_administrator_may_view_but_not_export(make_user: Callable[..., User]) -> None:
    client = _client(make_user("org_admin"))
    assert client.get(INDEX).status_code == 200
    assert client.get(EXPORT).status_code == 404


@pytest.mark.django_db
def test_a_supervisor_sees_their_subtree_only_and_the_viewing_is_audited(
    tree: Tree, make_user: Callable[..., User]
) -> None:
    events = _events_by_org(tree, make_user)
    supervisor = make_user("supervisor", org=tree.a)
    response = _client(supervisor).get(INDEX, {"object_type": "people.person"})
    assert response.status_code == 200
    shown = {e.object_id for e in response.context["events"]}
    assert shown == {"a", "a1"}
    body = response.content.decode()
    assert str(events["a1"].seq) in body and "people.person" in body

    viewed = AuditEvent.objects.filter(actor=supervisor, action="view").get()
    assert viewed.object_type == "audit.auditevent"
    assert viewed.detail == {"filters": ["object_type"], "results": 2, "page": 1}


@pytest.mark.django_db
def test_the_list_is_newest_first_fifty_a_page(make_user: Callable[..., User]) -> None:
    auditor = make_user("auditor")
    for i in range(60):
        record(actor=auditor, action="search", object_type="people.person", object_id=i)
    client = _client(auditor)
    first = client.get(INDEX, {"action": "search"})
    seqs = [e.seq for e in first.context["events"]]
    assert len(seqs) == 50 and seqs == sorted(seqs, reverse=True)
    second = client.get(INDEX, {"action": "search", "page": "2"})
    assert len(second.context["events"]) == 10
    assert max(e.seq for e in second.context["events"]) < min(seqs)


@pytest.mark.django_db
def test_filters(tree: Tree, make_user: Callable[..., User]) -> None:
    auditor = make_user("auditor", org=tree.root, username="auditor.root")
    _events_by_org(tree, make_user)
    record(actor=auditor, action="approve", object_type="protection.case", object_id="42")
    client = _client(auditor)

    def shown(**filters: str) -> set[str]:
        response = client.get(INDEX, filters)
        assert response.status_code == 200
        return {f"{e.action}:{e.object_id}" for e in response.context["events"]}

    assert shown(action="approve") == {"approve:42"}
    assert shown(object_type="protection.case", object_id="42") == {"approve:42"}
    assert shown(actor="AUDITOR.ro", action="approve") == {"approve:42"}  # part of the name, any case
    today = timezone.localdate()
    assert "approve:42" in shown(date_from=today.isoformat(), date_to=today.isoformat())
    assert shown(date_from=(today + dt.timedelta(days=1)).isoformat()) == set()
    assert shown(date_to=(today - dt.timedelta(days=1)).isoformat()) == set()
    # A wrong date is reported and the other filters still apply.
    response = client.get(INDEX, {"date_from": "not a date", "action": "approve"})
    assert response.status_code == 200 and response.context["form"].errors
    assert {e.object_id for e in response.context["events"]} == {"42"}


@pytest.mark.django_db
def test_htmx_gets_the_results_only_and_the_page_has_no_inline_code(make_user: Callable[..., User]) -> None:
    client = _client(make_user("auditor"))
    full = client.get(INDEX).content.decode()
    assert "<html" in full and 'id="audit-results"' in full and 'hx-get="/audit/"' in full
    assert "style=" not in full and "<style" not in full
    assert "<script>" not in full and "<script " not in full.replace('<script src="', "")
    fragment = client.get(INDEX, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    text = fragment.content.decode()
    assert "<html" not in text and text.lstrip().startswith('<section id="audit-results"')
    assert "HX-Request" in fragment["Vary"]


@pytest.mark.django_db
def test_the_export_holds_the_subtree_names_the_exporter_and_is_audited(
    tree: Tree, make_user: Callable[..., User]
) -> None:
    _events_by_org(tree, make_user)
    supervisor = make_user("supervisor", org=tree.a, username="supervisor.a")
    response = _client(supervisor).get(EXPORT, {"object_type": "people.person"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))  # type: ignore[attr-defined]

    exported = AuditEvent.objects.get(actor=supervisor, action="export")
    assert exported.object_type == "audit.auditevent"
    assert exported.detail == {"filters": ["object_type"], "results": 2, "format": "csv"}
    assert "supervisor.a" in rows[0][0] and f" {exported.seq})" in rows[0][0]  # in the reader's language
    assert exported.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S") in rows[0][0]
    assert rows[1][:2] == ["seq", "at"] and rows[1][-1] == "hash"
    assert sorted(row[rows[1].index("object_id")] for row in rows[2:]) == ["a", "a1"]


@pytest.mark.django_db
def test_export_cells_cannot_become_spreadsheet_formulas(make_user: Callable[..., User]) -> None:
    auditor = make_user("auditor")
    record(actor=auditor, action="other", object_type="x.y", object_id="=HYPERLINK(1)", reason="+1")
    rows = list(
        csv.reader(io.StringIO(b"".join(_client(auditor).get(EXPORT).streaming_content).decode()))  # type: ignore[attr-defined]
    )
    header = rows[1]
    row = next(r for r in rows[2:] if r[header.index("action")] == "other")
    assert row[header.index("object_id")] == "'=HYPERLINK(1)"
    assert row[header.index("reason")] == "'+1"


@pytest.mark.django_db
def test_the_command_line_export_writes_the_trail_and_is_audited(tmp_path: object) -> None:
    from pathlib import Path

    from django.core.management import call_command

    record(actor=None, action="other", object_id="first")
    out = Path(str(tmp_path)) / "trail.csv"
    call_command("audit", "export", "--out", str(out))
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert "(command line)" in rows[0][0]
    assert [r[rows[1].index("object_id")] for r in rows[2:]] == ["first"]
    assert AuditEvent.objects.filter(action="export", detail__channel="command line").exists()
