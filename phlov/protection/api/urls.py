from rest_framework.routers import SimpleRouter

from phlov.protection.api.views import CaseViewSet, ScreeningViewSet

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="protection-case")
router.register("screenings", ScreeningViewSet, basename="protection-screening")

# repatriation, shelters, referrals
from phlov.protection.api import referrals as referral_api  # noqa: E402
from phlov.protection.api import repatriation as repatriation_api  # noqa: E402
from phlov.protection.api import shelters as shelter_api  # noqa: E402

router.register("repatriations", repatriation_api.RepatriationViewSet, basename="protection-repatriation")
router.register("shelters", shelter_api.ShelterViewSet, basename="protection-shelter")
router.register("shelter-stays", shelter_api.ShelterStayViewSet, basename="protection-shelter-stay")
router.register("referrals", referral_api.ReferralViewSet, basename="protection-referral")

# care plan, training and work, reintegration
from phlov.protection.api import careplan as careplan_api  # noqa: E402
from phlov.protection.api import reintegration as reintegration_api  # noqa: E402
from phlov.protection.api import training as training_api  # noqa: E402

router.register("care-items", careplan_api.CareItemViewSet, basename="protection-care-item")
router.register("enrolments", training_api.EnrolmentViewSet, basename="protection-enrolment")
router.register("placements", training_api.PlacementViewSet, basename="protection-placement")
router.register("reintegrations", reintegration_api.ReintegrationViewSet, basename="protection-reintegration")

urlpatterns = router.urls
