"""The people registry's models: a person, their names, documents, phones and household."""

from phlov.people.models.documents import DocumentKind, IdentityDocument, PhoneNumber
from phlov.people.models.household import Household, HouseholdMember, Relationship
from phlov.people.models.imports import ImportJob, ImportStage, ImportState
from phlov.people.models.person import (
    BirthDatePrecision,
    Ethnicity,
    NameKind,
    Person,
    PersonName,
    Script,
    Sex,
    age_on,
)
from phlov.people.models.search import PersonSearchKey, SearchKeyKind

__all__ = [
    "BirthDatePrecision",
    "DocumentKind",
    "Ethnicity",
    "Household",
    "HouseholdMember",
    "IdentityDocument",
    "ImportJob",
    "ImportStage",
    "ImportState",
    "NameKind",
    "Person",
    "PersonName",
    "PersonSearchKey",
    "PhoneNumber",
    "Relationship",
    "Script",
    "SearchKeyKind",
    "Sex",
    "age_on",
]
