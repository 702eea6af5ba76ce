from django.urls import path

from phlov.protection import views

app_name = "protection"
urlpatterns = [
    path("", views.index, name="index"),
    path("screen/<int:person_pk>/", views.screening_create, name="screen"),
    path("screenings/<int:pk>/", views.screening_detail, name="screening"),
    path("open/<int:person_pk>/", views.case_create, name="open"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/edit/", views.case_edit, name="edit"),
    path("cases/<int:pk>/stage/", views.transition, name="transition"),
    path("cases/<int:pk>/events/add/", views.event_add, name="event_add"),
    path("cases/<int:pk>/visits/add/", views.visit_record, name="visit_add"),
    path("cases/<int:pk>/visits/<int:visit_pk>/", views.visit_record, name="visit"),
    path("changes/<int:pk>/decide/", views.decide, name="decide"),
]
