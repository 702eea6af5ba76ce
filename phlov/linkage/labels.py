"""Translatable names of the model's comparisons and levels, for the review pages.

The model keeps its labels in English (they are part of the trained model's JSON); the pages
look them up here, so that a label the model gains without an entry here is still shown
(in English) rather than hidden.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

COMPARISONS: dict[str, Promise] = {
    "family_name": _("Family name"),
    "given_name": _("Given name"),
    "birth_date": _("Date of birth"),
    "given_name_and_birth": _("Given name and date of birth"),
    "place_of_origin": _("Place of origin"),
    "sex": _("Sex"),
    "phone": _("Phone"),
    "document": _("Identity document"),
}
LEVELS: dict[str, Promise] = {
    "missing": _("missing"),
    "different": _("different"),
    "same spelling": _("same spelling"),
    "same name, other romanisation": _("same name, other romanisation"),
    "same name in the other script": _("same name in the other script"),
    "swapped with the other name": _("swapped with the other name"),
    "one letter apart": _("one letter apart"),
    "sounds the same": _("sounds the same"),
    "written as the other name": _("written as the other name"),
    "matches another name": _("matches another name"),
    "same date": _("same date"),
    "one typing error": _("one typing error"),
    "same year, only the year known": _("same year, only the year known"),
    "within two years, only the year known": _("within two years, only the year known"),
    "both different": _("both different"),
    "not both different": _("not both different"),
    "same village": _("same village"),
    "same commune": _("same commune"),
    "same district": _("same district"),
    "same province": _("same province"),
    "same": _("same"),
    "same number": _("same number"),
    "same number, another given name (a family's phone)": _(
        "same number, another given name (a family's phone)"
    ),
    "one digit off": _("one digit off"),
    "one character off": _("one character off"),
}


def comparison_label(name: str) -> str:
    return str(COMPARISONS.get(name, name.replace("_", " ")))


def level_label(label: str) -> str:
    return str(LEVELS.get(label, label))
