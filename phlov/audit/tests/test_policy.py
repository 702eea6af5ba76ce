"""AuditEventPolicy: ``can`` and ``visible`` agree, scoped to a grant's organisation subtree."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

import pytest
from django.utils import timezone

from phlov.accounts.models import Role, RoleAssignment, User
from phlov.audit.models import AuditEvent
from phlov.audit.policies import AuditEventPolicy
from phlov.audit.services import record
from phlov.audit.tests.conftest import Tree
from phlov.core.policies import Action, forget_grants, policy_for

ROLES = ("supervisor", "auditor", "org_admin", "system_admin", "caseworker", "analyst")


@pytest.mark.django_db
def test_the_policy_is_registered_for_audit_events() -> None:
    assert isinstance(policy_for(AuditEvent), AuditEventPolicy)


@pytest.mark.django_db
def test_can_and_visible_agree_for_every_user_event_and_action(
    tree: Tree, make_user: Callable[..., User]
) -> None:
    # Users: every role in every organisation, one holding two grants, one whose grant expired,
    # a superuser without a role, and an inactive supervisor.
    users = [make_user(role, org=org) for role, org in itertools.product(ROLES, tree.all())]
    double = make_user("caseworker", org=tree.a1)
    RoleAssignment.objects.create(user=double, role=Role.objects.get(code="auditor"), organisation=tree.b)
    expired = make_user("supervisor", org=tree.root)
    expired.assignments.update(expires_at=timezone.now() - dt.timedelta(days=1))
    superuser = User.objects.create_superuser("root", password="x" * 20, organisation=tree.root)
    inactive = make_user("supervisor", org=tree.root)
    inactive.is_active = False
    inactive.save()
    users += [double, expired, superuser, inactive]

    # Events by actors in each organisation, plus some that belong to no organisation.
    for i, user in enumerate(users):
        record(actor=user, action="view", object_type="people.person", object_id=i)
    record(actor=None, action="login_failed", detail={"username": "ghost"})

    policy = policy_for(AuditEvent)
    events = list(AuditEvent.objects.all())
    for user, action in itertools.product(users, (Action.VIEW, Action.EXPORT)):
        forget_grants(user)
        visible = set(policy.restrict(user, action=action).values_list("seq", flat=True))
        allowed = {e.seq for e in events if policy.can(user, action, e)}
        assert visible == allowed, (user.username, action)

    def seen(user: User, action: str = Action.VIEW) -> set[str]:
        return set(policy.restrict(user, action=action).values_list("organisation_path", flat=True))

    a_supervisor = users[ROLES.index("supervisor") * len(tree.all()) + 1]
    assert a_supervisor.organisation == tree.a
    assert seen(a_supervisor) == {tree.a.path, tree.a1.path}  # a and below; not its parent or sibling
    assert seen(double) == {tree.b.path}  # the auditor grant in b; the caseworker grant shows nothing
    for nobody in (expired, superuser, inactive):
        assert seen(nobody) == set()
    root_org_admin = users[ROLES.index("org_admin") * len(tree.all())]
    assert seen(root_org_admin) == {tree.root.path, tree.a.path, tree.a1.path, tree.b.path}
    assert seen(root_org_admin, Action.EXPORT) == set()  # org_admin may view, not export
    caseworker = users[ROLES.index("caseworker") * len(tree.all())]
    assert seen(caseworker) == set()
