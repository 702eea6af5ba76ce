"""Forms of the family part of a case."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phlov.accounts.models import Organisation
from phlov.protection import servicedata
from phlov.protection.models import FamilyNeed, FamilySupport

DATE = forms.DateInput(attrs={"type": "date"})


class FamilyNeedForm(forms.ModelForm):
    class Meta:
        model = FamilyNeed
        fields = ["need", "description", "assessed_on", "met_on"]
        widgets = {"assessed_on": DATE, "met_on": DATE}


class FamilySupportForm(forms.ModelForm):
    provider = forms.ModelChoiceField(
        label=_("provider organisation"), required=False,
        queryset=Organisation.objects.filter(is_active=True).exclude(kind="recruitment_agency").order_by("name_en"),
    )  # fmt: skip

    class Meta:
        model = FamilySupport
        fields = ["kind", "need", "provider", "description", "amount_usd", "given_on"]
        widgets = {"given_on": DATE}

    def __init__(self, *args: Any, case: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["need"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            FamilyNeed.objects.filter(case=case) if case is not None else FamilyNeed.objects.none()
        )
        low, high, source = servicedata.family_support_range()
        self.fields["amount_usd"].help_text = _(
            "For comparison: the Family Support Foundation gives US$%(low)s to US$%(high)s a family (%(source)s)."
        ) % {"low": low, "high": high, "source": source}
