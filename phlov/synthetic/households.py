"""Households of the victims' families (``people.Household``, ``HouseholdMember``).

The household is registered when the family is assessed for the victim's return: an adult
Cambodian victim (not a child at identification, protection's ``child_under`` setting; a child's household needs its adult head, who is
not in the generated registry) heads a household in their village of origin, registered by the
organisation that leads the case. A migrant worker of the same village with the same Khmer
family name, not yet in a household, joins it as a sibling: the documents describe migration
through relatives and neighbours (001 Table 2: most victims left with relatives or people of
their village), and the planted siblings of the linkage benchmark share exactly that name and
village. No source gives how many victims' families hold an IDPoor equity card, so the IDPoor
number is left blank rather than invented.

Households are planned before the persons are written, so each member's person row carries its
household; the foreign keys are checked at commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from phlov.people.models import Household, HouseholdMember, Relationship
from phlov.protection.vocab import setting
from phlov.synthetic import bulk
from phlov.synthetic.context import Context

if TYPE_CHECKING:  # people.py calls plan() while writing the persons
    from phlov.synthetic.people import Population


@dataclass
class Households:
    of_record: np.ndarray  # per record (pop.records order): its household id, or 0
    households: list[dict[str, Any]] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)


def plan(ctx: Context, pop: Population, orgs: np.ndarray, village_ids: dict[str, int]) -> Households:
    """Who lives with whom, with ids chosen now (the persons' ids are ``pop.records["person_id"]``)."""

    records = pop.records
    clusters = pop.clusters
    cluster = records["cluster"].to_numpy()
    first = records["first"].to_numpy()
    role = clusters["role"].to_numpy()[cluster]
    adult = clusters["age"].to_numpy()[cluster] >= int(setting("child_under"))
    foreign = clusters["foreign"].to_numpy()[cluster].astype(bool)
    village = records["village_code"].fillna("").to_numpy()
    family = records["family_name_km"].fillna("").to_numpy()
    person = records["person_id"].to_numpy()
    heads = np.flatnonzero(
        first & np.isin(role, ["victim", "victim_t2"]) & adult & ~foreign & (village != "")
    )
    # Workers' first records by (village, Khmer family name), in record order, for the siblings.
    waiting: dict[tuple[str, str], list[int]] = {}
    for index in np.flatnonzero(first & np.isin(role, ["worker", "worker_hist"]) & (family != "")):
        waiting.setdefault((village[index], family[index]), []).append(int(index))
    out = Households(of_record=np.zeros(len(records), dtype=np.int64))
    household_id, member_id = bulk.next_id(Household), bulk.next_id(HouseholdMember)
    for index in heads:
        hid = household_id + len(out.households)
        out.households.append({
            "id": hid, "organisation_id": int(orgs[index]), "head_id": int(person[index]),
            "village_id": village_ids.get(village[index]),
        })  # fmt: skip
        joined = [(int(index), Relationship.HEAD)]
        siblings = waiting.get((village[index], family[index]))
        if siblings:
            joined.append((siblings.pop(0), Relationship.SIBLING))
        for member, relationship in joined:
            out.of_record[member] = hid
            out.members.append({
                "id": member_id + len(out.members), "household_id": hid, "person_id": int(person[member]),
                "relationship": relationship,
            })  # fmt: skip
    return out


def write(ctx: Context, planned: Households) -> None:
    for model, rows in ((Household, planned.households), (HouseholdMember, planned.members)):
        for _ in bulk.write_batches(model, rows, batch=ctx.batch, detail=ctx.detail()):
            pass
        ctx.written.append(model)
