"""An app that exists only in the test settings, whose last migration the release-train tests unapply
in some countries (making them "behind") and can make fail, or hang, in chosen schemas."""

from django.apps import AppConfig


class UpgradeProbeConfig(AppConfig):
    name = "tests.upgrade_app"
    label = "upgrade_probe"
    default_auto_field = "django.db.models.BigAutoField"
