"""`clmis release cut|list|rollout|status|resume|cancel|work`: the release train from the command line.

`rollout` and `resume` run the rollout's workers as processes of this machine (`clmis release work`)
and print each country's progress until nothing is left that can run now; a rollout whose countries
wait for their window is finished later by `resume` (or by the beat, if Celery runs).
"""

import datetime
import subprocess
import sys
import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from clmis import RELEASE
from regional_hub.releases.models import Release, Rollout, RolloutCountry
from regional_hub.releases.selectors import rollout_progress
from regional_hub.releases.services import release_cut, rollout_cancel, rollout_start, rollout_work
from tenants.models import Country

POLL_SECONDS = 1.0
# This same installation's `clmis`, whichever way this process was started.
CLMIS = (sys.executable, "-c", "from clmis.cli import main; main()")


class Command(BaseCommand):
    help = "Cut a release, roll it out to countries, follow and resume rollouts."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        cut = actions.add_parser("cut", help=f"Record the running code's release ({RELEASE}).")
        cut.add_argument("--kind", choices=Release.Kind.values, required=True)
        cut.add_argument("--notes", required=True, help="the release notes in English")
        cut.add_argument(
            "--notes-in",
            nargs=2,
            action="append",
            default=[],
            metavar=("LANGUAGE", "NOTES"),
            help="the notes in another language, e.g. --notes-in nl '...' (repeatable)",
        )
        cut.add_argument("--date", type=datetime.date.fromisoformat, help="YYYY-MM-DD (default today)")
        actions.add_parser("list", help="The releases and how many countries are on each.")
        rollout = actions.add_parser("rollout", help="Upgrade countries to the running code's release.")
        rollout.add_argument("countries", help="country codes separated by commas, or 'all'")
        rollout.add_argument("--wave", type=int, default=1)
        rollout.add_argument("--window", help="local time in each country, e.g. 22:00-04:00")
        rollout.add_argument("--workers", type=int, default=1, help="countries upgraded at a time")
        rollout.add_argument("--no-wait", action="store_true", help="plan it and leave it to Celery")
        for name, text in (
            ("status", "Each country's progress in a rollout."),
            ("resume", "Run a rollout's workers again (after a crash, or once windows open)."),
            ("cancel", "Cancel the countries still waiting in a rollout."),
            ("work", "Run one worker of a rollout (what `rollout` and `resume` start)."),
        ):
            sub = actions.add_parser(name, help=text)
            sub.add_argument("rollout", type=int)

    def handle(self, *args, **options):
        try:
            getattr(self, f"_{options['action']}")(**options)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages), returncode=2) from error

    def _cut(self, *, kind, notes, notes_in, date, **_options):
        release = release_cut(kind=kind, notes={"en": notes, **dict(notes_in)}, released_on=date)
        self.stdout.write(
            self.style.SUCCESS(f"Release {release.version} cut: {len(release.brings)} migrations it brings, ")
            + f"new modules: {', '.join(release.new_modules) or 'none'}."
        )

    def _list(self, **_options):
        for release in Release.objects.all():
            on = Country.objects.filter(release=release.version).count()
            self.stdout.write(
                f"{release.version}\t{release.kind}\t{release.released_on}\t{on} countries"
                + ("\t(running code)" if release.version == RELEASE else "")
            )

    def _rollout(self, *, countries, wave, window, workers, no_wait, **_options):
        release = Release.objects.filter(version=RELEASE).first()
        if release is None:
            raise CommandError(f"Release {RELEASE} is not cut yet: `clmis release cut` first.", returncode=2)
        rollout = rollout_start(
            release=release,
            countries=_countries(countries),
            workers=workers,
            wave=wave,
            window=_window(window),
            send=no_wait,
        )
        planned = rollout.countries.count()
        self.stdout.write(f"Rollout #{rollout.pk} of {release.version}: {planned} countries.")
        if not no_wait:
            self._run(rollout)

    def _status(self, *, rollout, **_options):
        self._print(_rollout(rollout))

    def _resume(self, *, rollout, **_options):
        self._run(_rollout(rollout))

    def _cancel(self, *, rollout, **_options):
        cancelled = rollout_cancel(rollout=_rollout(rollout))
        self.stdout.write(f"{cancelled} waiting countries cancelled.")

    def _work(self, *, rollout, **_options):
        for upgrade in rollout_work(_rollout(rollout)):
            self.stdout.write(f"{upgrade.country.code}\t{upgrade.state}")

    def _run(self, rollout: Rollout) -> None:
        """Start the workers, print every change of a country's state or step until they stop."""
        workers = [
            # Our own interpreter and command; only the rollout's number is variable.
            subprocess.Popen([*CLMIS, "release", "work", str(rollout.pk)], stdout=subprocess.DEVNULL)  # noqa: S603
            for _slot in range(rollout.workers)
        ]
        seen: dict[int, tuple[str, str]] = {}
        while True:
            running = any(worker.poll() is None for worker in workers)
            for line in rollout_progress(rollout):
                if seen.get(line.pk) != (line.state, line.step):
                    seen[line.pk] = (line.state, line.step)
                    self.stdout.write(_line(line))
            if not running:
                break
            time.sleep(POLL_SECONDS)
        rollout.refresh_from_db()
        failed = rollout.countries.filter(state=RolloutCountry.State.FAILED).count()
        waiting = rollout.countries.filter(state=RolloutCountry.State.WAITING).count()
        self.stdout.write(
            f"Rollout #{rollout.pk}: {rollout.get_state_display()}; {failed} failed, {waiting} waiting "
            "for their window or wave."
        )
        if failed:
            raise CommandError(f"{failed} countries failed and were restored.", returncode=1)

    def _print(self, rollout: Rollout) -> None:
        self.stdout.write(f"Rollout #{rollout.pk} of {rollout.release}: {rollout.get_state_display()}")
        for line in rollout_progress(rollout):
            self.stdout.write(_line(line))


def _line(upgrade: RolloutCountry) -> str:
    step = f" at {upgrade.get_step_display()}" if upgrade.step and upgrade.is_active else ""
    error = f": {upgrade.error}" if upgrade.error else ""
    return f"{upgrade.country.code}\twave {upgrade.wave}\t{upgrade.get_state_display()}{step}{error}"


def _rollout(pk: int) -> Rollout:
    rollout = Rollout.objects.select_related("release").filter(pk=pk).first()
    if rollout is None:
        raise CommandError(f"There is no rollout #{pk}.", returncode=2)
    return rollout


def _countries(codes: str) -> list[Country]:
    if codes == "all":
        return list(Country.objects.all())
    wanted = [code.strip().lower() for code in codes.split(",") if code.strip()]
    found = {country.code: country for country in Country.objects.filter(schema_name__in=wanted)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise CommandError(f"No country with code {', '.join(unknown)}.", returncode=2)
    return [found[code] for code in wanted]


def _window(text: str | None) -> tuple[datetime.time, datetime.time] | None:
    if not text:
        return None
    try:
        start, end = (datetime.time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError as error:
        raise CommandError("Give the window as HH:MM-HH:MM, e.g. 22:00-04:00.", returncode=2) from error
    return start, end
