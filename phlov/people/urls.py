from django.urls import path

from phlov.people import views

app_name = "people"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("new/duplicates/", views.check_duplicates, name="duplicates"),
    path("import/", views.import_upload, name="import"),
    path("export/", views.export, name="export"),
    path("import/mapping/", views.import_mapping, name="import-mapping"),
    path("import/cancel/", views.import_cancel, name="import-cancel"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/names/add/", views.add_name, name="add-name"),
    path("<int:pk>/documents/add/", views.add_document, name="add-document"),
    path("<int:pk>/phones/add/", views.add_phone, name="add-phone"),
    path("<int:pk>/<str:part>/<int:part_pk>/remove/", views.remove_part, name="remove-part"),
]
