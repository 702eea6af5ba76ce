from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "phlov.stats"
    label = "stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from phlov.audit.services import register_action
        from phlov.stats import versions

        register_action("stats.load", _("published table loaded as records"))
        register_action("stats.drilldown", _("records behind a statistic opened"))
        register_action("stats.export", _("statistical table exported"))
        versions.connect()

    def load_demo(self, *, users: dict[str, Any], organisations: dict[str, Any]) -> None:
        from phlov.stats.demo import load_demo

        load_demo(users=users, organisations=organisations)
