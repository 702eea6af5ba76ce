"""``phlov places load`` and ``phlov places resolve``."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from phlov.places.management.commands.places import terminal_language

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("places", *args, stdout=out)
    return out.getvalue()


def test_resolve_prints_the_place_and_how_it_matched() -> None:
    output = _run("resolve", "Svay Reang", "--language", "en")
    assert "Svay Rieng (ស្វាយរៀង)" in output and "province 20" in output and "matched by: alias" in output


def test_resolve_answers_in_khmer() -> None:
    output = _run("resolve", "Poipet", "--language", "km")
    assert output.startswith("ប៉ោយប៉ែត (Paoy Paet)")


def test_an_unresolved_name_prints_suggestions_and_fails() -> None:
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("places", "resolve", "Kompong Svay", "--kind", "commune", "--language", "en", stdout=out)
    assert "more than one place" in out.getvalue() and "010602" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("places", "resolve", "Svay Pak", "--within", "nowhere", stdout=StringIO())


def test_resolve_within_a_province() -> None:
    output = _run("resolve", "Kompong Svay", "--kind", "commune", "--within", "08", "--language", "en")
    assert "commune 080204" in output


def test_load_again_creates_nothing() -> None:
    output = _run("load", "--language", "en")
    assert "0 aliases created" in output and "created:" not in output
    assert "places in all" in output


def test_terminal_language() -> None:
    assert terminal_language({"LANG": "km_KH.UTF-8"}) == "km"
    assert terminal_language({"LC_ALL": "en_GB.UTF-8", "LANG": "km_KH.UTF-8"}) == "en"
    assert terminal_language({}) == "en"
