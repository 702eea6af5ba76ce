from rest_framework.routers import SimpleRouter

from phlov.people.api.views import PersonViewSet

router = SimpleRouter()
router.register("", PersonViewSet, basename="people")

urlpatterns = router.urls
