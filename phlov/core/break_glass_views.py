from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from phlov.core.access import protected
from phlov.core.break_glass import MIN_REASON_LENGTH, break_glass
from phlov.core.policies import Action, OrganisationScopedPolicy, registered_policies


def openable_models(user: Any) -> dict[str, type[models.Model]]:
    """Kinds of record the user's roles work with and that can be opened by break-the-glass."""

    return {
        model._meta.label_lower: model
        for model, policy in registered_policies().items()
        if isinstance(policy, OrganisationScopedPolicy)
        and hasattr(model, "get_absolute_url")
        and policy.can_any(user, Action.VIEW)
    }


class BreakGlassForm(forms.Form):
    record_type = forms.ChoiceField(label=_("Kind of record"))
    reference = forms.CharField(label=_("Record number"), max_length=64)
    reason = forms.CharField(
        label=_("Why you need it now"),
        min_length=MIN_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The record's owner and their supervisor will read this at once."),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = choices  # type: ignore[attr-defined]


@protected(by="break_glass(): the role must work with this kind of record; audited and notified")
def break_glass_view(request: HttpRequest) -> HttpResponse:
    available = openable_models(request.user)
    if not available:
        raise Http404
    choices = [(label, str(model._meta.verbose_name).capitalize()) for label, model in available.items()]
    form = BreakGlassForm(request.POST or None, choices=choices, initial=request.GET or None)
    if request.method == "POST" and form.is_valid():
        model = available[form.cleaned_data["record_type"]]
        obj: Any = model._default_manager.filter(pk=_pk(model, form.cleaned_data["reference"])).first()
        if obj is None:
            form.add_error("reference", _("There is no record with this number."))
        else:
            try:
                break_glass(
                    actor=request.user,
                    obj=obj,
                    reason=form.cleaned_data["reason"],
                    link=obj.get_absolute_url(),
                )
            except ValidationError as error:
                form.add_error("reason", error)
            except PermissionDenied as error:
                raise Http404 from error
            else:
                return HttpResponseRedirect(obj.get_absolute_url())
    return render(request, "core/break_glass.html", {"form": form})


def _pk(model: type[models.Model], reference: str) -> Any:
    try:
        return model._meta.pk.to_python(reference.strip().lstrip("#"))
    except ValidationError:
        return None
