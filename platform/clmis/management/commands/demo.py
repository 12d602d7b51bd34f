from django.core.management.base import BaseCommand

from clmis.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo data: the hub and kn, lc, sr with one user per role (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load"])

    def handle(self, *args, **options):
        demo_load(report=self.stdout.write)
