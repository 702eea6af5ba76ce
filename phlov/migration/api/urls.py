from rest_framework.routers import SimpleRouter

from phlov.migration.api.views import AgencyViewSet, JobOrderViewSet

router = SimpleRouter()
router.register("agencies", AgencyViewSet, basename="migration-agencies")
router.register("job-orders", JobOrderViewSet, basename="migration-job-orders")

urlpatterns = router.urls
