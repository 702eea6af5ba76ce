"""Load the reference places: countries, regions and every Cambodian unit, with aliases.

The loading logic lives in phlov.places.loader so that 'phlov places load' and the tests
run the same code; it is given the historical models here.
"""

from django.db import migrations


def load(apps, schema_editor):
    from phlov.places.loader import load_places

    load_places(apps.get_model("places", "Place"), apps.get_model("places", "PlaceAlias"))


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0002_place_key_km"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop, elidable=False),
    ]
