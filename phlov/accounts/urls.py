from django.urls import path

from phlov.accounts import otp_views, views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("second-factor/setup/", otp_views.otp_setup, name="otp_setup"),
    path("second-factor/", otp_views.otp_verify, name="otp_verify"),
]
