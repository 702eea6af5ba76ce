"""Staff forms for agencies: register and license, amend a licence, change its status, add a site."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phlov.migration.models import Agency, AgencyOfficer, AgencyStatus, Branch, TrainingCentre
from phlov.places.models import Place

DATE = forms.DateInput(attrs={"type": "date"})


def countries() -> Any:
    return Place.objects.filter(kind="country").exclude(code="KH").order_by("name_en")


class AgencyForm(forms.ModelForm):
    destinations = forms.ModelMultipleChoiceField(
        label=_("May send workers to"), queryset=Place.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Agency
        fields = [
            "name_en",
            "name_km",
            "licence_number",
            "licence_issued",
            "licence_expires",
            "address",
            "phone",
        ]
        widgets = {"licence_issued": DATE, "licence_expires": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        destinations = self.fields["destinations"]
        assert isinstance(destinations, forms.ModelMultipleChoiceField)
        destinations.queryset = countries()


class LicenceForm(AgencyForm):
    class Meta(AgencyForm.Meta):
        fields = ["licence_issued", "licence_expires"]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=AgencyStatus.choices)
    until = forms.DateField(label=_("Suspended until"), required=False, widget=DATE,
                            help_text=_("Needed for a suspension: it ends by itself after this date."))  # fmt: skip
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class BranchForm(forms.ModelForm):
    class Meta:
        model = Branch
        fields = ["name", "address", "province"]


class TrainingCentreForm(forms.ModelForm):
    class Meta:
        model = TrainingCentre
        fields = [
            "name",
            "address",
            "registered",
            "longest_stay_days",
            "restricts_leaving",
            "restricts_phones",
        ]


class OfficerForm(forms.ModelForm):
    class Meta:
        model = AgencyOfficer
        fields = ["kind", "name", "id_number", "phone"]


SITE_FORMS: dict[str, type[forms.ModelForm]] = {
    "branch": BranchForm, "training_centre": TrainingCentreForm, "officer": OfficerForm,
}  # fmt: skip
