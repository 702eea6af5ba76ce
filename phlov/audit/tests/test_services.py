"""record, record_change, snapshot and the request context."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import RequestFactory

from phlov.accounts.models import Organisation, User
from phlov.audit import models as audit_models
from phlov.audit.middleware import REQUEST_ID_HEADER, AuditContextMiddleware, current_context
from phlov.audit.models import AuditAction, AuditEvent, action_label, register_action
from phlov.audit.services import changes_between, record, record_change, search_detail, snapshot
from phlov.audit.tests.conftest import signed_in


@pytest.mark.django_db
def test_record_copies_who_and_where_and_names_the_object(make_user: Callable[..., User]) -> None:
    user = make_user("auditor", username="sokha")
    org = user.organisation
    assert org is not None
    event = record(actor=user, action=AuditAction.APPROVE, obj=org, reason="checked", detail={"step": 2})
    assert (event.actor_id, event.actor_pk, event.actor_username) == (user.pk, user.pk, "sokha")
    assert (event.organisation_id, event.organisation_path, event.organisation_name) == (
        org.pk,
        org.path,
        org.name_en,
    )
    assert (event.object_type, event.object_id) == ("accounts.organisation", str(org.pk))
    assert (event.action, event.reason, event.detail) == ("approve", "checked", {"step": 2})
    assert event.ip_address == "" and event.request_id == ""  # no request: the command line, a task


@pytest.mark.django_db
def test_record_refuses_unknown_actions_and_bulky_detail() -> None:
    with pytest.raises(ValueError, match="unknown audit action"):
        record(actor=None, action="teleport")
    with pytest.raises(ValueError, match="not for data"):
        record(actor=None, action="search", detail={"rows": ["x" * 100] * 100})


@pytest.mark.django_db
def test_apps_may_register_their_own_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit_models, "_EXTRA_ACTIONS", {})
    register_action("protection.close_case", "close case")
    event = record(actor=None, action="protection.close_case")
    assert event.action == "protection.close_case"
    assert action_label(event.action) == "close case"
    with pytest.raises(ValueError):
        register_action("close", "close")  # not namespaced
    with pytest.raises(ValueError):
        register_action("view", "view")


@pytest.mark.django_db
def test_record_joins_the_callers_transaction(organisation: Organisation) -> None:
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        record(actor=None, action="update", obj=organisation)
        raise RuntimeError("the service failed after auditing")
    assert not AuditEvent.objects.exists()
    assert record(actor=None, action="update").seq == 1  # the rolled back seq is reused: no gap


def test_changes_are_computed_and_sensitive_values_never_copied() -> None:
    before = {"name": "Dara", "hiv_status": "positive", "age": 17, "notes": None}
    after = {"name": "Dara", "hiv_status": "negative", "age": 18, "notes": "moved"}
    changes = changes_between(before, after, sensitive={"hiv_status"})
    assert changes == {
        "age": {"from": 17, "to": 18},
        "hiv_status": {"changed": True},
        "notes": {"from": None, "to": "moved"},
    }
    assert "positive" not in str(changes) and "negative" not in str(changes)


@pytest.mark.django_db
def test_record_change_records_the_difference_or_nothing(make_user: Callable[..., User]) -> None:
    user = make_user("auditor")
    org = user.organisation
    assert org is not None
    before = snapshot(org, ["name_en", "acronym", "parent", "is_active"])
    assert before == {"name_en": "Test NGO", "acronym": "", "parent": None, "is_active": True}
    assert record_change(actor=user, before=before, after=dict(before), obj=org, sensitive=set()) is None
    org.acronym = "TN"
    event = record_change(
        actor=user, before=before, after=snapshot(org, before), obj=org, sensitive={"name_en"}, reason="typo"
    )
    assert event is not None
    assert event.changes == {"acronym": {"from": "", "to": "TN"}}
    assert event.action == "update" and event.reason == "typo"


def test_search_detail_keeps_filter_names_and_counts_not_terms() -> None:
    detail = search_detail({"name": "Srey Mom", "province": 12, "empty": ""}, 3)
    assert detail == {"filters": ["name", "province"], "results": 3}
    assert "Srey" not in str(detail)


def test_the_middleware_gives_record_the_request_context(rf: RequestFactory) -> None:
    seen: list[Any] = []

    def view(request: Any) -> Any:
        from django.http import HttpResponse

        seen.append(current_context())
        return HttpResponse("ok")

    request = rf.get("/", REMOTE_ADDR="::ffff:203.0.113.9", HTTP_USER_AGENT="Mozilla/5.0 " + "x" * 500)
    response = AuditContextMiddleware(view)(request)
    context = seen[0]
    assert context.ip_address == "203.0.113.9"
    assert len(context.user_agent) == 300
    assert response[REQUEST_ID_HEADER] == context.request_id
    assert current_context() is None  # nothing leaks into the next request on this thread


@pytest.mark.django_db
def test_events_of_a_request_carry_its_address_browser_and_id(make_user: Callable[..., User]) -> None:
    client = signed_in(make_user("auditor"), REMOTE_ADDR="2001:db8::7", HTTP_USER_AGENT="Phlov test browser")
    response = client.get("/audit/")
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="view").latest("seq")
    assert (event.ip_address, event.user_agent) == ("2001:db8::7", "Phlov test browser")
    assert event.request_id == response[REQUEST_ID_HEADER]
