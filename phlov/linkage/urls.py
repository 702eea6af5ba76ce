from django.urls import path

from phlov.linkage import views

app_name = "linkage"
urlpatterns = [
    path("", views.index, name="index"),
    path("pairs/<int:pk>/", views.pair, name="pair"),
    path("pairs/<int:pk>/decide/", views.decide, name="decide"),
    path("merges/<int:pk>/undo/", views.undo, name="undo"),
]
