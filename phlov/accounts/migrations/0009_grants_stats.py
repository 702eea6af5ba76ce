from django.db import migrations

# Grants for roles already in a database; new databases take them from data/roles.json.
# The analyst reads suppressed figures; the supervisor, who already sees victims' records,
# reads exact figures and opens the records behind them (through the records' own policies).
PERMISSIONS: dict[str, list[str]] = {
    "analyst": ["stats.indicator:view"],
    "supervisor": ["stats.indicator:view", "stats.indicator:exact"],
}


def grant(apps, schema_editor):
    from phlov.accounts.roles import grant as grant_permissions

    grant_permissions(apps.get_model("accounts", "Role"), PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_grants_protection_care")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
