"""The release benchmark 15 rolls out: a column with a default, an index on it and a data migration,
the usual shape of a release's change to a country's table (bench/upgrade.py undoes it between runs)."""

from django.db import migrations, models


def readings_check(apps, schema_editor):
    apps.get_model("bench_upgrade", "Reading").objects.filter(name__endswith="0").update(checked=True)


class Migration(migrations.Migration):
    dependencies = [("bench_upgrade", "0001_initial")]

    operations = [
        migrations.AddField(model_name="reading", name="checked", field=models.BooleanField(default=False)),
        migrations.AddIndex(
            model_name="reading", index=models.Index(fields=["checked"], name="bench_reading_checked")
        ),
        migrations.RunPython(readings_check, migrations.RunPython.noop),
    ]
