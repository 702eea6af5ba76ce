"""Choice labels shown by ``get_<field>_display`` (core/choices.py) are Django's, for every field."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.utils import translation

from phlov.core import choices
from phlov.protection.models import Case


def choice_fields() -> list[tuple[type[models.Model], models.Field[Any, Any]]]:
    return [
        (model, field)
        for model in apps.get_models()
        if model.__module__.startswith("phlov.")
        for field in model._meta.fields
        if field.choices
    ]


def test_every_choice_field_of_the_project_shows_its_label_without_djangos_method() -> None:
    fields = choice_fields()
    assert len(fields) > 50
    for model, field in fields:
        owner = next(m for m in model.__mro__ if f"get_{field.name}_display" in m.__dict__)
        assert not choices._is_djangos(owner.__dict__[f"get_{field.name}_display"]), (model, field)


def test_labels_are_the_ones_django_gives_in_both_languages() -> None:
    compared = 0
    for language in ("en", "km"):
        with translation.override(language):
            for model, field in choice_fields():
                for value, _label in field.flatchoices:
                    obj = model(**{field.attname: value})
                    assert getattr(obj, f"get_{field.name}_display")() == choices.DJANGOS(obj, field)
                    compared += 1
    assert compared > 500


def test_a_value_outside_the_choices_is_shown_as_it_is() -> None:
    case = Case(stage="not-a-stage")
    assert case.get_stage_display() == "not-a-stage"


def test_a_stage_is_shown_in_khmer() -> None:
    with translation.override("km"):
        khmer = Case(stage="closed").get_stage_display()
    with translation.override("en"):
        english = Case(stage="closed").get_stage_display()
    assert khmer != english and english
