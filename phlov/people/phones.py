"""Phone numbers in E.164, read with ``phonenumbers`` (libphonenumber's metadata).

A number written without a country code is read as Cambodian (``012 345 678`` ->
``+85512345678``); numbers of other countries carry their code (``+66 81 234 5678``), or
the ``00`` or ``+`` prefix. The search also indexes the last 8 digits, which people quote
when they do not know the prefix.
"""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "KH"
_KHMER_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")


def normalise_phone(text: str, region: str = DEFAULT_REGION) -> str:
    """The number in E.164 (``+85512345678``), or a ValidationError."""

    raw = str(text).translate(_KHMER_DIGITS).strip()
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise ValidationError(_("This is not a phone number."), code="invalid_phone") from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            _(
                "This phone number is not valid; numbers from outside Cambodia need their country code (e.g. +66)."
            ),
            code="invalid_phone",
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def try_normalise_phone(text: str) -> str | None:
    try:
        return normalise_phone(text)
    except ValidationError:
        return None


def last_digits(e164: str, count: int = 8) -> str:
    digits = "".join(c for c in e164 if c.isdigit())
    return digits[-count:]


def display_phone(e164: str) -> str:
    """National format for Cambodian numbers, international for the others."""

    try:
        parsed = phonenumbers.parse(e164, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return e164
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if parsed.country_code == 855
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(parsed, fmt)
