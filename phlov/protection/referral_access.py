"""What an accepted referral opens to the receiving organisation.

Rules (documented in ``docs/protection.md``):

* a **referral** that is *accepted* lets users of the receiving organisation (and the
  organisations below it) who hold ``protection.case:view`` **view** the case and its parts
  (repatriation, family, shelter stays); never change them;
* the access ends when the referral is **completed** (the service was delivered), **revoked**
  by the sending organisation, or was **declined**; a referral still only *sent* opens nothing;
* a **transfer** opens nothing by itself: once accepted the case belongs to the receiving
  organisation (its ``organisation`` changes), and the sending organisation keeps only the
  transfer record, not the case.

A grant narrowed to provinces reaches a referred case only in those provinces, as for the
case's own organisation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from phlov.core.policies import Grant


def _open_referrals() -> Any:
    from phlov.protection.models import Referral, ReferralKind, ReferralStatus

    return Referral.objects.filter(kind=ReferralKind.REFERRAL, status=ReferralStatus.ACCEPTED)


def cases_q(
    grants: Iterable[Grant], case_field: str = "pk", province_field: str = "person__origin_province"
) -> Q:
    """A filter on the cases (or, with ``case_field``, the case parts) the grants reach through
    accepted referrals."""

    q = Q(pk__in=[])
    for grant in grants:
        received = _open_referrals().filter(to_organisation__path__startswith=grant.organisation_path)
        term = Q(**{f"{case_field}__in": received.values("case_id")})
        if grant.province_ids:
            term &= Q(**{f"{province_field}__in": sorted(grant.province_ids)})
        q |= term
    return q


def reaches(grants: Iterable[Grant], case: Any) -> bool:
    grants = list(grants)
    if not grants or case is None or case.pk is None:
        return False
    paths = list(_open_referrals().filter(case_id=case.pk).values_list("to_organisation__path", flat=True))
    province_id = case.person.origin_province_id if case.person_id else None
    for grant in grants:
        if grant.province_ids and province_id not in grant.province_ids:
            continue
        if any(path.startswith(grant.organisation_path) for path in paths):
            return True
    return False
