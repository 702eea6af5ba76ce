from django.urls import URLPattern, path

from phlov.stats import views

app_name = "stats"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("province/", views.province, name="province"),
    path("records/", views.records, name="records"),
    path("indicators/", views.indicator_list, name="indicators"),
    path("tables/", views.table_list, name="tables"),
    path("tables/export/", views.table_export, name="export"),
    path("published/", views.published, name="published"),
]
