from django.urls import path

from phlov.migration import views
from phlov.migration.views import agencies as agency_views
from phlov.migration.views import complaints as complaint_views
from phlov.migration.views import deployments as deployment_views
from phlov.migration.views import disappearance as disappearance_views
from phlov.migration.views import evaluation as evaluation_views
from phlov.migration.views import inspections as inspection_views
from phlov.migration.views import journey as journey_views

app_name = "migration"
urlpatterns = [
    path("", views.index, name="index"),
    path("agencies/", views.agency_register, name="agency_register"),
    path("complaints/new/", views.complaint_new, name="complaint_new"),
    path("complaints/status/", views.complaint_status, name="complaint_status"),
    path("complaints/", complaint_views.complaint_list, name="complaints"),
    path("complaints/<int:pk>/", complaint_views.complaint_detail, name="complaint"),
    path("complaints/<int:pk>/<str:action>/", complaint_views.complaint_action, name="complaint_action"),
    path("agencies/manage/", agency_views.agency_list, name="agencies"),
    path("agencies/manage/new/", agency_views.agency_new, name="agency_new"),
    path("agencies/<int:pk>/", agency_views.agency_detail, name="agency"),
    path("agencies/<int:pk>/licence/", agency_views.agency_licence, name="agency_licence"),
    path("agencies/<int:pk>/status/", agency_views.agency_status, name="agency_status"),
    path("agencies/<int:pk>/add/<str:kind>/", agency_views.agency_site, name="agency_site"),
    path("agencies/<int:pk>/inspect/", inspection_views.inspection_new, name="inspection_new"),
    path("inspections/", inspection_views.inspection_list, name="inspections"),
    path("inspections/<int:pk>/", inspection_views.inspection_detail, name="inspection"),
    path("inspections/<int:pk>/findings/", inspection_views.inspection_findings, name="inspection_findings"),
    path(
        "inspections/<int:pk>/follow-up/", inspection_views.inspection_follow_up, name="inspection_follow_up"
    ),
    path("inspections/<int:pk>/add/<str:action>/", inspection_views.inspection_post, name="inspection_post"),
    path(
        "corrective-actions/<int:pk>/<str:step>/",
        inspection_views.corrective_action,
        name="corrective_action",
    ),
    path("evaluations/", evaluation_views.evaluation_list, name="evaluations"),
    path("evaluations/new/", evaluation_views.evaluation_round_new, name="evaluation_round_new"),
    path("evaluations/<int:pk>/", evaluation_views.evaluation_round, name="evaluation_round"),
    path("evaluations/<int:pk>/close/", evaluation_views.evaluation_close, name="evaluation_close"),
    path(
        "evaluations/<int:pk>/agencies/<int:agency_pk>/",
        evaluation_views.evaluation_score,
        name="evaluation_score",
    ),
    path(
        "evaluations/scores/<int:pk>/measure/", evaluation_views.evaluation_measure, name="evaluation_measure"
    ),
    path("job-orders/<int:pk>/", views.job_order_detail, name="job_order"),
    path("job-orders/<int:pk>/edit/", journey_views.job_order_edit, name="job_order_edit"),
    path("workers/", journey_views.worker_list, name="workers"),
    path("workers/<int:pk>/", journey_views.worker_detail, name="worker"),
    path("workers/<int:pk>/add/<str:what>/", journey_views.worker_record, name="worker_record"),
    path("workers/<int:pk>/move/<str:action>/", journey_views.worker_move, name="worker_move"),
    path("workers/<int:pk>/events/", journey_views.worker_event, name="worker_event"),
    path("workers/<int:pk>/missing/", disappearance_views.disappearance_report, name="disappearance_report"),
    path("disappearances/", disappearance_views.disappearance_list, name="disappearances"),
    path("disappearances/<int:pk>/", disappearance_views.disappearance_detail, name="disappearance"),
    path(
        "disappearances/<int:pk>/update/",
        disappearance_views.disappearance_update,
        name="disappearance_update",
    ),
    path(
        "disappearances/notices/<int:pk>/",
        disappearance_views.disappearance_notice,
        name="disappearance_notice",
    ),
    path("deployments/", deployment_views.deployment_statistics, name="deployments"),
    path("job-orders/<int:pk>/<str:action>/", views.job_order_action, name="job_order_action"),
]
