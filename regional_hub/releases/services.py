"""Every change of the release train: cutting a release, planning a rollout, and each country's upgrade.

Called alike by the hub's pages, the `clmis release` command and the Celery tasks.
"""

import datetime
import logging
import os
import socket
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context, schema_exists

from clmis import RELEASE
from clmis.accounts.actors import actor_label
from clmis.audit.context import acting
from modules.registry import installed_modules
from regional_hub.releases.locks import SLOT, UPGRADE, Locks
from regional_hub.releases.models import Release, Rollout, RolloutCountry, RolloutEvent, version_key
from regional_hub.releases.smoke import smoke_problems
from tenants.migration_state import expected_migrations, schemas_behind
from tenants.models import Country
from tenants.schemas import (
    backup_name,
    backups_of,
    schema_backup,
    schema_drop,
    schema_migrate,
    schema_restore,
)
from tenants.services import country_reference_refresh, country_roles_sync, country_status_set

logger = logging.getLogger(__name__)

# An upgrade interrupted this many times (its worker died each time) is given up, restored.
MAX_ATTEMPTS = 3

Step = RolloutCountry.Step
Outcome = RolloutEvent.Outcome


class UpgradeFailed(Exception):
    """A step of a country's upgrade could not be done; the message says what went wrong."""


# --- Releases -----------------------------------------------------------------------------------------


def release_contents() -> dict:
    """What the running code holds: its modules with their versions, and every migration."""
    modules = [
        {
            "key": config.manifest.key,
            "title": str(config.manifest.title),
            "version": config.manifest.version,
            "contributed_by": config.manifest.contributed_by,
        }
        for config in installed_modules()
    ]
    migrations = expected_migrations(shared=True) | expected_migrations(shared=False)
    return {"modules": modules, "migrations": sorted(f"{app}.{name}" for app, name in migrations)}


@transaction.atomic
def release_cut(
    *, kind: str, notes: dict[str, str], released_on: datetime.date | None = None, by=None
) -> Release:
    """Record the running code's release (clmis.RELEASE) with its notes.

    What it contains and brings is read from the code, compared with the newest release recorded
    before it: the migrations no earlier release had and the modules new in it.
    """
    with schema_context(get_public_schema_name()), acting(actor_label(by)):
        if Release.objects.filter(version=RELEASE).exists():
            raise ValidationError(
                {"version": _("Release %(version)s is already recorded.") % {"version": RELEASE}}
            )
        previous = release_latest()
        if previous is not None and version_key(previous.version) > version_key(RELEASE):
            raise ValidationError(
                {
                    "version": _(
                        "The running code is release %(code)s, older than %(latest)s, the newest "
                        "recorded: a release is cut from newer code only."
                    )
                    % {"code": RELEASE, "latest": previous.version}
                }
            )
        if kind not in Release.Kind.values:
            raise ValidationError(
                {"kind": _("Choose the type: %(kinds)s.") % {"kinds": ", ".join(Release.Kind.values)}}
            )
        if not (notes.get("en") or "").strip():
            raise ValidationError({"notes": _("Write the release notes, in English at least.")})
        contents = release_contents()
        known_migrations = set(previous.migrations) if previous else set()
        known_modules = {module["key"] for module in previous.modules} if previous else set()
        release = Release(
            version=RELEASE,
            kind=kind,
            released_on=released_on or timezone.localdate(),
            notes={language: text.strip() for language, text in notes.items() if text.strip()},
            modules=contents["modules"],
            migrations=contents["migrations"],
            brings=[name for name in contents["migrations"] if name not in known_migrations],
            # The first release recorded brings everything, but no module is "new" in it.
            new_modules=[
                module["key"]
                for module in contents["modules"]
                if previous and module["key"] not in known_modules
            ],
            cut_by=actor_label(by),
        )
        release.full_clean()
        release.save()
    logger.info("release %s cut", release.version)
    return release


def release_latest() -> Release | None:
    releases = list(Release.objects.all())
    return max(releases, key=lambda release: version_key(release.version), default=None)


# --- Rollouts -----------------------------------------------------------------------------------------


