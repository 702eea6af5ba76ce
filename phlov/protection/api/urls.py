from rest_framework.routers import SimpleRouter

from phlov.protection.api.views import CaseViewSet, ScreeningViewSet

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="protection-case")
router.register("screenings", ScreeningViewSet, basename="protection-screening")

urlpatterns = router.urls
