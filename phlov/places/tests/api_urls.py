"""The places API mounted as the project mounts it, for a schema of its own endpoints."""

from django.urls import include, path

urlpatterns = [path("api/v1/", include(([path("places/", include("phlov.places.api.urls"))], "v1")))]