@transaction.atomic
def rollout_start(
    *,
    release: Release,
    countries: Iterable[Country],
    workers: int = 1,
    wave: int = 1,
    window: tuple[datetime.time, datetime.time] | None = None,
    send: bool = True,
    by=None,
) -> Rollout:
    """Plan the upgrade of countries to a release and (with `send`) send its workers to Celery.
    Refused whole, with every reason, if any country cannot be upgraded to it."""
    with schema_context(get_public_schema_name()), acting(actor_label(by)):
        _check_release_runs(release)
        if not 1 <= workers <= settings.RELEASE_MAX_WORKERS:
            raise ValidationError(
                {
                    "workers": _("Upgrade between 1 and %(most)s countries at a time.")
                    % {"most": settings.RELEASE_MAX_WORKERS}
                }
            )
        rollout = Rollout.objects.create(release=release, workers=workers, created_by=actor_label(by))
        _countries_add(rollout, countries, wave=wave, window=window)
        if send:
            transaction.on_commit(lambda: rollout_send(rollout))
    return rollout


@transaction.atomic
def rollout_countries_add(
    *,
    rollout: Rollout,
    countries: Iterable[Country],
    wave: int,
    window: tuple[datetime.time, datetime.time] | None = None,
    by=None,
) -> list[RolloutCountry]:
    """Add countries to a running rollout, as a later wave or in another window."""
    with schema_context(get_public_schema_name()), acting(actor_label(by)):
        rollout = Rollout.objects.select_for_update().get(pk=rollout.pk)
        if rollout.state != Rollout.State.RUNNING:
            raise ValidationError(_("This rollout is over; start a new one."))
        _check_release_runs(rollout.release)
        added = _countries_add(rollout, countries, wave=wave, window=window)
        transaction.on_commit(lambda: rollout_send(rollout))
    return added


@transaction.atomic
def rollout_cancel(*, rollout: Rollout, by=None) -> int:
    """Cancel the countries still waiting; those being upgraded finish. Returns how many were cancelled."""
    with schema_context(get_public_schema_name()), acting(actor_label(by)):
        waiting = list(
            rollout.countries.select_for_update(skip_locked=True).filter(state=RolloutCountry.State.WAITING)
        )
        for upgrade in waiting:
            upgrade.state = RolloutCountry.State.CANCELLED
            upgrade.finished_at = timezone.now()
            upgrade.save(update_fields=["state", "finished_at"])
            _event(upgrade, "", Outcome.REFUSED, _("Cancelled by %(actor)s.") % {"actor": actor_label(by)})
        _rollout_finish_if_done(rollout)
    return len(waiting)


def rollout_send(rollout: Rollout) -> None:
    """Send the rollout's workers (extra ones find every slot taken and stop at once)."""
    from regional_hub.releases.tasks import release_rollout_work

    for _slot in range(rollout.workers):
        release_rollout_work.delay(rollout.pk)


def _check_release_runs(release: Release) -> None:
    if release.version != RELEASE:
        raise ValidationError(
            {
                "release": _(
                    "The code running here is release %(code)s: deploy the code of %(release)s before "
                    "rolling it out."
                )
                % {"code": RELEASE, "release": release.version}
            }
        )


def _countries_add(
    rollout: Rollout,
    countries: Iterable[Country],
    *,
    wave: int,
    window: tuple[datetime.time, datetime.time] | None,
) -> list[RolloutCountry]:
    countries = list(countries)
    if not countries:
        raise ValidationError({"countries": _("Choose at least one country.")})
    if wave < 1:
        raise ValidationError({"wave": _("Waves are numbered from 1.")})
    if window is not None and window[0] == window[1]:
        raise ValidationError({"window": _("The window must open and close at different times.")})
    target = rollout.release.version
    busy = dict(
        RolloutCountry.objects.filter(country__in=countries, state__in=RolloutCountry.ACTIVE).values_list(
            "country_id", "rollout_id"
        )
    )
    behind = set(schemas_behind([country.schema_name for country in countries]))
    problems = []
    for country in countries:
        if country.pk in busy:
            problems.append(
                _("%(country)s is already being upgraded (rollout #%(rollout)s).")
                % {"country": country, "rollout": busy[country.pk]}
            )
        elif version_key(country.release) > version_key(target):
            problems.append(
                _("%(country)s is on release %(applied)s, newer than %(release)s.")
                % {"country": country, "applied": country.release, "release": target}
            )
        elif country.release == target and country.schema_name not in behind:
            problems.append(
                _("%(country)s is already on release %(release)s.") % {"country": country, "release": target}
            )
    if problems:
        raise ValidationError({"countries": problems})
    start, end = window or (None, None)
    return [
        RolloutCountry.objects.create(
            rollout=rollout, country=country, wave=wave, window_start=start, window_end=end
        )
        for country in countries
    ]


