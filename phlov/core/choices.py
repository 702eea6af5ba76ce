"""``get_<field>_display`` that translates only the label it returns.

Django's own version builds a dictionary of the field's choices with their labels made
hashable, and hashing a lazy label translates it: a stage shown in a list of 25 cases
translated about 250 labels to show 25 (measured on the case list, ``docs/benchmarks.md``).
This one keys the dictionary by value only; the label returned is the same.
"""

from __future__ import annotations

from functools import partialmethod
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


def choice_label(obj: models.Model, field: models.Field[Any, Any]) -> Any:
    value = getattr(obj, field.attname)
    labels = {make_hashable(choice): label for choice, label in field.flatchoices}
    return force_str(labels.get(make_hashable(value), value), strings_only=True)


# Django's own, which every ``get_<field>_display`` of a model class is made from.
DJANGOS: Any = getattr(models.Model, "_get_FIELD_display")  # noqa: B009 (not in the type stubs)


def _is_djangos(method: Any) -> bool:
    return isinstance(method, partialmethod) and method.func is DJANGOS


def install(app_prefix: str = "phlov.") -> int:
    """Replace Django's ``get_<field>_display`` on this project's models; how many were."""

    installed = 0
    for model in apps.get_models(include_auto_created=True):
        if not model.__module__.startswith(app_prefix):
            continue
        for field in model._meta.fields:
            name = f"get_{field.name}_display"
            if field.choices and _is_djangos(model.__dict__.get(name)):
                setattr(model, name, partialmethod(choice_label, field=field))
                installed += 1
    return installed
