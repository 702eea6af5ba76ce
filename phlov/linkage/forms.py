"""The review forms: a decision on a pair, and undoing a merge."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("The same person: merge")), ("reject", _("Different people"))],
        widget=forms.RadioSelect,
    )
    keep = forms.ChoiceField(
        label=_("Record to keep"),
        choices=[("a", _("the first record")), ("b", _("the second record"))],
        initial="a",
        widget=forms.RadioSelect,
        required=False,
        help_text=_("The other record is kept too, and shown through this one."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class UndoForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for undoing"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
