from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "phlov.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from phlov.people import policies  # noqa: F401  (registers the policies)
