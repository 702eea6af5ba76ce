from django.db import migrations


def add_roles(apps, schema_editor):
    from phlov.accounts.roles import sync_roles

    sync_roles(apps.get_model("accounts", "Role"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]
