"""Forms of the household pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from phlov.people.documents import validate_number
from phlov.people.models import Relationship

MEMBER_RELATIONSHIPS = [(value, label) for value, label in Relationship.choices if value != Relationship.HEAD]


class HouseholdForm(forms.Form):
    idpoor_number = forms.CharField(
        label=_("IDPoor household number"),
        required=False,
        max_length=40,
        help_text=_("As written on the IDPoor card, if the household has one."),
    )

    def clean_idpoor_number(self) -> str:
        number = str(self.cleaned_data.get("idpoor_number") or "").strip()
        return validate_number("idpoor_household", number) if number else ""


class MemberForm(forms.Form):
    person = forms.IntegerField(
        label=_("Registry number of the person"),
        min_value=1,
        help_text=_("The number shown after # on the person's page."),
    )
    relationship = forms.ChoiceField(label=_("Relationship to the head"), choices=MEMBER_RELATIONSHIPS)


class HeadForm(forms.Form):
    former_head_relationship = forms.ChoiceField(
        label=_("The former head's relationship to the new head"),
        choices=MEMBER_RELATIONSHIPS,
        initial=Relationship.OTHER,
    )


class RelationshipForm(forms.Form):
    relationship = forms.ChoiceField(label=_("Relationship to the head"), choices=MEMBER_RELATIONSHIPS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("relationship") == Relationship.HEAD:
            raise ValidationError(_("A household has one head."))
        return data
