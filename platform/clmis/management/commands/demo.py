"""`clmis demo load|generate`: the demo data, and demo data at scale (clmis.synthetic.generate)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from clmis.demo import demo_load
from clmis.synthetic.generate import demo_generate
from clmis.synthetic.tables import MAX_SCALE
from modules.reference import iso3166

DEFAULT_SEED = 2026


class Command(BaseCommand):
    help = "Load the demo data, or fill countries with synthetic records at scale (safe to run again)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("load", help="Load the hub and kn, lc, sr with one user per role.")
        generate = actions.add_parser(
            "generate",
            help="Fill the demo countries, and more up to --countries, with seeded synthetic records.",
        )
        generate.add_argument(
            "--countries", type=int, default=1, help="how many countries (kn, lc, sr first)"
        )
        generate.add_argument(
            "--scale", type=float, default=1.0, help="1.0: ~1.2 million rows a country; 0.01: ~12,000"
        )
        generate.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="the same seed gives the same rows"
        )

    def handle(self, *args, **options):
        if options["action"] == "load":
            demo_load(report=self.stdout.write)
            return
        countries, scale = options["countries"], options["scale"]
        most = len(iso3166.all_countries())
        if not 1 <= countries <= most:
            raise CommandError(
                _("--countries must be a whole number from 1 to %(most)d.") % {"most": most}, returncode=2
            )
        if not 0 < scale <= MAX_SCALE:
            raise CommandError(
                _("--scale must be above 0 and at most %(most)g.") % {"most": MAX_SCALE}, returncode=2
            )
        generated = demo_generate(
            countries=countries, scale=scale, seed=options["seed"], report=self.stdout.write
        )
        created = sum(country.created for country in generated)
        seconds = sum(country.seconds for country in generated)
        rate = created / seconds if seconds else 0.0
        self.stdout.write(
            _("%(countries)d countries, %(created)s rows made in %(seconds).1f s (%(rate)s rows/s).")
            % {
                "countries": len(generated),
                "created": f"{created:,}",
                "seconds": seconds,
                "rate": f"{rate:,.0f}",
            }
        )
