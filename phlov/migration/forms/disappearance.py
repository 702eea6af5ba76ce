from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from phlov.migration.models import Disappearance, SearchStatus


class ReportMissingForm(forms.ModelForm):
    class Meta:
        model = Disappearance
        fields = ["last_contact_at", "last_seen_place", "circumstances"]
        widgets = {"last_contact_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}


class SearchUpdateForm(forms.Form):
    text = forms.CharField(label=_("Update"), widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(
        label=_("Search status"), choices=[("", _("unchanged")), *SearchStatus.choices], required=False
    )
