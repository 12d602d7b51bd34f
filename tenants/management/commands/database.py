"""`clmis database backup`: the whole database to a file, and the nightly job's retention.

For one country, `clmis country backup|restore`. The file is pg_dump's custom format of everything (the
hub, the template, every country): restore it on a new server with `pg_restore --dbname=clmis FILE`.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from tenants.backups import database_backup, database_backup_path, database_backups_prune


class Command(BaseCommand):
    help = "Back up the whole database; with --keep-days, delete the older whole-database backups."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        backup = actions.add_parser("backup", help="Write the whole database to a file.")
        backup.add_argument("--output", help="the file (default: var/backups/clmis-<release>-<time>.dump)")
        backup.add_argument(
            "--keep-days",
            type=int,
            help="then delete the whole-database backups beside it older than this many days (the "
            "newest is always kept)",
        )

    def handle(self, *args, output=None, keep_days=None, **options):
        path = Path(output) if output else database_backup_path()
        size = database_backup(path)
        self.stdout.write(self.style.SUCCESS(f"The database written to {path} ({size:,} bytes)."))
        if keep_days is not None:
            for pruned in database_backups_prune(path.parent, keep_days=keep_days):
                self.stdout.write(f"Deleted {pruned}, older than {keep_days} days.")
