from django.db import migrations

from phlov.audit import triggers


def reinstall(apps, schema_editor):
    # The head trigger now accepts a move past a whole batch (record_many), onto a real event.
    triggers.remove(schema_editor.connection)
    triggers.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain_head_and_triggers")]
    operations = [migrations.RunPython(reinstall, reinstall)]
