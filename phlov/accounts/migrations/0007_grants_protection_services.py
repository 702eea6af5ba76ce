from django.db import migrations

# Grants for roles already in a database; new databases take them from data/roles.json.
# Shelters, shelter stays, referrals and transfers.
PERMISSIONS: dict[str, list[str]] = {
    "caseworker": [
        "protection.shelter:view", "protection.shelterstay:view", "protection.shelterstay:add",
        "protection.shelterstay:change", "protection.referral:view", "protection.referral:add",
        "protection.referral:change",
    ],
    "supervisor": [
        "protection.shelter:view", "protection.shelter:add", "protection.shelter:change",
        "protection.shelterstay:view", "protection.shelterstay:add", "protection.shelterstay:change",
        "protection.referral:view", "protection.referral:add", "protection.referral:change",
    ],
    "shelter_staff": ["protection.shelter:view", "protection.shelter:change"],
}  # fmt: skip


def grant(apps, schema_editor):
    from phlov.accounts.roles import grant as grant_permissions

    grant_permissions(apps.get_model("accounts", "Role"), PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_grants_worker_journey")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
