"""Run every benchmark and rewrite docs/performance.md: `DATABASE_URL=... .venv/bin/python bench/run.py`.

One command so the figures in the document always come from one run on one machine. The database state
is set up here (created, migrated, demo data) so a fresh database works as well as a reused one.
"""

import argparse
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Django is set up only once the database is known, so these are imported late
    from bench.hub_scale import HubScaleResult
    from bench.load import LoadTestResult
    from bench.matching import MatchingResult
    from bench.report import HubRun, IndicatorsRun, RegisterRun
    from bench.upgrade import UpgradeResult
    from bench.worker_memory import WorkerMemoryResult
    from tenants.models import Country

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    # Run as a script, Python puts bench/ on the path; the bench package needs the project root.
    sys.path.insert(0, str(ROOT))

DEFAULT_OUTPUT = ROOT / "docs" / "performance.md"
STARTED = time.monotonic()


@dataclass(frozen=True)
class Plan:
    """How much to measure: the full plan is the one whose figures go on record."""

    api_rounds: int
    api_batch: int
    provisioning_repetitions: int
    extra_countries: int
    migrate_repetitions: int
    register_rounds: int
    register_batch: int
    export_repetitions: int
    matching_rounds: int
    matching_batch: int
    compute_rounds: int
    page_rounds: int
    page_batch: int
    hub_rounds: int
    hub_load_rounds: int
    hub_load_requests: int
    upgrade_countries: int
    upgrade_check_repetitions: int
    upgrade_migration_repetitions: int
    load_countries: int
    load_seconds: int
    memory_requests: int
    hub_scale_rounds: int


FULL = Plan(
    api_rounds=30,
    api_batch=50,
    provisioning_repetitions=9,
    extra_countries=20,
    migrate_repetitions=5,
    register_rounds=10,
    register_batch=4,
    export_repetitions=2,
    matching_rounds=7,
    matching_batch=2,
    compute_rounds=5,
    page_rounds=20,
    page_batch=50,
    hub_rounds=7,
    hub_load_rounds=7,
    hub_load_requests=100,
    upgrade_countries=200,
    upgrade_check_repetitions=3,
    upgrade_migration_repetitions=2,
    load_countries=12,
    load_seconds=300,
    memory_requests=10_000,
    hub_scale_rounds=3,
)
QUICK = Plan(
    api_rounds=5,
    api_batch=30,
    provisioning_repetitions=2,
    extra_countries=8,
    migrate_repetitions=2,
    register_rounds=3,
    register_batch=3,
    export_repetitions=1,
    matching_rounds=2,
    matching_batch=1,
    compute_rounds=2,
    page_rounds=5,
    page_batch=30,
    hub_rounds=2,
    hub_load_rounds=2,
    hub_load_requests=40,
    upgrade_countries=20,
    upgrade_check_repetitions=1,
    upgrade_migration_repetitions=1,
    load_countries=6,
    load_seconds=60,
    memory_requests=2_000,
    hub_scale_rounds=1,
)


def main(argv: list[str] | None = None) -> int:
    options = _arguments(argv)
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        print("Set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/clmis_bench", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clmis.settings")
    # Production runs without DEBUG; with it Django also logs every query, which is not what we measure.
    os.environ.setdefault("DEBUG", "false")
    # The export benchmarks' session gave its password once, at the start: that lasts the whole run.
    os.environ.setdefault("REAUTHENTICATION_SECONDS", str(24 * 3600))
    from bench.database import database_create_if_missing, database_name

    if "bench" not in database_name(database_url) and not options.any_database:
        print(
            f"Refusing database {database_name(database_url)!r}: the suite adds and drops countries. "
            "Use a database whose name contains 'bench', or pass --any-database.",
            file=sys.stderr,
        )
        return 2
    database_create_if_missing(database_url)
    _django_setup()
    output = Path(options.output)
    plan = QUICK if options.quick else FULL
    only = {
        "indicators": _measure_indicators,
        "hub": _measure_hub,
        "upgrade": _measure_upgrade,
        "load": _measure_load,
        "worker-memory": _measure_worker_memory,
    }
    report = only.get(options.only, _measure)(plan, options)
    if options.merge:
        from bench.report import merged

        report = merged(output.read_text(encoding="utf-8"), report)
    output.write_text(report, encoding="utf-8")
    _progress(f"wrote {output}")
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Run the CLMIS benchmarks and rewrite docs/performance.md.")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and countries (a try-out)")
    parser.add_argument("--output", default=str(DEFAULT_OUTPUT), help="where to write the results")
    parser.add_argument(
        "--any-database", action="store_true", help="allow a database whose name does not contain 'bench'"
    )
    parser.add_argument(
        "--fresh-employers",
        action="store_true",
        help="delete and re-create the 100,000 bench employers (kept between runs otherwise)",
    )
    parser.add_argument(
        "--fresh-matching",
        action="store_true",
        help="delete and re-create the 100,000 bench job seekers and 20,000 vacancies (kept otherwise)",
    )
    parser.add_argument(
        "--fresh-indicators",
        action="store_true",
        help="delete and re-create the 1,000,000 bench records of benchmark 10 (kept otherwise)",
    )
    parser.add_argument(
        "--only",
        choices=("indicators", "hub", "upgrade", "load", "worker-memory"),
        help="run only these benchmarks (indicators: 10 and 11; hub: 12 and 13; upgrade: 14, 15 and 18; "
        "load: 16; worker-memory: 17), "
        "e.g. with --output elsewhere while working on them",
    )
    parser.add_argument(
        "--merge",
        action="store_true",
        help="with --only: put those benchmarks' figures into the existing report at --output in place of "
        "its own (the rest of the report stays as its run wrote it)",
    )
    options = parser.parse_args(argv)
    if options.merge and not options.only:
        parser.error("--merge goes with --only")
    return options


