"""Forms of the worker's journey and of the job order's edit page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phlov.migration.models import (
    Contract,
    HealthCheck,
    JobOrder,
    Orientation,
    OrientationTopic,
    WorkerDocument,
    WorkerEvent,
)
from phlov.migration.services.journey import CONTRACT_TERMS

DATE = forms.DateInput(attrs={"type": "date"})


class RegisterForm(forms.Form):
    person = forms.IntegerField(label=_("Person number in the registry"), min_value=1)
    job_order = forms.ModelChoiceField(label=_("Approved job order"), queryset=JobOrder.objects.none())

    def __init__(self, *args: Any, orders: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if orders is not None:
            self.fields["job_order"].queryset = orders  # type: ignore[attr-defined]


class DocumentForm(forms.ModelForm):
    class Meta:
        model = WorkerDocument
        fields = ["kind", "number", "issued_on", "expires_on"]
        widgets = {"issued_on": DATE, "expires_on": DATE}


class HealthCheckForm(forms.ModelForm):
    class Meta:
        model = HealthCheck
        fields = ["examined_on", "clinic", "fit", "valid_until"]
        widgets = {"examined_on": DATE, "valid_until": DATE}


class OrientationForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("Topics covered"),
        choices=OrientationTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Orientation
        fields = ["started_on", "completed_on", "hours_attended", "topics", "identity_verified", "trainer"]
        widgets = {"started_on": DATE, "completed_on": DATE}


class ContractForm(forms.ModelForm):
    class Meta:
        model = Contract
        fields = ["kind", "employer_name", *CONTRACT_TERMS, "delivered_at", "signed_at"]
        widgets = {"delivered_at": DATE, "signed_at": DATE}


class MoveForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class EventForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(k, v) for k, v in WorkerEvent.Kind.choices if k != WorkerEvent.Kind.TRANSITION],
    )
    by = forms.ChoiceField(label=_("Done by"), choices=WorkerEvent.By.choices)
    on = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(
        label=_("What was found or what happened"), widget=forms.Textarea(attrs={"rows": 3})
    )


class JobOrderEditForm(forms.ModelForm):
    """The terms an agency may correct on a draft or returned job order; the checks run again on save."""

    class Meta:
        model = JobOrder
        fields = ["sector_isic", "positions_count", "min_age", *CONTRACT_TERMS]
