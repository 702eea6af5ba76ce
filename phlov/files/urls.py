from django.urls import path

from phlov.files import views

app_name = "files"
urlpatterns = [
    path("<uuid:file_id>/", views.download, name="download"),
    path("exports/<uuid:download_id>/", views.export_download, name="export-download"),
]
