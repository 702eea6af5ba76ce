"""The Khmer catalogues: complete, not fuzzy, compiled, used, and covering every string of the shell."""

from __future__ import annotations

import ast
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from phlov.core.tests.test_shell import client_in, make_user, sign_in

PACKAGE_DIR = Path(__file__).resolve().parents[2]
PROJECT_CATALOGUE = PACKAGE_DIR / "locale" / "km" / "LC_MESSAGES" / "django.po"
# The shell's sources, relative to the package; their strings belong in the project catalogue.
SHELL_SOURCES = (
    "templates/base.html",
    "templates/core/**/*.html",
    "templates/accounts/**/*.html",
    "templates/errors/**/*.html",
    "core/*.py",
    "accounts/*.py",
    "settings.py",
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def catalogues() -> list[Path]:
    return sorted(PACKAGE_DIR.glob("**/locale/km/LC_MESSAGES/django.po"))


# --- A small reader of .po files --------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def read_po(path: Path) -> list[Entry]:
    """Entries of a .po file, the header (msgid "") included; obsolete (#~) entries are left out."""

    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None

    def start(number: int) -> Entry:
        nonlocal entry
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        return entry

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry, target = None, None
        elif line.startswith("#,"):
            start(number).flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert entry is not None and target is not None, f"{path}:{number}: stray string"
            append(entry, target, ast.literal_eval(line))
        else:
            keyword, _, value = line.partition(" ")
            current = start(number)
            if keyword in {"msgid", "msgctxt"} and (current.msgid or current.msgstr):
                entry = None  # a new entry without a blank line before it
                current = start(number)
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if match:
                target = ("msgstr", int(match.group(1)))
            elif keyword in {"msgid", "msgctxt", "msgid_plural", "msgstr"}:
                target = (keyword, 0)
            else:
                raise AssertionError(f"{path}:{number}: cannot read {line!r}")
            if target[0] == "msgctxt":
                current.msgctxt = ""
            elif target[0] == "msgid_plural":
                current.msgid_plural = ""
            append(current, target, ast.literal_eval(value))
    return entries


def append(entry: Entry, target: tuple[str, int], text: str) -> None:
    name, index = target
    if name == "msgstr":
        entry.msgstr[index] = entry.msgstr.get(index, "") + text
    else:
        setattr(entry, name, (getattr(entry, name) or "") + text)


def messages(path: Path) -> list[Entry]:
    return [e for e in read_po(path) if e.msgid]


# --- The catalogues --------------------------------------------------------------------------


def test_the_project_catalogue_exists() -> None:
    assert PROJECT_CATALOGUE in catalogues()


@pytest.mark.parametrize("po", catalogues(), ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_catalogue_is_complete_and_not_fuzzy(po: Path) -> None:
    entries = read_po(po)
    header = [e for e in entries if not e.msgid]
    assert len(header) == 1, "a catalogue has exactly one header"
    assert "fuzzy" not in header[0].flags, f"{po}: the header is marked fuzzy"
    assert "Language: km" in header[0].msgstr[0]
    problems = []
    for entry in messages(po):
        where = f"{po.name}:{entry.line} {entry.msgid!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"{where} is fuzzy")
        if not entry.msgstr or not all(text.strip() for text in entry.msgstr.values()):
            problems.append(f"{where} has no translation")
        for text in entry.msgstr.values():
            wanted = sorted(PLACEHOLDER.findall(entry.msgid))
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"{where}: the translation must keep the placeholders {wanted}")
    assert problems == []


@pytest.mark.parametrize("po", catalogues(), ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_catalogue_is_compiled(po: Path) -> None:
    mo = po.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, (
        f"{mo} is missing or older than its .po: run 'make setup' (or manage.py compilemessages)"
    )


def test_reader_understands_the_po_format(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: km\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\nmsgid "Hello %(name)s"\nmsgstr ""\n"ជំរាបសួរ "\n"%(name)s"\n\n'
        'msgctxt "month"\nmsgid "May"\nmsgid_plural "Mays"\nmsgstr[0] ""\n\n'
        '#~ msgid "gone"\n#~ msgstr "បាត់"\n',
        encoding="utf-8",
    )
    header, hello, may = read_po(po)
    assert header.msgid == "" and "Language: km" in header.msgstr[0]
    assert hello.flags == {"fuzzy", "python-format"} and hello.msgstr == {0: "ជំរាបសួរ %(name)s"}
    assert may.key == ("month", "May") and may.msgid_plural == "Mays" and may.msgstr == {0: ""}


# --- Every string of the shell is in the project catalogue ------------------------------------


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_every_shell_string_is_in_the_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Extract the shell's strings afresh, as makemessages does, and look each one up."""

    source = tmp_path / "phlov"
    copied = 0
    for pattern in SHELL_SOURCES:
        for path in PACKAGE_DIR.glob(pattern):
            target = source / path.relative_to(PACKAGE_DIR)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            copied += 1
    assert copied > 10
    (source / "locale").mkdir()
    monkeypatch.chdir(source)
    with override_settings(LOCALE_PATHS=[]):
        call_command("makemessages", locale=["km"], verbosity=0)
    extracted = {e.key: e for e in messages(source / "locale" / "km" / "LC_MESSAGES" / "django.po")}
    assert ("", "Sign in") not in extracted and (None, "Sign in") in extracted
    catalogued = {e.key for e in messages(PROJECT_CATALOGUE)}
    missing = sorted(f"{msgid!r} (context {ctx!r})" for ctx, msgid in extracted.keys() - catalogued)
    assert missing == [], "run makemessages (see docs) and translate these strings: " + "; ".join(missing)


# --- The pages speak the reader's language ----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "other"), [("km", "en"), ("en", "km")])
def test_login_page_in_the_chosen_language(language: str, other: str) -> None:
    html = client_in(language).get(reverse("login")).content.decode()
    assert f'<html lang="{language}"' in html
    with translation.override(language):
        sign_in_text = translation.gettext("Sign in")
        user_name = translation.gettext("User name")
    assert sign_in_text in html and user_name in html
    if language == "km":
        assert sign_in_text == "ចូល"
        assert ">Sign in<" not in html and "User name" not in html
    # The switch offers the other language, labelled in that language.
    assert f'name="language" value="{other}"' in html


@pytest.mark.django_db
def test_home_page_in_khmer() -> None:
    user = make_user("ana", "caseworker")
    user.full_name_km = "សុខ ចាន់ណា"
    user.save()
    client = client_in("km")
    sign_in(client, user)
    html = client.get("/").content.decode()
    assert '<html lang="km"' in html
    for text in ("សូមស្វាគមន៍ សុខ ចាន់ណា", "តួនាទីរបស់អ្នក", "ការងាររបស់អ្នក", "ការការពារ", "អ្នកគ្រប់គ្រងករណី", "ចាកចេញ"):
        assert text in html, text
    for english in ("Welcome", "Your roles", "Your work", "Protection", "Sign out"):
        assert english not in html, english


@pytest.mark.django_db
def test_home_page_in_english() -> None:
    user = make_user("ana", "caseworker")
    client = client_in("en")
    sign_in(client, user)
    html = client.get("/").content.decode()
    assert '<html lang="en"' in html
    for text in ("Welcome, ana", "Your roles", "Your work", "Protection", "Caseworker", "Sign out"):
        assert text in html, text
    assert "តួនាទីរបស់អ្នក" not in html


@pytest.mark.django_db
@override_settings(LANGUAGE_CODE="km")
def test_khmer_is_the_default_without_cookie_or_browser_preference() -> None:
    html = Client().get(reverse("login")).content.decode()
    assert '<html lang="km"' in html and "ចូល" in html


def test_language_names_are_translated() -> None:
    with translation.override("km"):
        assert translation.gettext("Khmer") == "ខ្មែរ"
        assert translation.gettext("English") == "អង់គ្លេស"
