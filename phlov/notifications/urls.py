from django.urls import path

from phlov.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
]
