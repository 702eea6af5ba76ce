"""The small demo dataset: real Cambodian organisations and one demo user per role.

Everything here is invented except the names of public institutions. Later modules add their
own demo records through ``phlov demo --scale``.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction

from phlov.accounts.models import Organisation, OrganisationKind, Role, RoleAssignment
from phlov.places.models import Place, PlaceKind

K = OrganisationKind

# (key, kind, English, Khmer, acronym, parent key, province code)
ORGANISATIONS: tuple[tuple[str, str, str, str, str, str | None, str | None], ...] = (
    ("mol", K.MINISTRY, "Ministry of Interior", "ក្រសួងមហាផ្ទៃ", "MoI", None, None),
    (
        "ncct",
        K.NATIONAL_COMMITTEE,
        "National Committee for Counter Trafficking",
        "គណៈកម្មាធិការជាតិប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស",
        "NCCT",
        "mol",
        None,
    ),
    (
        "ahtjp",
        K.POLICE,
        "Anti-Human Trafficking and Juvenile Protection Department",
        "នាយកដ្ឋានប្រឆាំងការជួញដូរមនុស្ស និងការពារអនីតិជន",
        "AHTJP",
        "mol",
        None,
    ),
    (
        "mosvy",
        K.MINISTRY,
        "Ministry of Social Affairs, Veterans and Youth Rehabilitation",
        "ក្រសួងសង្គមកិច្ច អតីតយុទ្ធជន និងយុវនីតិសម្បទា",
        "MoSVY",
        None,
        None,
    ),
    (
        "dosvy_bmc",
        K.PROVINCIAL_DEPARTMENT,
        "Banteay Meanchey Department of Social Affairs",
        "មន្ទីរសង្គមកិច្ចខេត្តបន្ទាយមានជ័យ",
        "DoSVY-BMC",
        "mosvy",
        "01",
    ),
    (
        "dosvy_pvg",
        K.PROVINCIAL_DEPARTMENT,
        "Prey Veng Department of Social Affairs",
        "មន្ទីរសង្គមកិច្ចខេត្តព្រៃវែង",
        "DoSVY-PVG",
        "mosvy",
        "14",
    ),
    (
        "molvt",
        K.MINISTRY,
        "Ministry of Labour and Vocational Training",
        "ក្រសួងការងារ និងបណ្តុះបណ្តាលវិជ្ជាជីវៈ",
        "MoLVT",
        None,
        None,
    ),
    (
        "pdolvt_pvg",
        K.PROVINCIAL_DEPARTMENT,
        "Prey Veng Department of Labour and Vocational Training",
        "មន្ទីរការងារ និងបណ្តុះបណ្តាលវិជ្ជាជីវៈខេត្តព្រៃវែង",
        "PDoLVT-PVG",
        "molvt",
        "14",
    ),
    ("mowa", K.MINISTRY, "Ministry of Women's Affairs", "ក្រសួងកិច្ចការនារី", "MoWA", None, None),
    ("cwcc", K.NGO, "Cambodian Women's Crisis Center", "មជ្ឈមណ្ឌលវិបត្តិស្ត្រីកម្ពុជា", "CWCC", None, "01"),
    ("damnok_toek", K.NGO, "Damnok Toek", "ដំណក់ទឹក", "DT", None, "01"),
    (
        "iom",
        K.IGO,
        "International Organization for Migration, Cambodia",
        "អង្គការអន្តរជាតិទទួលបន្ទុកចំណាកស្រុក",
        "IOM",
        None,
        None,
    ),
    (
        "agency",
        K.RECRUITMENT_AGENCY,
        "Demo Manpower Co., Ltd. (invented)",
        "ក្រុមហ៊ុនជ្រើសរើសពលករសាកល្បង",
        "DEMO-RA",
        None,
        None,
    ),
)

# role code -> organisation key
DEMO_USERS: tuple[tuple[str, str], ...] = (
    ("caseworker", "cwcc"),
    ("supervisor", "cwcc"),
    ("shelter_staff", "cwcc"),
    ("labour_officer", "molvt"),
    ("agency_inspector", "molvt"),
    ("complaints_officer", "pdolvt_pvg"),
    ("police_liaison", "ahtjp"),
    ("analyst", "ncct"),
    ("agency_staff", "agency"),
    ("org_admin", "cwcc"),
    ("system_admin", "mol"),
    ("auditor", "cwcc"),
)


@dataclass(frozen=True)
class DemoCredential:
    role_name: str
    username: str
    password: str


def load_organisations() -> dict[str, Organisation]:
    provinces = {p.code: p for p in Place.objects.filter(kind=PlaceKind.PROVINCE)}
    cambodia = Place.objects.filter(kind=PlaceKind.COUNTRY, code="KH").first()
    made: dict[str, Organisation] = {}
    for key, kind, name_en, name_km, acronym, parent_key, province_code in ORGANISATIONS:
        parent = made[parent_key] if parent_key else None
        org, _ = Organisation.objects.get_or_create(
            name_en=name_en,
            parent=parent,
            defaults={
                "kind": kind,
                "name_km": name_km,
                "acronym": acronym,
                "province": provinces.get(province_code) if province_code else None,
                "country": cambodia,
            },
        )
        made[key] = org
    return made


# Invented people (names common in Cambodia), origin province code, sex, birth year.
DEMO_PEOPLE: tuple[tuple[str, str, str, str, str, str, int], ...] = (
    ("សុខ", "ស្រីមុំ", "Sok", "Sreymom", "14", "female", 1998),
    ("ចាន់", "ធីតា", "Chan", "Thida", "20", "female", 2001),
    ("កែវ", "សុភាព", "Keo", "Sopheap", "01", "female", 1995),
    ("ហេង", "វណ្ណៈ", "Heng", "Vanna", "03", "male", 1990),
    ("គឹម", "ផល្លា", "Kim", "Phalla", "21", "female", 2007),
    ("ម៉ៅ", "រតនា", "Mao", "Ratana", "14", "female", 1999),
    ("សួន", "ដារ៉ា", "Suon", "Dara", "06", "male", 1988),
    ("ឡាយ", "កញ្ញា", "Lay", "Kanha", "02", "female", 2004),
)


def load_people(caseworker: object) -> int:
    """A few invented people registered by the demo caseworker (only on an empty registry)."""

    from phlov.people.models import Person
    from phlov.people.services import create_person

    if Person.objects.exists():
        return 0
    provinces = {p.code: p for p in Place.objects.filter(kind=PlaceKind.PROVINCE)}
    cambodia = Place.objects.filter(kind=PlaceKind.COUNTRY, code="KH").first()
    for family_km, given_km, family, given, province, sex, year in DEMO_PEOPLE:
        create_person(
            actor=caseworker,
            data={
                "family_name_km": family_km,
                "given_name_km": given_km,
                "family_name_latin": family,
                "given_name_latin": given,
                "sex": sex,
                "birth_date": datetime.date(year, 1, 1),
                "birth_date_precision": "year",
                "origin_province": provinces.get(province),
                "nationality": cambodia,
                "ethnicity": "khmer",
            },
            confirmed_new=True,
        )
    return len(DEMO_PEOPLE)


@transaction.atomic
def load_demo(*, reset_passwords: bool = False) -> list[DemoCredential]:
    """Create what is missing; return the credentials of users created or reset now."""

    orgs = load_organisations()
    User = get_user_model()
    shown: list[DemoCredential] = []
    for role_code, org_key in DEMO_USERS:
        role = Role.objects.get(code=role_code)
        username = f"demo.{role_code}"
        user = User.objects.filter(username=username).first()
        if user is not None and not reset_passwords:
            continue
        password = secrets.token_urlsafe(12)
        if user is None:
            user = User.objects.create_user(
                username=username,
                password=password,
                organisation=orgs[org_key],
                first_name="Demo",
                last_name=role.name_en,
                full_name_km=f"សាកល្បង {role.name_km}",
                is_staff=role_code == "system_admin",
            )
            assignment = RoleAssignment.objects.create(user=user, role=role, organisation=orgs[org_key])
            # A provincial department works in its province; an NGO's shelter in Poipet takes
            # in people from every province, so its staff are not narrowed to one.
            province = orgs[org_key].province
            if province is not None and orgs[org_key].kind == OrganisationKind.PROVINCIAL_DEPARTMENT:
                assignment.provinces.add(province)
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        shown.append(DemoCredential(role.name_en, username, password))
    load_people(User.objects.get(username="demo.caseworker"))
    load_domain_demos(orgs)
    return shown


def load_domain_demos(orgs: dict[str, Organisation]) -> None:
    """Let each domain app add its own demo records.

    An app opts in with a ``load_demo(users, organisations)`` method on its AppConfig; the
    shared layer calls it without importing the app (the layer rule), in app order, and each
    loader must be idempotent because ``phlov demo`` runs again on an existing database.
    """

    User = get_user_model()
    users = {u.username.removeprefix("demo."): u for u in User.objects.filter(username__startswith="demo.")}
    for config in apps.get_app_configs():
        loader = getattr(config, "load_demo", None)
        if callable(loader):
            loader(users=users, organisations=orgs)
