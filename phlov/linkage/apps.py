from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkageConfig(AppConfig):
    name = "phlov.linkage"
    label = "linkage"
    verbose_name = _("Record linkage")

    def ready(self) -> None:
        from phlov.audit.services import register_action
        from phlov.linkage import policies  # noqa: F401  (registers the policies)

        register_action("linkage.run", _("record linkage run"))
        register_action("linkage.reject", _("reject a likely duplicate"))