# --- Working a rollout --------------------------------------------------------------------------------


def worker_label() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def rollout_work(rollout: Rollout, *, worker: str | None = None) -> list[RolloutCountry]:
    """Upgrade the rollout's countries one after another until none can be taken now.

    First takes up countries whose worker died mid-upgrade (restoring their schema). Stops at once
    if the rollout's worker slots are all taken. Returns the upgrades this worker finished.
    """
    worker = worker or worker_label()
    done: list[RolloutCountry] = []
    with Locks() as locks, schema_context(get_public_schema_name()):
        slot = next((s for s in range(rollout.workers) if locks.take(SLOT, rollout.pk * 100 + s)), None)
        if slot is None:
            return done
        for upgrade in rollout.countries.filter(state=RolloutCountry.State.RUNNING):
            if locks.take(UPGRADE, upgrade.pk):
                try:
                    upgrade_resume(upgrade, worker=worker)
                finally:
                    locks.release(UPGRADE, upgrade.pk)
        while (upgrade := _next_upgrade(rollout, locks)) is not None:
            try:
                country_upgrade(upgrade, worker=worker)
            finally:
                locks.release(UPGRADE, upgrade.pk)
            done.append(upgrade)
        _rollout_finish_if_done(rollout)
    return done


def _next_upgrade(rollout: Rollout, locks: Locks) -> RolloutCountry | None:
    """Claim the next country of the earliest unfinished wave that is in its window now."""
    now = timezone.now()
    with transaction.atomic():
        active = rollout.countries.filter(state__in=RolloutCountry.ACTIVE)
        wave = min(active.values_list("wave", flat=True), default=None)
        if wave is None:
            return None
        candidates = (
            rollout.countries.select_for_update(skip_locked=True, of=("self",))
            .select_related("country", "rollout__release")
            .filter(state=RolloutCountry.State.WAITING, wave=wave)
        )
        for upgrade in candidates:
            if upgrade.in_window(now) and locks.take(UPGRADE, upgrade.pk):
                upgrade.state = RolloutCountry.State.RUNNING
                upgrade.attempts += 1
                upgrade.started_at = now
                upgrade.release_before = upgrade.country.release
                upgrade.status_before = upgrade.country.status
                upgrade.save(
                    update_fields=["state", "attempts", "started_at", "release_before", "status_before"]
                )
                return upgrade
    return None


def country_upgrade(upgrade: RolloutCountry, *, worker: str) -> RolloutCountry:
    """Close the country, back its schema up, migrate, check, reopen. A failure restores the schema
    from the backup and reopens the country on its old release; the rollout goes on with the others."""
    country = upgrade.country
    release = upgrade.rollout.release
    step = Step.MAINTENANCE
    try:
        _step(upgrade, step, worker)
        country_status_set(country=country, status=Country.Status.MAINTENANCE)
        time.sleep(settings.RELEASE_DRAIN_SECONDS)

        step = _step(upgrade, Step.BACKUP, worker)
        label = f"{timezone.now():%Y%m%d%H%M%S}_{upgrade.pk}"
        upgrade.backup_schema = backup_name(country.schema_name, label)
        upgrade.save(update_fields=["backup_schema"])
        schema_backup(country.schema_name, upgrade.backup_schema)

        step = _step(upgrade, Step.MIGRATE, worker)
        schema_migrate(country.schema_name)
        country_roles_sync(country)
        country_reference_refresh(country)

        step = _step(upgrade, Step.SMOKE, worker)
        problems = smoke_problems(country, backup=upgrade.backup_schema)
        if problems:
            raise UpgradeFailed("; ".join(problems))

        step = _step(upgrade, Step.REOPEN, worker)
        with transaction.atomic():
            country.release = release.version
            country.save(update_fields=["release"])
            country_status_set(country=country, status=upgrade.status_before)
            _upgrade_end(upgrade, RolloutCountry.State.UPGRADED)
            _event(upgrade, Step.REOPEN, Outcome.DONE, release.version, worker)
    except Exception as error:
        _upgrade_fail(upgrade, step, error, worker)
        return upgrade
    _backups_prune(country.schema_name)
    logger.info("country %s upgraded to %s", country.code, release.version)
    return upgrade


