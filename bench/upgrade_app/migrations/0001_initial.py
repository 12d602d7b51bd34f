from django.db import migrations, models


def readings_add(apps, schema_editor):
    Reading = apps.get_model("bench_upgrade", "Reading")
    Reading.objects.bulk_create(Reading(name=f"reading {number}") for number in range(100))


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Reading",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100)),
            ],
        ),
        migrations.RunPython(readings_add, migrations.RunPython.noop),
    ]
