"""Forms of the people pages. The village is chosen with the places app's picker."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from phlov.people.documents import DocumentKind, validate_number
from phlov.people.models import NameKind, Person, PersonName, Script, Sex
from phlov.people.phones import normalise_phone
from phlov.places.forms import ProvinceField
from phlov.places.models import Place, PlaceKind


class DateInput(forms.DateInput):
    input_type = "date"


def _picker_available() -> bool:
    try:
        reverse("places:picker-children")
    except NoReverseMatch:
        return False
    return True


def village_field(required: bool = False) -> forms.Field:
    """The places app's picker down to the village; a village chosen by its code or name
    (resolved by phlov.places.resolver) when the picker is not installed."""

    if _picker_available():
        from phlov.places.forms import PlacePickerField

        return PlacePickerField(
            deepest=PlaceKind.VILLAGE,
            min_kind=PlaceKind.VILLAGE,
            required=required,
            label=_("Village of origin"),
        )
    return VillageTextField(required=required, label=_("Village of origin"))


class VillageTextField(forms.CharField):
    def to_python(self, value: Any) -> Place | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        from phlov.places.resolver import resolve

        found = resolve(text, kind=PlaceKind.VILLAGE)
        if found.place is None:
            raise ValidationError(_("No village matches this name; give its code."))
        return found.place


def province_choices() -> ProvinceField:
    return ProvinceField(required=False, label=_("Province of origin"), empty_label=_("Any province"))


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, document or phone"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", _("Any")), *Sex.choices])
    age_min = forms.IntegerField(label=_("Age from"), required=False, min_value=0, max_value=120)
    age_max = forms.IntegerField(label=_("Age to"), required=False, min_value=0, max_value=120)
    province = province_choices()


class PersonForm(forms.ModelForm):
    """The person's own fields; fields the user may not see are left out."""

    class Meta:
        model = Person
        fields = [
            "family_name_km",
            "given_name_km",
            "family_name_latin",
            "given_name_latin",
            "sex",
            "birth_date",
            "birth_date_precision",
            "estimated_age",
            "nationality",
            "ethnicity",
            "origin_village",
            "origin_province",
            "notes",
        ]
        widgets = {"birth_date": DateInput(), "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, hidden: set[str] | frozenset[str] = frozenset(), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["origin_village"] = village_field()
        self.fields["nationality"].queryset = Place.objects.filter(kind=PlaceKind.COUNTRY).order_by("name_en")  # type: ignore[attr-defined]
        self.fields["origin_province"] = province_choices()
        self.fields["origin_province"].help_text = _("Taken from the village when a village is given.")
        for name in hidden:
            self.fields.pop(name, None)
        if self.instance.pk and "origin_village" in self.fields:
            self.initial["origin_village"] = self.instance.origin_village

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(
            data.get(f) for f in ("family_name_km", "given_name_km", "family_name_latin", "given_name_latin")
        ):
            raise ValidationError(_("Give at least one name, in Khmer script or in Latin letters."))
        return data

    def _post_clean(self) -> None:
        # The service validates the person; the form only checks its own fields.
        pass

    def person_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.fields}


class NewPersonForm(PersonForm):
    """Registration: the person, and optionally a first phone and a first document."""

    phone = forms.CharField(label=_("Phone number"), required=False, max_length=40)
    document_kind = forms.ChoiceField(
        label=_("Kind of document"), required=False, choices=[("", "—"), *DocumentKind.choices]
    )
    document_number = forms.CharField(label=_("Document number"), required=False, max_length=40)

    def __init__(self, *args: Any, hidden: set[str] | frozenset[str] = frozenset(), **kwargs: Any):
        super().__init__(*args, hidden=hidden, **kwargs)
        if "phones" in hidden:
            self.fields.pop("phone")
        if "documents" in hidden:
            self.fields.pop("document_kind")
            self.fields.pop("document_number")

    def clean_phone(self) -> str:
        phone = self.cleaned_data.get("phone", "")
        return normalise_phone(phone) if phone else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, number = data.get("document_kind"), data.get("document_number")
        if number and not kind:
            self.add_error("document_kind", _("Say which document this number is from."))
        elif kind and number:
            try:
                data["document_number"] = validate_number(kind, number)
            except ValidationError as error:
                self.add_error("document_number", error)
        elif kind and not number:
            self.add_error("document_number", _("Enter the document number."))
        return data

    def person_data(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data.get(name)
            for name in self.fields
            if name not in ("phone", "document_kind", "document_number")
        }

    def phones(self) -> list[str]:
        return [self.cleaned_data["phone"]] if self.cleaned_data.get("phone") else []

    def documents(self) -> list[dict[str, Any]]:
        if self.cleaned_data.get("document_number"):
            return [
                {"kind": self.cleaned_data["document_kind"], "number": self.cleaned_data["document_number"]}
            ]
        return []


class NameForm(forms.ModelForm):
    class Meta:
        model = PersonName
        fields = ["family", "given", "script", "kind", "source"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["script"].choices = list(Script.choices)  # type: ignore[attr-defined]
        self.fields["kind"].choices = list(NameKind.choices)  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        pass


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    number = forms.CharField(label=_("Number"), max_length=40)
    issuing_country = forms.ModelChoiceField(
        queryset=Place.objects.filter(kind=PlaceKind.COUNTRY).order_by("name_en"),
        required=False,
        label=_("Issuing country"),
    )
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DateInput())
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, number = data.get("kind"), data.get("number")
        country = data.get("issuing_country")
        if kind and number:
            try:
                data["number"] = validate_number(kind, number, country.code if country else None)
            except ValidationError as error:
                self.add_error("number", error)
        return data


class PhoneForm(forms.Form):
    number = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        help_text=_("e.g. 012 345 678, or +66 81 234 5678 for Thailand"),
    )
    note = forms.CharField(label=_("Note"), max_length=100, required=False)

    def clean_number(self) -> str:
        return normalise_phone(self.cleaned_data["number"])


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV or Excel file"), help_text=_("The first row holds the column names."))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not (name.endswith(".csv") or name.endswith(".xlsx")):
            raise ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > 50 * 1024 * 1024:
            raise ValidationError(_("The file is larger than 50 MB."))
        return upload


class ImportMappingForm(forms.Form):
    """One choice per column of the file: which field it goes to."""

    create_duplicates = forms.BooleanField(
        label=_("Also register the rows that look like people already registered"), required=False
    )

    def __init__(
        self,
        *args: Any,
        headers: list[str],
        suggested: dict[str, str],
        choices: list[tuple[str, Any]],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.headers = headers
        for position, header in enumerate(headers):
            self.fields[f"column_{position}"] = forms.ChoiceField(
                label=header or f"#{position + 1}",
                choices=[("", _("(leave out)")), *choices],
                required=False,
                initial=suggested.get(header, ""),
            )

    def column_fields(self) -> list[forms.BoundField]:
        return [self[f"column_{i}"] for i in range(len(self.headers))]

    def mapping(self) -> dict[str, str]:
        mapping: dict[str, str] = {}
        for position, header in enumerate(self.headers):
            target = self.cleaned_data.get(f"column_{position}")
            if target:
                mapping[header] = target
        return mapping

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        targets = [data.get(f"column_{i}") for i in range(len(self.headers))]
        used = [t for t in targets if t]
        if len(used) != len(set(used)):
            raise ValidationError(_("Two columns go to the same field."))
        if not used:
            raise ValidationError(_("Choose at least one column to import."))
        return data
