from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "phlov.protection"
    label = "protection"
    verbose_name = _("Protection")

    def ready(self) -> None:
        from phlov.audit.models import register_action
        from phlov.protection import policies  # noqa: F401  (registers the policies)

        register_action("protection.transition", _("change the stage of a case"))
        register_action("protection.transition_request", _("ask to change the stage of a case"))
        register_action("protection.transition_decision", _("decide on a stage change"))
        register_action("protection.screening", _("screen a person"))
