from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MigrationConfig(AppConfig):
    name = "phlov.migration"
    label = "migration"
    verbose_name = _("Safe migration")

    def ready(self) -> None:
        from phlov.migration import policies  # noqa: F401  (registers the policies)
        from phlov.migration.services import common  # noqa: F401  (registers the audit actions)
