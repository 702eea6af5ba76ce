from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from phlov.places.models import Place

DIMENSION_CHOICES = [
    ("destination", _("destination")), ("year", _("year")), ("sex", _("sex")), ("sector", _("sector (ISIC)")),
    ("agency", _("agency")),
]  # fmt: skip


class DeploymentFilterForm(forms.Form):
    by = forms.MultipleChoiceField(
        label=_("Count by"), choices=DIMENSION_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    destination = forms.ModelChoiceField(
        label=_("Destination"),
        queryset=Place.objects.filter(kind="country").order_by("name_en"),
        required=False,
    )
    year = forms.IntegerField(label=_("Year"), min_value=1950, max_value=2100, required=False)
