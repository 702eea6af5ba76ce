from django.db import migrations

# Grants for roles already in a database; new databases take them from data/roles.json.
PERMISSIONS: dict[str, list[str]] = {}


def grant(apps, schema_editor):
    from phlov.accounts.roles import grant as grant_permissions

    grant_permissions(apps.get_model("accounts", "Role"), PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_grants_inspections_evaluation")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
