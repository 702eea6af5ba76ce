from django.db import migrations

# Grants for roles already in a database; new databases take them from data/roles.json.
# A supervisor exports cases to the HTCDS 2.0 template (identifiable data: not every caseworker).
PERMISSIONS: dict[str, list[str]] = {"supervisor": ["protection.case:export"]}


def grant(apps, schema_editor):
    from phlov.accounts.roles import grant as grant_permissions

    grant_permissions(apps.get_model("accounts", "Role"), PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_grants_protection_services")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
