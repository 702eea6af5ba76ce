"""Forms of the evaluation pages (Prakas 251)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phlov.migration.models import AgencyMeasure, EvaluationRound

DATE = forms.DateInput(attrs={"type": "date"})


class RoundForm(forms.ModelForm):
    class Meta:
        model = EvaluationRound
        fields = [
            "label",
            "period_start",
            "period_end",
            "panel_government",
            "panel_employers",
            "panel_workers",
        ]
        widgets = {"period_start": DATE, "period_end": DATE}


class ScoreForm(forms.Form):
    """One score per criterion in use, with the criterion's weight and source shown beside it."""

    note = forms.CharField(label=_("Panel's note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, criteria: list[Any], current: dict[int, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            found = current.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.DecimalField(
                label=criterion.name,
                min_value=Decimal(0),
                max_value=criterion.max_score,
                decimal_places=2,
                initial=found.score if found else None,
            )
            self.fields[f"evidence_{criterion.pk}"] = forms.CharField(
                label=_("Evidence"), required=False, max_length=300, initial=found.note if found else ""
            )

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [(c, self[f"score_{c.pk}"], self[f"evidence_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, tuple[Decimal, str]]:
        return {
            c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"evidence_{c.pk}"])
            for c in self.criteria
        }


class MeasureForm(forms.ModelForm):
    class Meta:
        model = AgencyMeasure
        fields = ["kind", "reason", "amount", "decided_on"]
        widgets = {"decided_on": DATE, "reason": forms.Textarea(attrs={"rows": 2})}


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To"), widget=DATE)
