"""The statistics pages for each kind of reader: the analyst sees suppressed numbers and no way
to persons; the supervisor sees exact numbers and opens the records behind them, only those
their assignments reach."""

from __future__ import annotations

import logging
import re
import zlib
from typing import Any

import pytest
from django.urls import reverse

from phlov.accounts.models import Organisation, OrganisationKind
from phlov.people.selectors import distinct_persons
from phlov.protection.models import Case
from phlov.stats.demo import _load
from phlov.stats.filters import Filters
from phlov.stats.measures import MEASURES, counts
from phlov.stats.tests.test_disclosure import determined

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(make_user: Any, organisation: Organisation) -> Any:
    supervisor = make_user("supervisor")
    _load(supervisor, organisation)
    return supervisor


def test_counts_are_of_distinct_persons_merged_records_counted_once(
    demo: Any, organisation: Organisation
) -> None:
    cases = list(Case.objects.select_related("person")[:3])
    # Two records of one woman: the second person is merged into the first.
    cases[1].person.merged_into = cases[0].person
    cases[1].person.save()
    persons, records = counts(MEASURES["victims"], Filters(), ())[()]
    assert records == Case.objects.count()
    assert persons == records - 1 == distinct_persons(Case.objects.all())


def test_the_analyst_sees_suppressed_numbers_and_cannot_open_records(
    demo: Any, make_user: Any, login: Any, client: Any
) -> None:
    analyst = make_user("analyst")
    login(client, analyst)
    page = client.get(reverse("stats:index")).content.decode()
    assert "&lt;11" in page or "<11" in page
    assert reverse("stats:records") not in page
    assert client.get(reverse("stats:records") + "?measure=victims").status_code == 403
    table = client.get(reverse("stats:tables") + "?table=table2").content.decode()
    assert reverse("stats:records") not in table


def test_the_supervisor_sees_exact_numbers_and_the_records_behind_them(
    demo: Any, login: Any, client: Any, make_user: Any
) -> None:
    login(client, demo)
    client.cookies["phlov_language"] = "en"
    page = client.get(reverse("stats:index") + "?province=14").content.decode()
    assert "<11" not in page
    links = re.findall(r'href="(/[^"]*records/\?[^"]*)"', page)
    assert links
    # The province tile of Prey Veng leads to its victims, each a case the supervisor may open.
    tile = next(link for link in links if "province=14" in link)
    listing = client.get(tile.replace("&amp;", "&"))
    assert listing.status_code == 200
    expected = Case.objects.filter(person__origin_province__code="14").count()
    assert f"{expected} records stand behind this number" in listing.content.decode()
    assert listing.content.decode().count(reverse("protection:case", args=[0])[:-2]) >= expected


def test_records_of_another_organisation_are_counted_but_not_listed(
    demo: Any, login: Any, client: Any, make_user: Any
) -> None:
    other = Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Other NGO", name_km="អង្គការផ្សេង")
    outsider = make_user("supervisor", org=other)
    login(client, outsider)
    client.cookies["phlov_language"] = "en"
    listing = client.get(reverse("stats:records") + "?measure=victims").content.decode()
    total = Case.objects.count()
    assert f"{total} records stand behind this number; you may open 0 of them." in listing
    assert "/protection/cases/" not in listing


def test_the_dashboard_filters_and_answers_htmx_with_its_body(demo: Any, login: Any, client: Any) -> None:
    login(client, demo)
    client.cookies["phlov_language"] = "en"
    full = client.get(reverse("stats:index") + "?sex=male&year_from=2025")
    part = client.get(reverse("stats:index") + "?sex=male&year_from=2025", HTTP_HX_REQUEST="true")
    assert full.status_code == part.status_code == 200
    assert part.content.decode().lstrip().startswith('<div id="dashboard-body">')
    males = counts(MEASURES["victims"], Filters(sex="male", year_from=2025), ())[()][0]
    assert (
        f'<p class="big"><a class="drill" href="/stats/records/?measure=victims&amp;sex=male&amp;year_from=2025">{males}</a>'
        in part.content.decode()
    )


