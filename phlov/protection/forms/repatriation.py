"""Forms of repatriation: start one (procedure, host country, agency), record its dates, mark a
step done."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phlov.accounts.models import Organisation
from phlov.places.models import Place
from phlov.protection import servicedata
from phlov.protection.models import Repatriation

DATE = forms.DateInput(attrs={"type": "date"})
COUNTRIES = {p.country for p in servicedata.procedures()}


class RepatriationStartForm(forms.ModelForm):
    host_country = forms.ModelChoiceField(label=_("host country"), queryset=Place.objects.none())

    class Meta:
        model = Repatriation
        fields = ["procedure", "host_country", "host_agency", "identified_on", "notes"]
        widgets = {"identified_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["host_country"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Place.objects.filter(kind="country", code__in=sorted(COUNTRIES)).order_by("name_en")
        self.fields["procedure"].help_text = _(
            "Each procedure's steps and time limits are listed with their sources."
        )


class RepatriationForm(forms.ModelForm):
    escort_organisation = forms.ModelChoiceField(
        label=_("escorting organisation"), required=False,
        queryset=Organisation.objects.filter(is_active=True).order_by("name_en"),
    )  # fmt: skip

    class Meta:
        model = Repatriation
        fields = [
            "host_agency", "identified_on", "family_tracing_requested_on", "family_tracing_done_on",
            "family_assessment_on", "family_assessment_result", "handover_on", "border_point", "escort",
            "escort_organisation", "notes",
        ]  # fmt: skip
        widgets = {
            name: DATE
            for name in ("identified_on", "family_tracing_requested_on", "family_tracing_done_on",
                         "family_assessment_on", "handover_on")
        }  # fmt: skip

    def __init__(self, *args: Any, hidden: set[str] = frozenset(), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        for name in hidden:
            self.fields.pop(name, None)


class StepDoneForm(forms.Form):
    done_on = forms.DateField(label=_("done on"), widget=DATE)
    note = forms.CharField(label=_("note"), required=False, max_length=300)
