from django.db import migrations

PERMISSIONS = {
    "agency_staff": ["migration.joborder:view", "migration.joborder:add", "migration.joborder:change"],
    "labour_officer": ["migration.agency:view"],
    "complaints_officer": ["migration.agency:view"],
}


def grant(apps, schema_editor):
    from phlov.accounts.roles import grant as grant_permissions

    grant_permissions(apps.get_model("accounts", "Role"), PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_usersession")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