@pytest.mark.parametrize("kind", ["csv", "xlsx", "pdf"])
def test_standard_tables_export(demo: Any, login: Any, client: Any, kind: str) -> None:
    login(client, demo)
    client.cookies["phlov_language"] = "en"
    response = client.get(reverse("stats:export") + f"?table=table2&format={kind}")
    assert response.status_code == 200
    body = response.content
    if kind == "csv":
        assert "Official repatriations from Thailand" in body.decode("utf-8-sig")
    elif kind == "xlsx":
        assert body[:2] == b"PK"
    else:
        assert body[:5] == b"%PDF-"


def _pdf_text(document: bytes) -> bytes:
    """The PDF with its compressed streams inflated (fonts are named inside object streams)."""

    parts = [document]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", document, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"".join(parts)


def test_the_khmer_pdf_embeds_the_khmer_font_and_draws_every_khmer_letter(
    demo: Any, login: Any, client: Any, caplog: Any
) -> None:
    login(client, demo)
    client.cookies["phlov_language"] = "km"
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        response = client.get(reverse("stats:export") + "?table=table1&format=pdf")
    assert response.status_code == 200
    assert b"Noto-Sans-Khmer" in _pdf_text(response.content)
    # A letter no font has would be drawn as an empty box (.notdef); WeasyPrint says so.
    assert not [r for r in caplog.records if "notdef" in r.getMessage()]


def test_indicators_and_the_register_render(demo: Any, login: Any, client: Any, make_user: Any) -> None:
    login(client, demo)
    client.cookies["phlov_language"] = "en"
    page = client.get(reverse("stats:indicators")).content.decode()
    assert "Victims of trafficking identified" in page and "awaiting data" in page
    register = client.get(reverse("stats:published")).content.decode()
    assert "F003-018" in register and "I001" in register and "252" in register


def test_every_dashboard_breakdown_for_the_analyst_is_safe(demo: Any) -> None:
    from phlov.stats.disclosure import protect_series

    found = counts(MEASURES["victims"], Filters(), ("province",))
    values = [v[0] for v in found.values()]
    assert determined(protect_series(values, 11)) == []


def test_counting_many_breakdowns_at_once_agrees_with_one_at_a_time(demo: Any) -> None:
    from phlov.stats.measures import counts_many

    for code, groupings in (
        ("victims", [(), ("year",), ("province",), ("sex", "age_group")]),
        (
            "routes",
            [
                ("province",),
                ("crossing", "destination"),
                ("destination",),
                ("exploitation_form",),
                ("destination", "exploitation_form"),
            ],
        ),
    ):
        measure = MEASURES[code]
        for filters in (Filters(), Filters(sex="female", year_from=2024)):
            together = counts_many(measure, filters, groupings)
            for grouping in groupings:
                assert together[grouping] == counts(measure, filters, grouping), (code, grouping)


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_counted_side_by_side_agrees_with_one_after_another(
    make_user: Any, organisation: Organisation
) -> None:
    from django.db import connection, transaction

    from phlov.stats.dashboard import _counted

    if connection.vendor != "postgresql":
        pytest.skip("the statements run side by side on PostgreSQL only")
    # A transactional test may start from a database another one flushed: no roles, no places.
    from phlov.accounts.models import Role
    from phlov.accounts.roles import sync_roles
    from phlov.places.models import Place, PlaceKind
    from phlov.stats.demo import PROVINCES

    sync_roles(Role)
    for code in ("KH", "TH", "VN", "MY"):
        Place.objects.get_or_create(
            kind=PlaceKind.COUNTRY, code=code, defaults={"name_en": code, "name_km": code}
        )
    for code, _count in PROVINCES:
        Place.objects.get_or_create(
            kind=PlaceKind.PROVINCE, code=code, defaults={"name_en": f"Province {code}", "name_km": code}
        )
    _load(make_user("supervisor"), organisation)
    for filters in (Filters(), Filters(sex="female", year_from=2024)):
        side_by_side = _counted(filters)
        with transaction.atomic():  # inside a transaction they run one after another
            one_by_one = _counted(filters)
        assert side_by_side == one_by_one
        assert side_by_side["victims"][()][()][0] > 0


