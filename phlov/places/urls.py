from django.urls import path

from phlov.places import views

app_name = "places"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("picker/children/", views.picker_children, name="picker-children"),
    path("picker/search/", views.picker_search, name="picker-search"),
    path("picker/choose/", views.picker_choose, name="picker-choose"),
]
