from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from phlov.migration.models import Complaint


class AgencySearchForm(forms.Form):
    q = forms.CharField(label=_("Agency name or licence number"), max_length=100, required=False)


class ComplaintForm(forms.ModelForm):
    class Meta:
        model = Complaint
        fields = [
            "lodged_by", "complainant_name", "complainant_phone", "complainant_province", "worker_name", "group_size", "respondent_kind",
            "agency", "respondent_name", "destination", "category", "description", "amount_claimed",
        ]  # fmt: skip


class ReferenceForm(forms.Form):
    reference = forms.CharField(label=_("Reference number"), max_length=20)
