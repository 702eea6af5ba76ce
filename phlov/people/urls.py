from django.urls import path

from phlov.people import household_views, import_views, views

app_name = "people"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("new/duplicates/", views.check_duplicates, name="duplicates"),
    path("import/", import_views.import_upload, name="import"),
    path("export/", views.export, name="export"),
    path("import/mapping/", import_views.import_mapping, name="import-mapping"),
    path("import/cancel/", import_views.import_cancel, name="import-cancel"),
    path("import/jobs/<int:pk>/", import_views.import_job, name="import-job"),
    path("import/jobs/<int:pk>/register/", import_views.import_register, name="import-register"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/names/add/", views.add_name, name="add-name"),
    path("<int:pk>/documents/add/", views.add_document, name="add-document"),
    path("<int:pk>/phones/add/", views.add_phone, name="add-phone"),
    path("<int:pk>/<str:part>/<int:part_pk>/remove/", views.remove_part, name="remove-part"),
    path("<int:pk>/household/new/", household_views.create, name="household-create"),
    path("households/<int:pk>/", household_views.detail, name="household"),
    path("households/<int:pk>/members/add/", household_views.add_member, name="household-add-member"),
    path(
        "households/<int:pk>/members/<int:member_pk>/remove/",
        household_views.remove_member,
        name="household-remove-member",
    ),
    path(
        "households/<int:pk>/members/<int:member_pk>/head/", household_views.set_head, name="household-head"
    ),
    path(
        "households/<int:pk>/members/<int:member_pk>/relationship/",
        household_views.change_relationship,
        name="household-relationship",
    ),
]
