"""Widgets drawn through Jinja2 give the markup Django's own templates give, and Phlov's own
widget (the place picker) is still drawn, in Khmer too."""

from __future__ import annotations

import pytest
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html
from django.utils import translation

from phlov.core.rendering import WidgetRenderer
from phlov.people.forms import PersonForm, SearchForm
from phlov.protection.forms import TransitionForm, VisitForm

pytestmark = pytest.mark.django_db


def drawn(form: object, renderer: object) -> object:
    form.renderer = renderer  # type: ignore[attr-defined]
    return parse_html(str(form))


@pytest.mark.parametrize("language", ["en", "km"])
def test_the_forms_look_the_same_as_with_djangos_templates(language: str) -> None:
    with translation.override(language):
        forms = [
            SearchForm({"q": "Sok", "age_min": "not a number", "sex": "female"}),  # with an error
            PersonForm(),
            VisitForm({"visited_on": "2026-13-40"}),
            TransitionForm(targets=["assessment", "closed"]),
        ]
        for form in forms:
            if form.is_bound:
                form.is_valid()
            assert drawn(form, WidgetRenderer()) == drawn(form, DjangoTemplates()), type(form).__name__


def test_the_place_picker_is_drawn_by_the_django_engine() -> None:
    with translation.override("km"):
        html = str(PersonForm())
    assert 'class="place-picker"' in html
    assert "ឬស្វែងរកទីកន្លែងតាមឈ្មោះ" in html  # "Or find the place by name", from its own template
