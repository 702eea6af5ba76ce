from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MigrationConfig(AppConfig):
    name = "phlov.migration"
    label = "migration"
    verbose_name = _("Safe migration")

    def ready(self) -> None:
        from phlov.migration import policies  # noqa: F401  (registers the policies)
        from phlov.migration.services import (  # noqa: F401  (their audit actions)
            common,
            deployments,
            disappearance,
            evaluation,
            inspections,
            journey,
        )

    def load_demo(self, *, users: dict[str, Any], organisations: dict[str, Any]) -> None:
        """Demo records of this app (``phlov demo``); each concern has its own function in ``demo.py``."""

        from phlov.migration import demo

        demo.load(users=users, organisations=organisations)
