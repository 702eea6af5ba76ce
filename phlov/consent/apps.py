from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "phlov.consent"
    label = "consent"
    verbose_name = _("Consent")

    def ready(self) -> None:
        from phlov.consent import policies  # noqa: F401  (registers the policies)
