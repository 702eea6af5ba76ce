"""Forms of the protection pages. Lists are checkboxes over the vocabularies in ``data/``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phlov.places.models import Place
from phlov.protection import vocab
from phlov.protection.models import Case, FollowUpVisit, TraffickingEvent
from phlov.protection.screening import Outcome
from phlov.protection.stages import Stage


def _multi(name: str, label: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, required=False, choices=vocab.choices(name), widget=forms.CheckboxSelectMultiple
    )


class ScreeningForm(forms.Form):
    screened_on = forms.DateField(label=_("screened on"), widget=forms.DateInput(attrs={"type": "date"}))
    acts = _multi("palermo_acts", _("acts"))
    means = _multi("palermo_means", _("means"))
    purposes = _multi("palermo_purposes", _("purposes"))
    ilo_indicators = _multi("ilo_indicators", _("ILO indicators"))
    outcome = forms.ChoiceField(
        label=_("decided outcome"), required=False,
        choices=[("", _("as proposed")), *Outcome.choices],
    )  # fmt: skip
    decision_reason = forms.CharField(
        label=_("reason for deciding otherwise"), required=False, widget=forms.Textarea
    )
    notes = forms.CharField(label=_("notes"), required=False, widget=forms.Textarea)


class CaseForm(forms.ModelForm):
    exploitation_forms = _multi("exploitation_forms", _("forms of exploitation"))
    means_of_control = _multi("means_of_control", _("means of control"))
    recruitment_methods = _multi("recruitment_methods", _("how recruited"))
    recruited_by = _multi("recruiter_relations", _("recruited by"))

    class Meta:
        model = Case
        fields = [
            "identified_abroad", "exploitation_forms", "sexual_exploitation_details", "means_of_control",
            "recruitment_methods", "recruited_by", "departure", "narrative",
        ]  # fmt: skip

    def __init__(self, *args: Any, hidden: set[str] = frozenset(), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        for name in hidden:
            self.fields.pop(name, None)


class EventForm(forms.ModelForm):
    place = forms.ModelChoiceField(
        label=_("place"), required=False,
        queryset=Place.objects.filter(kind__in=["country", "province", "district"]).order_by("kind", "name_en"),
    )  # fmt: skip

    class Meta:
        model = TraffickingEvent
        fields = [
            "kind", "place", "started_on", "ended_on", "border_crossing", "crossing_point", "travel_mode",
            "earnings_usd", "earnings_kept_by", "description",
        ]  # fmt: skip
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}),
            "ended_on": forms.DateInput(attrs={"type": "date"}),
        }


class VisitForm(forms.ModelForm):
    class Meta:
        model = FollowUpVisit
        fields = [
            "visited_on", "safety", "housing", "schooling", "wellbeing", "retrafficking_risk",
            "monthly_income", "cost_food", "cost_rent", "cost_family_support", "sector", "notes",
        ]  # fmt: skip
        widgets = {"visited_on": forms.DateInput(attrs={"type": "date"})}


class TransitionForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("move to"), choices=Stage.choices)
    reason = forms.CharField(label=_("reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    closure_reason = forms.ChoiceField(
        label=_("closure reason"), required=False, choices=[("", "—"), *vocab.choices("closure_reasons")]
    )
    closure_override = forms.CharField(
        label=_("reason for overriding the closure rules"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, targets: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if targets is not None:
            field = self.fields["to_stage"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(c, label) for c, label in Stage.choices if c in targets]
