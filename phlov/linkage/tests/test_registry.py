"""``phlov linkage run`` over the registry: pairs with explanations, clusters, the review
queue between the two thresholds, one audit event; decisions carry over to the next run."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest
from django.core.management import call_command

from phlov.accounts.models import Organisation, User
from phlov.audit.models import AuditEvent
from phlov.linkage import services
from phlov.linkage.benchmark import generate
from phlov.linkage.features import parse_birth_date, phone_key
from phlov.linkage.models import CandidatePair, Cluster, ClusterMember, LinkageRun, PairStatus
from phlov.linkage.selectors import review_queue
from phlov.people.models import IdentityDocument, Person, PhoneNumber
from phlov.places.models import Place, PlaceKind

pytestmark = pytest.mark.django_db
SEX = {"F": "female", "female": "female", "ស្រី": "female", "M": "male", "male": "male", "ប្រុស": "male"}


def _load(organisation: Organisation, records: pd.DataFrame) -> dict[str, int]:
    """The generated records as people of the registry; record id -> person id."""

    codes = set(records["village_code"]) - {""}
    villages = {
        p.code: p
        for p in Place.objects.filter(kind=PlaceKind.VILLAGE, code__in=codes).select_related(
            "parent__parent__parent"
        )
    }
    ids: dict[str, int] = {}
    phones, documents = [], []
    for row in records.itertuples(index=False):
        date, year = parse_birth_date(row.birth_date)
        village = villages.get(row.village_code)
        person = Person.objects.create(
            organisation=organisation,
            family_name_km=row.family_name_km, given_name_km=row.given_name_km,
            family_name_latin=row.family_name_latin, given_name_latin=row.given_name_latin,
            sex=SEX.get(row.sex, "unknown"), birth_date=pd.Timestamp(date).date() if date else (pd.Timestamp(f"{year}-01-01").date() if year else None),
            birth_date_precision="exact" if date else ("year" if year else ""), origin_village=village,
        )  # fmt: skip
        ids[row.record_id] = person.pk
        if row.phone:
            phones.append(PhoneNumber(person=person, number=phone_key(row.phone) or row.phone))
        if row.national_id:
            documents.append(IdentityDocument(person=person, kind="national_id", number=row.national_id))
    # Written as they are (the people services validate numbers; the generator's are random).
    PhoneNumber.objects.bulk_create(phones)
    IdentityDocument.objects.bulk_create(documents)
    return ids


@pytest.fixture
def registry(organisation: Organisation) -> tuple[pd.DataFrame, dict[str, int]]:
    made = generate(500, seed=3, villages_source="database")
    return made.truth, _load(organisation, made.records)


def test_run_writes_pairs_clusters_and_one_audit_event(
    make_user: Callable[..., User], registry: tuple[pd.DataFrame, dict[str, int]]
) -> None:
    truth, ids = registry
    supervisor = make_user("supervisor")
    call_command("linkage", "run", "--actor", supervisor.username, "--threads", "2")
    run = LinkageRun.objects.get()
    assert run.records == 500 and run.finished_at is not None and run.trained_model["comparisons"]
    pairs = CandidatePair.objects.filter(run=run)
    assert pairs.count() == run.pair_count > 0
    assert not pairs.filter(match_probability__lt=run.review_threshold).exists()
    assert set(pairs.values_list("status", flat=True)) <= {PairStatus.MATCH, PairStatus.PENDING}
    assert all(p.match_probability >= run.match_threshold for p in pairs.filter(status=PairStatus.MATCH))
    first = pairs.first()
    assert first is not None and {e["comparison"] for e in first.explanation} >= {"family_name", "given_name"}
    # The clusters hold the true duplicates, mostly.
    person_cluster = truth.set_index(truth["record_id"].map(ids))["cluster_id"]
    matched = pairs.filter(status=PairStatus.MATCH).values_list("person_a", "person_b")
    right = sum(person_cluster[a] == person_cluster[b] for a, b in matched)
    assert right / len(matched) > 0.95
    assert Cluster.objects.filter(run=run).count() == run.cluster_count > 0
    assert ClusterMember.objects.filter(cluster__run=run).count() >= 2 * run.cluster_count
    event = AuditEvent.objects.get(action="linkage.run")
    assert event.detail["records"] == 500 and event.detail["pairs"] == run.pair_count
    assert event.actor == supervisor
    queue = list(review_queue(supervisor))
    assert all(run.review_threshold <= p.match_probability < run.match_threshold for p in queue)
    assert len(queue) == pairs.filter(status=PairStatus.PENDING).count()


def test_decisions_carry_over_and_merged_records_are_left_out(
    make_user: Callable[..., User], registry: tuple[pd.DataFrame, dict[str, int]]
) -> None:
    caseworker = make_user("caseworker")
    call_command("linkage", "run", "--threads", "2")
    pairs = list(CandidatePair.objects.order_by("-match_probability")[:2])
    rejected, accepted = pairs
    services.reject_pair(actor=caseworker, pair=rejected, reason="different people")
    services.accept_pair(actor=caseworker, pair=accepted, reason="same person")
    call_command("linkage", "run", "--threads", "2")
    latest = LinkageRun.objects.order_by("-pk").first()
    assert latest is not None and latest.records == 499  # the merged duplicate is not linked again
    again = CandidatePair.objects.get(run=latest, person_a=rejected.person_a, person_b=rejected.person_b)
    assert again.status == PairStatus.REJECTED and again.reason == "different people"
    assert not CandidatePair.objects.filter(run=latest, person_b=accepted.person_b).exists()
    # Earlier runs' open pairs are superseded: only the latest run feeds the queue.
    assert not CandidatePair.objects.exclude(run=latest).filter(status=PairStatus.PENDING).exists()
    assert AuditEvent.objects.filter(action="linkage.run").count() == 2
