"""The migration the release-train tests roll out. In the schemas named in CLMIS_TEST_MIGRATION_FAILS_IN
it fails after changing the table (so the restore has something to undo); in those named in
CLMIS_TEST_MIGRATION_HANGS_IN it waits, so a test can kill the worker running it."""

import os
import time

from django.db import migrations, models


def _schemas(variable: str) -> set[str]:
    return set(filter(None, os.environ.get(variable, "").split(",")))


def probe(apps, schema_editor):
    schema = schema_editor.connection.schema_name
    apps.get_model("upgrade_probe", "Probe").objects.create(name=f"migrated {schema}")
    if schema in _schemas("CLMIS_TEST_MIGRATION_HANGS_IN"):
        time.sleep(120)
    if schema in _schemas("CLMIS_TEST_MIGRATION_FAILS_IN"):
        raise RuntimeError(f"injected failure in {schema}")


def unprobe(apps, schema_editor):
    apps.get_model("upgrade_probe", "Probe").objects.filter(name__startswith="migrated ").delete()


class Migration(migrations.Migration):
    # Not atomic: the column stays added when the function fails, as a real half-applied release would.
    atomic = False
    dependencies = [("upgrade_probe", "0001_initial")]

    operations = [
        migrations.AddField(model_name="probe", name="checked", field=models.BooleanField(default=False)),
        migrations.RunPython(probe, unprobe),
    ]