def _django_setup() -> None:
    import django

    django.setup()
    # Provisioning logs each throwaway country at INFO; the suite's own progress lines are enough.
    logging.getLogger("tenants").setLevel(logging.WARNING)


def _measure(plan: Plan, options: argparse.Namespace) -> str:
    """Prepare the state, run the benchmarks, always drop the throwaway countries and the session."""
    from bench import api_routing, migrate_check, provisioning, state
    from bench.environment import environment_describe, load_average
    from bench.report import Run, markdown

    _progress("preparing the database (migrate, demo data)")
    load_at_start = load_average()
    state.database_prepare()
    country = state.bench_country()
    session = state.bench_session(country)
    try:
        rows = state.bench_users_ensure(country)
        token = state.bench_token(country)
        _progress(f"1/15 API list: {plan.api_rounds} rounds of {plan.api_batch} requests x 5 variants")
        api = api_routing.run(
            country=country, token=token, rows_in_table=rows, rounds=plan.api_rounds, batch=plan.api_batch
        )
        _progress(f"2/15 new country: {plan.provisioning_repetitions} clones and migration runs")
        prov = provisioning.run(repetitions=plan.provisioning_repetitions)
        _progress(f"3/15 migrate_schemas: {plan.extra_countries} extra countries")
        mig = migrate_check.run(extra_countries=plan.extra_countries, repetitions=plan.migrate_repetitions)
        register = _register(plan, country, session, options.fresh_employers)
        matched = _matching(plan, country, options.fresh_matching)
        indicators = _indicators(plan, country, options.fresh_indicators, first=7, steps=15)
        # The hub compares every active country: benchmark 3's throwaway ones go first.
        state.throwaway_drop_all()
        hub = _hub(plan, first=9, steps=15)
        upgrade = _upgrade(plan, first=11, steps=15)
        hub_scale = _hub_scale(plan, first=13, steps=15)
        load_test = _load_test(plan, first=14, steps=15)
        memory = _worker_memory(plan, first=15, steps=15)
        environment = environment_describe(load_at_start=load_at_start)
    finally:
        _progress("dropping the throwaway countries and the bench session")
        state.throwaway_drop_all()
        state.bench_session_end(country, session)
    command = ".venv/bin/python bench/run.py" + (" --quick" if options.quick else "")
    return markdown(
        Run(
            environment,
            command,
            options.quick,
            api,
            prov,
            mig,
            token,
            register,
            matched,
            indicators,
            hub,
            upgrade,
            load_test,
            memory,
            hub_scale,
        )
    )


def _measure_indicators(plan: Plan, options: argparse.Namespace) -> str:
    """Only benchmarks 10 and 11 (`--only indicators`): the report has their sections alone."""
    from bench import state
    from bench.environment import environment_describe, load_average
    from bench.report import markdown_indicators

    _progress("preparing the database (migrate, demo data)")
    load_at_start = load_average()
    state.database_prepare()
    country = state.bench_country()
    indicators = _indicators(plan, country, options.fresh_indicators, first=1, steps=2)
    environment = environment_describe(load_at_start=load_at_start)
    command = ".venv/bin/python bench/run.py" + (" --quick" if options.quick else "") + " --only indicators"
    return markdown_indicators(environment, command, options.quick, indicators)


