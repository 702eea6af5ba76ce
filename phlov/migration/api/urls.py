from rest_framework.routers import SimpleRouter

from phlov.migration.api.complaints import ComplaintViewSet
from phlov.migration.api.evaluation import EvaluationRoundViewSet
from phlov.migration.api.inspections import InspectionViewSet
from phlov.migration.api.journey import WorkerViewSet
from phlov.migration.api.views import AgencyViewSet, JobOrderViewSet

router = SimpleRouter()
router.register("agencies", AgencyViewSet, basename="migration-agencies")
router.register("job-orders", JobOrderViewSet, basename="migration-job-orders")
router.register("inspections", InspectionViewSet, basename="migration-inspections")
router.register("evaluation-rounds", EvaluationRoundViewSet, basename="migration-evaluation-rounds")
router.register("complaints", ComplaintViewSet, basename="migration-complaints")
router.register("workers", WorkerViewSet, basename="migration-workers")

urlpatterns = router.urls
