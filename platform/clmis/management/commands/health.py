"""`clmis health`: what /health/ready/ answers, from the command line (for scripts and the install check)."""

import json

from django.core.management.base import BaseCommand, CommandError

from clmis.health import health_report


class Command(BaseCommand):
    help = "Check the database, the broker and the migrations; exit 1 when anything fails."

    def handle(self, *args, **options):
        report = health_report()
        self.stdout.write(json.dumps(report, indent=2))
        if report["status"] != "ok":
            raise CommandError("Not ready: see the report above.")
