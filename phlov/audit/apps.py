from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "phlov.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        # Registers AuditEventPolicy and connects the sign-in receivers.
        from phlov.audit import policies, signals  # noqa: F401
