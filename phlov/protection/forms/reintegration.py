"""Forms of the reintegration pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from phlov.places.models import Place
from phlov.protection.models import FinancialSupport, Reintegration

DATE = forms.DateInput(attrs={"type": "date"})


class ReintegrationForm(forms.ModelForm):
    place = forms.ModelChoiceField(
        label=_("place"), required=False,
        queryset=Place.objects.filter(kind__in=["province", "district"]).order_by("kind", "name_en"),
    )  # fmt: skip

    class Meta:
        model = Reintegration
        fields = [
            "destination",
            "place",
            "reintegrated_on",
            "cost_food",
            "cost_rent",
            "cost_family_support",
            "notes",
        ]
        widgets = {"reintegrated_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}


class SupportForm(forms.ModelForm):
    class Meta:
        model = FinancialSupport
        fields = ["kind", "amount", "given_on", "months", "description"]
        widgets = {"given_on": DATE}
