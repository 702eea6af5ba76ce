"""The chain head's one row, then the triggers that keep the trail append-only."""

from django.db import migrations

from phlov.audit import triggers

GENESIS_HASH = "0" * 64


def create_head(apps, schema_editor):
    head = apps.get_model("audit", "AuditChainHead")
    head.objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"last_seq": 0, "last_hash": GENESIS_HASH}
    )


def remove_head(apps, schema_editor):
    # Runs after the triggers are gone (operations reverse in order).
    apps.get_model("audit", "AuditChainHead").objects.using(schema_editor.connection.alias).all().delete()


def install_triggers(apps, schema_editor):
    # The SQL is chosen by schema_editor.connection.vendor (SQLite or PostgreSQL).
    triggers.install(schema_editor.connection)


def remove_triggers(apps, schema_editor):
    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [
        migrations.RunPython(create_head, remove_head),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