def _measure_hub(plan: Plan, options: argparse.Namespace) -> str:
    """Only benchmarks 12 and 13 (`--only hub`): the report has their sections alone."""
    from bench import state
    from bench.environment import environment_describe, load_average
    from bench.report import markdown_hub

    _progress("preparing the database (migrate, demo data)")
    load_at_start = load_average()
    state.database_prepare()
    hub = _hub(plan, first=1, steps=2)
    environment = environment_describe(load_at_start=load_at_start)
    command = ".venv/bin/python bench/run.py" + (" --quick" if options.quick else "") + " --only hub"
    return markdown_hub(environment, command, options.quick, hub)


def _hub(plan: Plan, *, first: int, steps: int) -> "HubRun":
    """Collection from 22 countries, full against nothing changed; the hub's pages and open data under
    load."""
    from bench import hub, hub_data
    from bench.report import HubRun

    _progress(
        f"{first}/{steps} hub collection: {len(hub_data.DEMO_CODES) + len(hub_data.HUB_CODES)} countries, "
        f"{plan.hub_rounds} rounds of full, nothing changed and one new value"
    )
    data = hub_data.hub_ensure()
    collection = hub.collection_run(data=data, rounds=plan.hub_rounds)
    _progress(
        f"{first + 1}/{steps} hub under load: {plan.hub_load_rounds} rounds of {plan.hub_load_requests} "
        f"requests from {hub.THREADS} threads x {len(hub.REQUESTS)} requests and their static files"
    )
    load = hub.load_run(rounds=plan.hub_load_rounds, requests=plan.hub_load_requests)
    return HubRun(collection, load)


def _measure_upgrade(plan: Plan, options: argparse.Namespace) -> str:
    """Only benchmarks 14, 15 and 17 (`--only upgrade`), which share the release train's database: the
    report has their sections alone."""
    from bench.environment import environment_describe, load_average
    from bench.report import markdown_upgrade

    load_at_start = load_average()
    upgrade = _upgrade(plan, first=1, steps=2)
    hub_scale = _hub_scale(plan, first=2, steps=2)
    environment = environment_describe(load_at_start=load_at_start)
    command = ".venv/bin/python bench/run.py" + (" --quick" if options.quick else "") + " --only upgrade"
    return markdown_upgrade(environment, command, options.quick, upgrade, hub_scale)


def _measure_load(plan: Plan, options: argparse.Namespace) -> str:
    """Only benchmark 16 (`--only load`), the bounded load test: 50 users over many countries."""
    from bench.environment import environment_describe, load_average
    from bench.report import markdown_load

    load_at_start = load_average()
    result = _load_test(plan, first=1, steps=1)
    environment = environment_describe(load_at_start=load_at_start)
    command = ".venv/bin/python bench/run.py" + (" --quick" if options.quick else "") + " --only load"
    return markdown_load(environment, command, options.quick, result)


def _load_test(plan: Plan, *, first: int, steps: int) -> "LoadTestResult":
    """50 users over many countries of the load database, against gunicorn (bench/load.py)."""
    from bench import load

    return load.bench_run(
        database_url=os.environ["DATABASE_URL"],
        countries=plan.load_countries,
        seconds=plan.load_seconds,
        progress=lambda message: _progress(f"{first}/{steps} {message}"),
    )


def _measure_worker_memory(plan: Plan, options: argparse.Namespace) -> str:
    """Only benchmark 17 (`--only worker-memory`): one web worker's memory over many mixed requests."""
    from bench.environment import environment_describe, load_average
    from bench.report import markdown_worker_memory

    load_at_start = load_average()
    result = _worker_memory(plan, first=1, steps=1)
    environment = environment_describe(load_at_start=load_at_start)
    command = (
        ".venv/bin/python bench/run.py" + (" --quick" if options.quick else "") + " --only worker-memory"
    )
    return markdown_worker_memory(environment, command, options.quick, result)


def _worker_memory(plan: Plan, *, first: int, steps: int) -> "WorkerMemoryResult":
    """One gunicorn worker's resident memory over the load test's mix on the load database
    (bench/worker_memory.py)."""
    from bench import worker_memory

    return worker_memory.bench_run(
        database_url=os.environ["DATABASE_URL"],
        countries=plan.load_countries,
        requests=plan.memory_requests,
        progress=lambda message: _progress(f"{first}/{steps} {message}"),
    )


