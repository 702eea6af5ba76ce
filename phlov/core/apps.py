from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "phlov.core"
    label = "core"
    verbose_name = _("Core")
    default = True

    def ready(self) -> None:
        from phlov.core import choices

        choices.install()


class PhlovAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "phlov.core.admin_site.PhlovAdminSite"
