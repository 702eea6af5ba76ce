"""Document numbers by kind of document, and phone numbers."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from phlov.people.documents import NOT_PRIMARY, RULES, normalise_number, rule_for, validate_number
from phlov.people.phones import display_phone, last_digits, normalise_phone


@pytest.mark.parametrize(
    ("kind", "number", "country", "expected"),
    [
        ("national_id", "010123456", None, "010123456"),
        ("national_id", "0101 2345-6", None, "010123456"),
        ("national_id", "០១០១២៣៤៥៦", None, "010123456"),
        ("national_id", "1234 5678 9012", None, "123456789012"),
        ("passport", "n1234567", None, "N1234567"),
        ("passport", "N 123-4567", "KH", "N1234567"),
        ("passport", "AB1234567", "TH", "AB1234567"),
        ("pink_card", "00 1234 56789 01", None, "0012345678901"),
        ("pink_card", "0012345678901", "TH", "0012345678901"),
        ("idpoor_household", "0102-0304-0012", None, "010203040012"),
        ("overseas_worker_card", "ow-123456", None, "OW123456"),
        ("foreign_work_permit", "WP 99887", "MY", "WP99887"),
    ],
)
def test_valid_numbers_are_normalised(kind: str, number: str, country: str | None, expected: str) -> None:
    assert validate_number(kind, number, country) == expected


@pytest.mark.parametrize(
    ("kind", "number", "country"),
    [
        ("national_id", "12345678", None),  # 8 digits
        ("national_id", "1234567890", None),  # 10 digits
        ("national_id", "A12345678", None),
        ("passport", "12345678", None),  # a Cambodian passport starts with a letter
        ("passport", "N123456", "KH"),
        ("passport", "AB12", "TH"),
        ("pink_card", "1012345678901", None),  # must start with 00
        ("pink_card", "001234567890", None),  # 12 digits
        ("idpoor_household", "12-34", None),
        ("overseas_worker_card", "", None),
    ],
)
def test_invalid_numbers_are_refused(kind: str, number: str, country: str | None) -> None:
    with pytest.raises(ValidationError):
        validate_number(kind, number, country)


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValidationError):
        validate_number("library_card", "123456")


def test_every_rule_names_its_source() -> None:
    for rule in RULES:
        assert rule.source, rule.kind
    assert rule_for("national_id").source == NOT_PRIMARY
    assert rule_for("passport", "KH").country == "KH"
    assert rule_for("passport", "FR").country is None


def test_normalise_number() -> None:
    assert normalise_number(" ab-12.34/5 ") == "AB12345"


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("012 345 678", "+85512345678"),
        ("012-345-678", "+85512345678"),
        ("(012) 345678", "+85512345678"),
        ("+855 12 345 678", "+85512345678"),
        ("00855 12 345 678", "+85512345678"),
        ("0975551234", "+855975551234"),
        ("០១២ ៣៤៥ ៦៧៨", "+85512345678"),
        ("+66 81 234 5678", "+66812345678"),
        ("0066812345678", "+66812345678"),
        ("+60 12-345 6789", "+60123456789"),
    ],
)
def test_phone_formats(typed: str, e164: str) -> None:
    assert normalise_phone(typed) == e164


@pytest.mark.parametrize("typed", ["12", "hello", "+66 12", "0 00 000", "+855 00 000 000"])
def test_invalid_phones(typed: str) -> None:
    with pytest.raises(ValidationError):
        normalise_phone(typed)


def test_phone_display_and_tail() -> None:
    assert display_phone("+85512345678") == "012 345 678"
    assert display_phone("+66812345678").startswith("+66")
    assert last_digits("+85512345678") == "12345678"