def _upgrade(plan: Plan, *, first: int, steps: int) -> "UpgradeResult":
    """The release train over 200 countries of their own database: the no-op check, parallel migration."""
    from bench import upgrade

    _progress(
        f"{first}/{steps} release train: {plan.upgrade_countries} countries, "
        f"{plan.upgrade_check_repetitions} rounds of the check, {plan.upgrade_migration_repetitions} of the "
        "migration"
    )
    return upgrade.run(
        database_url=os.environ["DATABASE_URL"],
        countries=plan.upgrade_countries,
        check_repetitions=plan.upgrade_check_repetitions,
        migration_repetitions=plan.upgrade_migration_repetitions,
        progress=_progress,
    )


def _hub_scale(plan: Plan, *, first: int, steps: int) -> "HubScaleResult":
    """The hub's full collection from 22 countries against all of the release train's database (made by
    _upgrade before), both measured."""
    from bench import hub_scale

    _progress(
        f"{first}/{steps} hub collection at scale: every country of the release train's database against "
        f"the first {hub_scale.sample_size(plan.upgrade_countries)}, {plan.hub_scale_rounds} rounds"
    )
    return hub_scale.run(database_url=os.environ["DATABASE_URL"], rounds=plan.hub_scale_rounds)


def _register(plan: Plan, country: "Country", session: str, fresh_employers: bool) -> "RegisterRun":
    """The employers register benchmarks: the 100,000 rows, the lists' statements and cost, the export."""
    from django_tenants.utils import tenant_context

    from bench import employers_data, export_memory, indicators_data, matching_data, registers, state
    from bench.report import RegisterRun

    _progress(f"4/15 employers register: {employers_data.TARGET:,} employers, statements, list timings")
    if fresh_employers:
        # The bench vacancies and case records belong to bench employers: they go first, and steps 6
        # and 7 make them again.
        with tenant_context(country):
            matching_data.matching_remove()
            indicators_data.records_remove()
    data = employers_data.employers_ensure(country, fresh=fresh_employers)
    lists = registers.run(
        country=country,
        token=state.bench_token(country, state.REGISTER_USERNAME),
        session=session,
        rounds=plan.register_rounds,
        batch=plan.register_batch,
    )
    _progress(f"5/15 Excel export of ~5,000 and ~50,000 rows, {plan.export_repetitions} timed each")
    export = export_memory.run(
        country=country,
        host=registers.host(country),
        session=session,
        small=employers_data.EXPORT_SMALL,
        large=employers_data.EXPORT_LARGE,
        repetitions=plan.export_repetitions,
    )
    return RegisterRun(data, lists, export)


def _matching(plan: Plan, country: "Country", fresh_matching: bool) -> "MatchingResult":
    """Ranked matches: the job seekers and vacancies (kept between runs), then selector, API and SQL."""
    from bench import matching, matching_data, state

    _progress(
        f"6/15 matching: {matching_data.JOB_SEEKERS:,} job seekers and {matching_data.VACANCIES:,} "
        f"vacancies, {plan.matching_rounds} rounds, {plan.matching_batch} ranking(s) per case and side each"
    )
    data = matching_data.matching_ensure(country, fresh=fresh_matching)
    return matching.run(
        country=country,
        data=data,
        token=state.bench_token(country),
        rounds=plan.matching_rounds,
        batch=plan.matching_batch,
    )


def _indicators(plan: Plan, country: "Country", fresh: bool, *, first: int, steps: int) -> "IndicatorsRun":
    """The computed package over a million records against hand-written SQL; the cached public page."""
    from bench import employers_data, indicators, indicators_data
    from bench.report import IndicatorsRun

    _progress(
        f"{first}/{steps} indicators: {indicators_data.RECORDS:,} records, "
        f"{plan.compute_rounds} rounds of the {indicators.PERIOD} package"
    )
    employers_data.employers_ensure(country)
    data = indicators_data.records_ensure(country, fresh=fresh)
    compute = indicators.compute_run(country=country, data=data, rounds=plan.compute_rounds)
    _progress(
        f"{first + 1}/{steps} public indicator page: {plan.page_rounds} rounds of {plan.page_batch} requests"
    )
    page = indicators.page_run(country=country, rounds=plan.page_rounds, batch=plan.page_batch)
    return IndicatorsRun(compute, page)


def _progress(message: str) -> None:
    elapsed = int(time.monotonic() - STARTED)
    print(f"bench [{elapsed // 60}:{elapsed % 60:02d}]: {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