def upgrade_resume(upgrade: RolloutCountry, *, worker: str) -> RolloutCountry:
    """Take up an upgrade whose worker died: put the schema back as it was and try again (or give up
    after MAX_ATTEMPTS)."""
    _restore(upgrade, worker)
    if upgrade.attempts >= MAX_ATTEMPTS:
        upgrade.error = _("Interrupted %(times)s times; left on release %(release)s.") % {
            "times": upgrade.attempts,
            "release": upgrade.release_before,
        }
        _upgrade_end(upgrade, RolloutCountry.State.FAILED)
        _event(upgrade, upgrade.step, Outcome.FAILED, upgrade.error, worker)
    else:
        upgrade.state = RolloutCountry.State.WAITING
        upgrade.step = ""
        upgrade.backup_schema = ""
        upgrade.save(update_fields=["state", "step", "backup_schema"])
        _event(upgrade, "", Outcome.RESUMED, "", worker)
    return upgrade


def _step(upgrade: RolloutCountry, step: str, worker: str) -> str:
    upgrade.step = step
    upgrade.save(update_fields=["step"])
    _event(upgrade, step, Outcome.STARTED, "", worker)
    return step


def _upgrade_fail(upgrade: RolloutCountry, step: str, error: Exception, worker: str) -> None:
    logger.exception("upgrade of %s failed at %s", upgrade.country.code, step)
    connection.set_schema_to_public()
    _event(upgrade, step, Outcome.FAILED, str(error), worker)
    _restore(upgrade, worker)
    upgrade.error = f"{upgrade.get_step_display()}: {error}"
    _upgrade_end(upgrade, RolloutCountry.State.FAILED)


def _restore(upgrade: RolloutCountry, worker: str) -> None:
    """Put back the schema from the upgrade's backup (if it was taken) and reopen the country as it was."""
    country = Country.objects.get(pk=upgrade.country_id)
    backup = upgrade.backup_schema
    if backup and schema_exists(backup):
        schema_restore(country.schema_name, backup)
        _event(upgrade, upgrade.step, Outcome.RESTORED, backup, worker)
    if upgrade.status_before and country.status != upgrade.status_before:
        country_status_set(country=country, status=upgrade.status_before)


def _upgrade_end(upgrade: RolloutCountry, state: str) -> None:
    upgrade.state = state
    upgrade.finished_at = timezone.now()
    upgrade.save(update_fields=["state", "finished_at", "error"])


def _rollout_finish_if_done(rollout: Rollout) -> None:
    with transaction.atomic():
        rollout = Rollout.objects.select_for_update().get(pk=rollout.pk)
        if rollout.state == Rollout.State.RUNNING and not rollout.countries.filter(
            state__in=RolloutCountry.ACTIVE
        ):
            rollout.state = Rollout.State.FINISHED
            rollout.finished_at = timezone.now()
            rollout.save(update_fields=["state", "finished_at"])


def _backups_prune(schema: str) -> None:
    """Keep the newest RELEASE_BACKUPS_KEPT backups of a country's schema (for rolling back)."""
    backups = backups_of(schema)
    for backup in backups[: max(len(backups) - settings.RELEASE_BACKUPS_KEPT, 0)]:
        schema_drop(backup)


def _event(upgrade: RolloutCountry, step: str, outcome: str, detail: str = "", worker: str = "") -> None:
    RolloutEvent.objects.create(upgrade=upgrade, step=step, outcome=outcome, detail=detail, worker=worker)
