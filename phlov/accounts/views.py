from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.utils.decorators import method_decorator

from phlov.core.access import protected, public


@method_decorator(public("the sign-in page must be reachable before signing in"), name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@method_decorator(protected(by="login: a user may end their own session"), name="dispatch")
class LogoutView(auth_views.LogoutView):
    pass
