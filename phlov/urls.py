from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from phlov.core import views as core_views
from phlov.core.access import public
from phlov.core.break_glass_views import break_glass_view

api_v1 = [
    path("places/", include("phlov.places.api.urls")),
    path("people/", include("phlov.people.api.urls")),
    path("protection/", include("phlov.protection.api.urls")),
    path("migration/", include("phlov.migration.api.urls")),
    path("stats/", include("phlov.stats.api.urls")),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("accounts/", include("phlov.accounts.urls")),
    path("break-glass/", break_glass_view, name="break_glass"),
    path("places/", include("phlov.places.urls")),
    path("audit/", include("phlov.audit.urls")),
    path("people/", include("phlov.people.urls")),
    path("linkage/", include("phlov.linkage.urls")),
    path("files/", include("phlov.files.urls")),
    path("protection/", include("phlov.protection.urls")),
    path("migration/", include("phlov.migration.urls")),
    path("stats/", include("phlov.stats.urls")),
    path("notifications/", include("phlov.notifications.urls")),
    path("api/v1/", include((api_v1, "v1"))),
    path(
        "api/schema/",
        public("the API's description is published with the source code; it holds no data")(
            SpectacularAPIView.as_view(api_version="v1")
        ),
        name="schema",
    ),
    path(
        "api/docs/",
        public("interactive API documentation, served from Phlov's own static files")(
            SpectacularSwaggerView.as_view(url_name="schema")
        ),
        name="api-docs",
    ),
    path(
        "api/redoc/",
        public("API reference documentation, served from Phlov's own static files")(
            SpectacularRedocView.as_view(url_name="schema")
        ),
        name="api-redoc",
    ),
    path("admin/", admin.site.urls),
]

handler400 = "phlov.core.views.bad_request"
handler403 = "phlov.core.views.permission_denied"
handler404 = "phlov.core.views.page_not_found"
handler500 = "phlov.core.views.server_error"
