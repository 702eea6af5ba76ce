"""Forms of the care plan pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phlov.accounts.models import Organisation
from phlov.protection import vocab
from phlov.protection.models import CareItem

DATE = forms.DateInput(attrs={"type": "date"})


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(label=_("assessed on"), widget=DATE)
    notes = forms.CharField(label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for term in vocab.terms("care_domains"):
            self.fields[f"need_{term.code}"] = forms.ChoiceField(
                label=vocab.label("care_domains", term.code),
                choices=vocab.choices("care_needs"),
                initial="unknown",
            )

    def needs(self) -> dict[str, str]:
        return {t.code: self.cleaned_data[f"need_{t.code}"] for t in vocab.terms("care_domains")}


class CareItemForm(forms.ModelForm):
    provider = forms.ModelChoiceField(
        label=_("provider organisation"), required=False, queryset=Organisation.objects.order_by("name_en")
    )

    class Meta:
        model = CareItem
        fields = ["domain", "goal", "service", "provider", "provider_name", "starts_on", "due_on", "status"]
        widgets = {"starts_on": DATE, "due_on": DATE}


class DeliveryForm(forms.Form):
    delivered_on = forms.DateField(label=_("delivered on"), widget=DATE)
    description = forms.CharField(label=_("what was delivered"), widget=forms.Textarea(attrs={"rows": 3}))
