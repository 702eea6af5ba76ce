"""Mounted at /api/v1/places/ inside the project's ``v1`` namespace (no namespace here).

URL names: ``v1:place-list``, ``v1:place-detail``, ``v1:place-search``, ``v1:place-resolve``.
"""

from rest_framework.routers import SimpleRouter

from phlov.places.api.views import PlaceViewSet

router = SimpleRouter()
router.register("", PlaceViewSet, basename="place")

urlpatterns = router.urls
