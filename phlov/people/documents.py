"""Identity documents: one table of rules, one rule per kind of document.

Each rule says how a number is normalised (spaces, hyphens, dots and slashes removed, letters
in capitals, Khmer digits as ASCII digits) and which patterns a normalised number must match.
Where a pattern does not come from a primary source (a law, a regulation or the issuing
authority's own specification), the rule says so in ``source``; docs/people.md lists them.
A rule can be narrowed to an issuing country (the Cambodian passport pattern applies only to
passports issued by Cambodia).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

NOT_PRIMARY = "not from a primary source"


class DocumentKind(models.TextChoices):
    NATIONAL_ID = "national_id", _("Khmer national identity card")
    PASSPORT = "passport", _("passport")
    OVERSEAS_WORKER_CARD = "overseas_worker_card", _("overseas Cambodian worker card")
    IDPOOR_HOUSEHOLD = "idpoor_household", _("IDPoor household number")
    FOREIGN_WORK_PERMIT = "foreign_work_permit", _("foreign work permit")
    PINK_CARD = "pink_card", _("Thai pink card")


@dataclass(frozen=True)
class DocumentRule:
    kind: str
    patterns: tuple[str, ...]
    expected: str | Promise  # said to the user when a number does not match
    source: str  # where the pattern comes from, or NOT_PRIMARY
    country: str | None = None  # ISO alpha-2 of the issuing country the patterns apply to

    def matches(self, number: str) -> bool:
        return any(re.fullmatch(pattern, number) for pattern in self.patterns)


RULES: tuple[DocumentRule, ...] = (
    DocumentRule(
        DocumentKind.NATIONAL_ID,
        (r"[0-9]{9}", r"[0-9]{12}"),
        _("9 digits, or 12 digits on the newer cards"),
        # The 9-digit number is printed on the cards issued since 1997; the 12-digit form is
        # reported for the newer cards. Neither is from a published specification.
        NOT_PRIMARY,
    ),
    DocumentRule(
        DocumentKind.PASSPORT,
        (r"[A-Z][0-9]{7}",),
        _("one letter and 7 digits (e.g. N1234567)"),
        # Seen on Cambodian passports (ordinary "N", official "K"/"D"); not from the Ministry
        # of Interior's specification.
        NOT_PRIMARY,
        country="KH",
    ),
    DocumentRule(
        DocumentKind.PASSPORT,
        (r"[A-Z0-9]{5,20}",),
        _("5 to 20 letters or digits"),
        "ICAO Doc 9303 part 4: the document number field holds up to 9 characters, longer "
        "numbers continue in the optional data; 20 leaves room for both",
    ),
    DocumentRule(
        DocumentKind.OVERSEAS_WORKER_CARD,
        (r"[A-Z0-9]{6,20}",),
        _("6 to 20 letters or digits"),
        NOT_PRIMARY,
    ),
    DocumentRule(
        DocumentKind.IDPOOR_HOUSEHOLD,
        (r"[0-9]{8,20}",),
        # The IDPoor household number is built from the village code and a household serial;
        # its exact layout is not published.
        _("8 to 20 digits (village code and household number)"),
        NOT_PRIMARY,
    ),
    DocumentRule(
        DocumentKind.FOREIGN_WORK_PERMIT,
        (r"[A-Z0-9]{5,20}",),
        _("5 to 20 letters or digits"),
        NOT_PRIMARY,
    ),
    DocumentRule(
        DocumentKind.PINK_CARD,
        (r"00[0-9]{11}",),
        # Thai identification numbers of non-Thai residents (the "pink card" of migrant
        # workers) are 13 digits beginning with 00; from NGO guidance, not the Thai
        # Department of Provincial Administration.
        _("13 digits beginning with 00"),
        NOT_PRIMARY,
        country="TH",
    ),
)

_SEPARATORS = re.compile(r"[\s\-./\u200b]+")
_KHMER_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")


def normalise_number(number: str) -> str:
    """Capitals, ASCII digits, no spaces, hyphens, dots or slashes: ``"012-345 678"`` -> ``"012345678"``."""

    return _SEPARATORS.sub("", str(number).translate(_KHMER_DIGITS)).upper()


def rule_for(kind: str, country: str | None = None) -> DocumentRule:
    """The rule for a kind of document issued by ``country`` (ISO alpha-2): the country's own
    rule if there is one, else the kind's general rule."""

    candidates = [rule for rule in RULES if rule.kind == kind]
    if not candidates:
        raise ValidationError(_("Unknown kind of document."), code="unknown_kind")
    if country:
        for rule in candidates:
            if rule.country == country.upper():
                return rule
    general = [rule for rule in candidates if rule.country is None]
    if general:
        return general[0]
    # Kinds issued by one country only (the Thai pink card): that country's rule.
    return candidates[0]


def validate_number(kind: str, number: str, country: str | None = None) -> str:
    """The normalised number, or a ValidationError saying what was expected."""

    normalised = normalise_number(number)
    if not normalised:
        raise ValidationError(_("Enter the document number."), code="required")
    if kind == DocumentKind.PASSPORT and not country:
        country = "KH"  # a passport without an issuing country is taken to be Cambodian
    rule = rule_for(kind, country)
    if not rule.matches(normalised):
        raise ValidationError(
            _("This number does not look right: expected %(expected)s."),
            code="invalid_number",
            params={"expected": rule.expected},
        )
    return normalised
