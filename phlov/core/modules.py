"""The modules of Phlov, as the navigation and the home pages show them.

A module is available once its app provides its entry page (``url_name``); until then the
navigation lists it as coming, so people see the whole shape of the system and what is live.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Module:
    code: str
    label: str | Promise
    summary: str | Promise
    url_name: str

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


MODULES: tuple[Module, ...] = (
    Module("people", _("People"), _("One registry of people across agencies."), "people:index"),
    Module(
        "protection",
        _("Protection"),
        _("Victims' cases from identification to reintegration and follow-up."),
        "protection:index",
    ),
    Module(
        "migration",
        _("Safe migration"),
        _("Recruitment agencies, job orders, workers, complaints."),
        "migration:index",
    ),
    Module("prevention", _("Prevention"), _("Households at risk, support and outreach."), "prevention:index"),
    Module(
        "prosecution",
        _("Prosecution"),
        _("Brokers, traffickers and referrals to police."),
        "prosecution:index",
    ),
    Module("stats", _("Statistics"), _("Indicators, standard tables and dashboards."), "stats:index"),
    Module(
        "places", _("Places"), _("Provinces, districts, communes, villages and countries."), "places:index"
    ),
    Module("audit", _("Audit trail"), _("Who did what, when, to which record."), "audit:index"),
    Module("accounts", _("Users and roles"), _("Organisations, users and their roles."), "accounts:index"),
    Module(
        "admin",
        _("System administration"),
        _("Django administration for system administrators."),
        "admin:index",
    ),
)

BY_CODE = {m.code: m for m in MODULES}
