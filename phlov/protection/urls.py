from django.urls import path

from phlov.protection import views
from phlov.protection.views import careplan as careplan_views
from phlov.protection.views import family as family_views
from phlov.protection.views import htcds as htcds_views
from phlov.protection.views import referrals as referral_views
from phlov.protection.views import reintegration as reintegration_views
from phlov.protection.views import repatriation as repatriation_views
from phlov.protection.views import retrafficking as retrafficking_views
from phlov.protection.views import screens as screen_views
from phlov.protection.views import shelters as shelter_views
from phlov.protection.views import training as training_views

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
    # care plan, training and work, reintegration, HTCDS, work screens
    path("cases/<int:pk>/care/", careplan_views.plan, name="careplan"),
    path("cases/<int:pk>/care/assess/", careplan_views.assess, name="careplan_assess"),
    path("cases/<int:pk>/care/add/", careplan_views.item, name="careplan_add"),
    path("cases/<int:pk>/care/<int:item_pk>/", careplan_views.item, name="careplan_item"),
    path("cases/<int:pk>/care/<int:item_pk>/deliver/", careplan_views.deliver, name="careplan_deliver"),
    path("cases/<int:pk>/training/", training_views.case_training, name="training"),
    path("cases/<int:pk>/training/interests/", training_views.interests, name="training_interests"),
    path("cases/<int:pk>/training/enrol/", training_views.enrol, name="training_enrol"),
    path(
        "cases/<int:pk>/training/enrolments/<int:enrolment_pk>/",
        training_views.enrolment_status,
        name="training_enrolment",
    ),
    path("cases/<int:pk>/placements/add/", training_views.placement_add, name="placement_add"),
    path("training/", training_views.courses, name="courses"),
    path("training/courses/add/", training_views.course_add, name="course_add"),
    path("cases/<int:pk>/reintegration/", reintegration_views.case_reintegration, name="reintegration"),
    path(
        "cases/<int:pk>/reintegration/add/", reintegration_views.reintegration_add, name="reintegration_add"
    ),
    path(
        "cases/<int:pk>/reintegration/support/", reintegration_views.support_add, name="reintegration_support"
    ),
    path("htcds/", htcds_views.index, name="htcds"),
    path("htcds/imports/<int:pk>/", htcds_views.import_detail, name="htcds_import"),
    path("htcds/export/", htcds_views.export, name="htcds_export"),
    path("my-work/", screen_views.my_work, name="my_work"),
    path("supervision/", screen_views.supervision, name="supervision"),
]

urlpatterns += [  # repatriation, shelters, referrals and transfers, family, re-trafficking
    path("cases/<int:pk>/repatriation/start/", repatriation_views.start, name="repatriation_start"),
    path("repatriations/", repatriation_views.overdue, name="repatriations"),
    path("repatriations/<int:pk>/", repatriation_views.detail, name="repatriation"),
    path("repatriations/<int:pk>/edit/", repatriation_views.edit, name="repatriation_edit"),
    path("repatriations/<int:pk>/steps/<int:step_pk>/done/", repatriation_views.step_done,
         name="repatriation_step"),
    path("shelters/", shelter_views.board, name="shelters"),
    path("shelters/add/", shelter_views.shelter_add, name="shelter_add"),
    path("shelters/<int:pk>/", shelter_views.shelter_detail, name="shelter"),
    path("shelters/<int:pk>/edit/", shelter_views.shelter_edit, name="shelter_edit"),
    path("cases/<int:pk>/shelter/", shelter_views.stay_request, name="stay_request"),
    path("stays/<int:pk>/", shelter_views.stay_detail, name="stay"),
    path("stays/<int:pk>/admit/", shelter_views.stay_admit, name="stay_admit"),
    path("stays/<int:pk>/discharge/", shelter_views.stay_discharge, name="stay_discharge"),
    path("stays/<int:pk>/review/", shelter_views.stay_review, name="stay_review"),
    path("stays/<int:pk>/cancel/", shelter_views.stay_cancel, name="stay_cancel"),
    path("cases/<int:pk>/refer/", referral_views.refer, name="referral_add"),
    path("referrals/", referral_views.index, name="referrals"),
    path("referrals/<int:pk>/", referral_views.detail, name="referral"),
    path("referrals/<int:pk>/<str:action>/", referral_views.act, name="referral_action"),
    path("cases/<int:pk>/family/", family_views.family, name="family"),
    path("cases/<int:pk>/family/needs/add/", family_views.need_add, name="family_need_add"),
    path("cases/<int:pk>/family/needs/<int:need_pk>/met/", family_views.need_met, name="family_need_met"),
    path("cases/<int:pk>/family/support/add/", family_views.support_add, name="family_support_add"),
    path("alerts/<int:pk>/decide/", retrafficking_views.decide, name="retrafficking_decide"),
]  # fmt: skip
