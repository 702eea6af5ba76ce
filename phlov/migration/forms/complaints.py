"""Forms of the complaints officer's pages (Prakas 249)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

DATE = forms.DateInput(attrs={"type": "date"})

STEP_KINDS = (
    ("note", _("fact-finding note")),
    ("meeting", _("conciliation meeting")),
    ("agreement", _("agreement (compensation agreed)")),
    ("payment", _("payment (compensation paid)")),
)


class StepForm(forms.Form):
    kind = forms.ChoiceField(label=_("Step"), choices=STEP_KINDS)
    happened_on = forms.DateField(label=_("Date"), widget=DATE)
    text = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}))
    amount = forms.DecimalField(label=_("Amount (USD)"), required=False, min_value=0, decimal_places=2,
                                help_text=_("For an agreement or a payment."))  # fmt: skip

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("kind") in ("agreement", "payment") and data.get("amount") is None:
            self.add_error("amount", _("Give the amount."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class PersonForm(forms.Form):
    person = forms.IntegerField(label=_("Person number in the registry"), min_value=1)
