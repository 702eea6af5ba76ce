from django.urls import path

from phlov.places import views

app_name = "places"
urlpatterns = [
    path("", views.index, name="index"),
]
