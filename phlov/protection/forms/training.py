"""Forms of the training and work pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from phlov.accounts.models import Organisation
from phlov.protection import vocab
from phlov.protection.models import Course, Placement

DATE = forms.DateInput(attrs={"type": "date"})


class InterestForm(forms.Form):
    recorded_on = forms.DateField(label=_("recorded on"), widget=DATE)
    interests = forms.MultipleChoiceField(
        label=_("training the person wants"),
        choices=vocab.choices("course_kinds"),
        widget=forms.CheckboxSelectMultiple,
    )
    aptitudes = forms.CharField(label=_("aptitudes and experience"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    notes = forms.CharField(label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CourseForm(forms.ModelForm):
    provider = forms.ModelChoiceField(
        label=_("provider organisation"), required=False, queryset=Organisation.objects.order_by("name_en")
    )

    class Meta:
        model = Course
        fields = ["kind", "name", "provider", "provider_name", "location", "places", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class EnrolForm(forms.Form):
    course = forms.ModelChoiceField(label=_("course"), queryset=Course.objects.none())
    enrolled_on = forms.DateField(label=_("enrolled on"), widget=DATE)
    not_wanted_reason = forms.CharField(
        label=_("why a course the person did not ask for"), required=False,
        help_text=_("Needed only when the course is not among the training the person wants."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def __init__(self, *args: Any, courses: QuerySet[Course], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["course"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = courses


class EnrolmentStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=vocab.choices("enrolment_statuses"))


class PlacementForm(forms.ModelForm):
    class Meta:
        model = Placement
        fields = [
            "kind",
            "employer",
            "sector",
            "starts_on",
            "ends_on",
            "monthly_wage",
            "startup_support",
            "notes",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}
