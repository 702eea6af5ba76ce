"""Forms of the inspection pages (Prakas 250)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phlov.migration.models import Agency, Inspection, InspectionFinding, InspectionKind

DATE = forms.DateInput(attrs={"type": "date"})


class InspectionForm(forms.ModelForm):
    class Meta:
        model = Inspection
        fields = ["kind", "branch", "training_centre", "planned_for", "visited_on", "team"]
        widgets = {"planned_for": DATE, "visited_on": DATE}

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        branch = self.fields["branch"]
        centre = self.fields["training_centre"]
        assert isinstance(kind, forms.ChoiceField)
        assert isinstance(branch, forms.ModelChoiceField) and isinstance(centre, forms.ModelChoiceField)
        kind.choices = [
            (InspectionKind.PLANNED.value, InspectionKind.PLANNED.label),
            (InspectionKind.UNANNOUNCED.value, InspectionKind.UNANNOUNCED.label),
        ]
        branch.queryset = agency.branches.all()
        centre.queryset = agency.training_centres.all()


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = Inspection
        fields = ["planned_for", "visited_on", "team"]
        widgets = {"planned_for": DATE, "visited_on": DATE}


class FindingsForm(forms.Form):
    """One result and one note per checklist item; the fields are named after the item's id."""

    visited_on = forms.DateField(label=_("Visited on"), widget=DATE)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self, *args: Any, items: list[Any], current: dict[int, InspectionFinding], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            found = current.get(item.pk)
            self.fields[f"result_{item.pk}"] = forms.ChoiceField(
                label=f"{item.code} {item.text}",
                choices=InspectionFinding.Result.choices,
                initial=found.result if found else InspectionFinding.Result.NOT_CHECKED,
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("What was seen"),
                required=False,
                initial=found.note if found else "",
                widget=forms.TextInput(),
            )

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [(item, self[f"result_{item.pk}"], self[f"note_{item.pk}"]) for item in self.items]

    def results(self) -> dict[int, tuple[str, str]]:
        return {
            item.pk: (self.cleaned_data[f"result_{item.pk}"], self.cleaned_data[f"note_{item.pk}"])
            for item in self.items
        }


class CorrectiveActionForm(forms.Form):
    finding = forms.ModelChoiceField(
        label=_("Finding"), queryset=InspectionFinding.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("What the agency must do"), widget=forms.Textarea(attrs={"rows": 2})
    )
    due_on = forms.DateField(label=_("Deadline"), widget=DATE)

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        finding = self.fields["finding"]
        assert isinstance(finding, forms.ModelChoiceField)
        finding.queryset = inspection.findings.filter(result=InspectionFinding.Result.NON_COMPLIANT)


class ActionDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DATE)
