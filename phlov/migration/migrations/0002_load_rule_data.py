"""Load the rule parameters and minimum wages (each row with its source) from ``migration/data``."""

import json
from pathlib import Path
from typing import Any

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps: Any, schema_editor: Any) -> None:
    parameter = apps.get_model("migration", "RuleParameter")
    wage = apps.get_model("migration", "MinimumWage")
    place = apps.get_model("places", "Place")
    for row in json.loads((DATA / "parameters.json").read_text(encoding="utf-8")):
        key = row.pop("key")
        parameter.objects.update_or_create(key=key, defaults=row)
    countries = {p.code: p for p in place.objects.filter(kind="country")}
    for row in json.loads((DATA / "minimum_wages.json").read_text(encoding="utf-8")):
        country = countries.get(row.pop("country"))
        if country is None:
            continue
        wage.objects.update_or_create(
            country=country, area=row.pop("area"), valid_from=row.pop("valid_from"), defaults=row
        )


class Migration(migrations.Migration):
    dependencies = [("migration", "0001_initial"), ("places", "0003_load_places")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
