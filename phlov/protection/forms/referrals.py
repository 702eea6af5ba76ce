"""Forms of referrals: send one (or a transfer), and answer, complete or revoke it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phlov.accounts.models import Organisation, User
from phlov.protection import servicedata
from phlov.protection.models import ReferralKind


class ReferralForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ReferralKind.choices, initial=ReferralKind.REFERRAL)
    to_organisation = forms.ModelChoiceField(label=_("to"), queryset=Organisation.objects.none())
    reason = forms.ChoiceField(label=_("reason"), choices=servicedata.choices("referrals.json", "reasons"))
    services = forms.CharField(label=_("services asked for"), required=False, max_length=300)
    details = forms.CharField(label=_("details"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, exclude: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        qs = (
            Organisation.objects.filter(is_active=True).exclude(kind="recruitment_agency").order_by("name_en")
        )
        field.queryset = qs.exclude(pk=exclude.pk) if exclude is not None else qs


class ReferralActionForm(forms.Form):
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea)
    caseworker = forms.ModelChoiceField(
        label=_("new caseworker"), required=False, queryset=User.objects.none(),
        help_text=_("For a transfer: who takes the case (you, when left empty)."),
    )  # fmt: skip

    def __init__(self, *args: Any, colleagues: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["caseworker"]
        assert isinstance(field, forms.ModelChoiceField)
        if colleagues is None:
            del self.fields["caseworker"]
        else:
            field.queryset = colleagues
