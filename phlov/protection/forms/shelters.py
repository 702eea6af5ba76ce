"""Forms of shelters: a facility, asking for a place, admission, discharge and review."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phlov.places.models import Place
from phlov.protection import servicedata
from phlov.protection.models import Shelter

DATE = forms.DateInput(attrs={"type": "date"})


class ShelterForm(forms.ModelForm):
    province = forms.ModelChoiceField(
        label=_("province"),
        required=False,
        queryset=Place.objects.filter(kind="province").order_by("name_en"),
    )

    class Meta:
        model = Shelter
        fields = ["name_en", "name_km", "kind", "province", "capacity", "is_active"]


class StayRequestForm(forms.Form):
    shelter = forms.ModelChoiceField(label=_("shelter"), queryset=Shelter.objects.none())
    requested_on = forms.DateField(label=_("asked for a place on"), widget=DATE)
    admit = forms.BooleanField(label=_("admit now (a place is free)"), required=False)
    notes = forms.CharField(label=_("notes"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, shelters: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["shelter"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = shelters if shelters is not None else Shelter.objects.none()


class AdmitForm(forms.Form):
    admitted_on = forms.DateField(label=_("admitted on"), widget=DATE)


class DischargeForm(forms.Form):
    discharged_on = forms.DateField(label=_("discharged on"), widget=DATE)
    destination = forms.ChoiceField(
        label=_("discharged to"), choices=servicedata.choices("shelters.json", "discharge_destinations")
    )
    note = forms.CharField(label=_("discharge note"), required=False, widget=forms.Textarea)


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("what the review decided"), widget=forms.Textarea)


class CancelForm(forms.Form):
    note = forms.CharField(label=_("why"), required=False)
