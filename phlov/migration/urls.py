from django.urls import path

from phlov.migration import views

app_name = "migration"
urlpatterns = [
    path("", views.index, name="index"),
    path("agencies/", views.agency_register, name="agency_register"),
    path("complaints/new/", views.complaint_new, name="complaint_new"),
    path("complaints/status/", views.complaint_status, name="complaint_status"),
    path("job-orders/<int:pk>/", views.job_order_detail, name="job_order"),
    path("job-orders/<int:pk>/<str:action>/", views.job_order_action, name="job_order_action"),
]
