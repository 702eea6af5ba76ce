"""Until this migration the settings put Django's MD5 hasher first outside the tests too (a
line meant for the test run sat outside its ``if``), so passwords were stored as salted MD5,
which is fast to guess. No such hash is kept: each becomes unusable, and its holder gets a new
password from an administrator (``phlov demo --reset-passwords`` for the demo users)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import migrations


def drop_md5_hashes(apps: Any, schema_editor: Any) -> None:
    User = apps.get_model("accounts", "User")
    User.objects.filter(password__startswith="md5$").update(password=make_password(None))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0010_access_stamp")]

    operations = [migrations.RunPython(drop_md5_hashes, migrations.RunPython.noop)]