def test_a_dashboard_is_recounted_only_when_the_data_changed_and_the_refresh_time_passed(demo: Any) -> None:
    import time

    from django.core.cache import cache
    from django.utils.translation import get_language

    from phlov.stats.conf import refresh_seconds
    from phlov.stats.dashboard import cached
    from phlov.stats.versions import bump

    filters = Filters()
    key = f"phlov:stats:dash:{get_language()}:1:{filters.key()}"
    first = cached(filters, exact=True)

    def counted_ago(seconds: float) -> None:
        data_version, _counted_at, built = cache.get(key)
        cache.set(key, (data_version, time.time() - seconds, built))

    counted_ago(refresh_seconds() + 1)  # old, but nothing saved since: no recount
    assert cached(filters, exact=True).counted_at == first.counted_at
    bump()
    counted_ago(refresh_seconds() - 5)  # saved since, but counted recently enough
    assert cached(filters, exact=True).counted_at == first.counted_at
    counted_ago(refresh_seconds() + 1)  # saved since, and old: recounted
    assert cached(filters, exact=True).counted_at != first.counted_at


def test_a_rendered_page_is_kept_per_reader_kind_and_follows_the_recount(
    demo: Any, login: Any, make_user: Any, django_user_model: Any
) -> None:
    """The dashboard's and tables' HTML are cached: the exact page never reaches an analyst,
    and a recount shows at once."""

    import time

    from django.core.cache import cache
    from django.test import Client
    from django.utils.translation import get_language

    from phlov.stats.conf import refresh_seconds
    from phlov.stats.versions import bump

    supervisor, analyst = Client(), Client()
    for client in (supervisor, analyst):
        client.cookies["phlov_language"] = "en"
    login(supervisor, demo)
    login(analyst, make_user("analyst"))
    for url in (reverse("stats:index"), reverse("stats:tables") + "?table=table1"):
        exact_page = supervisor.get(url).content.decode()
        assert reverse("stats:records") in exact_page
        # Same filters, same language, the exact page already cached: the analyst gets their own.
        suppressed_page = analyst.get(url).content.decode()
        assert reverse("stats:records") not in suppressed_page
        if url == reverse("stats:index"):
            assert "&lt;11" in suppressed_page
    before = supervisor.get(reverse("stats:index")).content.decode()
    victims = Case.objects.count()
    assert f">{victims}<" in before.replace(",", "")
    # One more victim, and the board's count old enough to be redone: the page shows it.
    case = Case.objects.select_related("person").first()
    assert case is not None
    person = case.person
    person.pk = None
    person.save()
    Case.objects.create(person=person, organisation=case.organisation, opened_on=case.opened_on)
    bump()
    key = f"phlov:stats:dash:{get_language()}:1:{Filters().key()}"
    data_version, _at, built = cache.get(key)
    cache.set(key, (data_version, time.time() - refresh_seconds() - 1, built))
    after = supervisor.get(reverse("stats:index")).content.decode()
    assert f">{victims + 1}<" in after.replace(",", "")


def test_while_one_reader_recounts_the_others_get_the_last_count(demo: Any) -> None:
    import time

    from django.core.cache import cache
    from django.utils.translation import get_language

    from phlov.stats.conf import refresh_seconds
    from phlov.stats.dashboard import cached
    from phlov.stats.versions import bump

    filters = Filters()
    key = f"phlov:stats:dash:{get_language()}:1:{filters.key()}"
    first = cached(filters, exact=True)
    bump()
    data_version, _counted_at, built = cache.get(key)
    cache.set(key, (data_version, time.time() - refresh_seconds() - 1, built))
    # Another reader's recount is under way: this one is answered from the last count.
    assert cache.add(f"{key}:recounting", True, 60)
    assert cached(filters, exact=True).counted_at == first.counted_at
    # That recount over (its lock gone), the next reader recounts, and leaves no lock behind.
    cache.delete(f"{key}:recounting")
    assert cached(filters, exact=True).counted_at != first.counted_at
    assert cache.get(f"{key}:recounting") is None
    # Nothing saved here, but past cache_seconds (another process may have saved): recounted.
    from phlov.stats.conf import cache_seconds

    second = cached(filters, exact=True)
    data_version, _counted_at, built = cache.get(key)
    cache.set(key, (data_version, time.time() - cache_seconds() - 1, built))
    assert cached(filters, exact=True).counted_at != second.counted_at
