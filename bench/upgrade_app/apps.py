from django.apps import AppConfig


class UpgradeBenchConfig(AppConfig):
    name = "bench.upgrade_app"
    label = "bench_upgrade"
    default_auto_field = "django.db.models.BigAutoField"
