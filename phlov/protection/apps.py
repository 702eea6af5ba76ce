from typing import Any

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
        register_action("protection.visit_reminder", _("remind of overdue follow-up visits"))
        register_action("protection.htcds_import", _("import cases from an HTCDS spreadsheet"))
        register_action("protection.htcds_export", _("export cases to an HTCDS spreadsheet"))
        from phlov.protection import policies_services, retrafficking  # noqa: F401  (policies)

        register_action("protection.referral", _("refer or transfer a case"))
        register_action("protection.referral_decision", _("answer, complete or revoke a referral"))
        register_action("protection.transfer", _("move a case to another organisation"))
        register_action("protection.shelter_stay", _("admit to or discharge from a shelter"))
        register_action("protection.retrafficking_alert", _("alert of a possible re-trafficking"))
        retrafficking.connect()

    def load_demo(self, *, users: dict[str, Any], organisations: dict[str, Any]) -> None:
        from phlov.protection import demo

        demo.load(users=users, organisations=organisations)
