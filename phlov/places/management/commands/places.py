"""``phlov places load`` and ``phlov places resolve TEXT``.

``load`` creates the reference places and aliases that are missing (the data migration
runs the same code). ``resolve`` shows what the resolver makes of a spelling, in the
language of the terminal (``LC_ALL``, ``LC_MESSAGES`` or ``LANG`` starting with ``km``
means Khmer) unless ``--language`` says otherwise.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from phlov.places.forms import bilingual
from phlov.places.loader import load_places
from phlov.places.models import Place, PlaceAlias, PlaceKind
from phlov.places.resolver import ancestors, invalidate, resolve


def terminal_language(environ: dict[str, str] | None = None) -> str:
    environ = dict(os.environ) if environ is None else environ
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            return "km" if value.lower().startswith("km") else "en"
    return "en"


class Command(BaseCommand):
    help = "Load the reference places, or resolve a place name."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load_parser = actions.add_parser("load", help="create the places and aliases that are missing")
        resolve_parser = actions.add_parser("resolve", help="show which place a spelling names")
        resolve_parser.add_argument("text", help="a place name in Khmer or English, or a code")
        resolve_parser.add_argument(
            "--kind", choices=PlaceKind.values, action="append", help="only this kind"
        )
        resolve_parser.add_argument("--within", help="only places inside the place with this code")
        for sub in (load_parser, resolve_parser):
            sub.add_argument("--language", choices=["km", "en"], help="language of the answer")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options.get("language") or terminal_language()):
            if options["action"] == "load":
                self._load()
            else:
                self._resolve(options["text"], options.get("kind"), options.get("within"))

    def _load(self) -> None:
        with transaction.atomic():
            report = load_places(Place, PlaceAlias)
        invalidate()
        for kind, count in sorted(report.created.items()):
            self.stdout.write(
                _("%(count)d created: %(kind)s") % {"count": count, "kind": PlaceKind(kind).label}
            )
        self.stdout.write(_("%(count)d aliases created") % {"count": report.aliases_created})
        if report.keys_updated:
            self.stdout.write(_("%(count)d search keys brought up to date") % {"count": report.keys_updated})
        for line in report.skipped:
            self.stdout.write(self.style.WARNING(_("skipped: %(reason)s") % {"reason": line}))
        self.stdout.write(self.style.SUCCESS(_("%(count)d places in all") % {"count": Place.objects.count()}))

    def _describe(self, place: Place) -> str:
        where = " · ".join(bilingual(a) for a in ancestors(place))
        text = f"{bilingual(place)} — {place.get_kind_display()} {place.code}"
        return f"{text} ({where})" if where else text

    def _resolve(self, text: str, kinds: list[str] | None, within_code: str | None) -> None:
        within = None
        if within_code:
            within = Place.objects.filter(code=within_code).first()
            if within is None:
                raise CommandError(_("No place has the code %(code)s.") % {"code": within_code})
        resolution = resolve(text, kind=kinds, within=within)
        if resolution.place is not None:
            self.stdout.write(self._describe(resolution.place))
            self.stdout.write(_("matched by: %(how)s") % {"how": resolution.matched_by})
            if resolution.alternatives:
                self.stdout.write(_("Other places with the same spelling:"))
                for place in resolution.alternatives:
                    self.stdout.write(f"  {self._describe(place)}")
            return
        if resolution.alternatives:
            self.stdout.write(_("“%(text)s” names more than one place:") % {"text": text})
        else:
            self.stdout.write(_("No place matches “%(text)s”.") % {"text": text})
        if resolution.suggestions:
            self.stdout.write(_("Did you mean:"))
            for place, score in resolution.suggestions:
                self.stdout.write(f"  {score:5.1f}  {self._describe(place)}")
        raise CommandError(_("not resolved"), returncode=2)
