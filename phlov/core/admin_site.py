from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class PhlovAdminSite(admin.AdminSite):
    """Django's admin, for holders of the system administrator role only."""

    site_header = _("Phlov administration")
    site_title = _("Phlov administration")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and "system_admin" in user.role_codes())
