"""Out-of-scope objects for the id walk (tests/security/test_id_walk.py): households and import
jobs of another organisation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from phlov.accounts.models import Organisation, User


def factories(stranger: Organisation, stranger_user: User) -> dict[str, Callable[[], dict[str, Any]]]:
    from phlov.people.models import Household, HouseholdMember, ImportJob, Person

    def person() -> Person:
        return Person.objects.create(organisation=stranger, family_name_latin="Chan", given_name_latin="Dara")

    def household() -> Household:
        head = person()
        made = Household.objects.create(organisation=stranger, head=head)
        HouseholdMember.objects.create(household=made, person=head, relationship="head")
        return made

    def member() -> dict[str, Any]:
        made = household()
        child = person()
        added = HouseholdMember.objects.create(household=made, person=child, relationship="child")
        return {"pk": made.pk, "member_pk": added.pk}

    def job() -> dict[str, Any]:
        made = ImportJob.objects.create(
            organisation=stranger,
            started_by=stranger_user,
            file_name="people.csv",
            path="/nonexistent/people.csv",
            state="done",
        )
        return {"pk": made.pk}

    return {
        "people:household-create": lambda: {"pk": person().pk},
        "people:household": lambda: {"pk": household().pk},
        "people:household-add-member": lambda: {"pk": household().pk},
        "people:household-remove-member": member,
        "people:household-head": member,
        "people:household-relationship": member,
        "people:import-job": job,
        "people:import-register": job,
    }
