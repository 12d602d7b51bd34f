"""docs/performance.md, written from the measured figures so the document never drifts from a real run."""

import re
from dataclasses import dataclass

from bench.api_routing import ApiResult, VariantResult
from bench.environment import Environment
from bench.migrate_check import MigrateCheckResult
from bench.provisioning import ProvisioningResult
from bench.timing import Series, milliseconds

# django-tenants' default measured earlier on this project, the figure the routing had to beat.
EARLIER_STOCK_RATIO = 1.4
SQL_WIDTH = 150
RATIOS = (
    "The ratio on record is per round: each variant's time divided by B's in the same round (they ran "
    "back to back), then the median over the rounds, which cancels the drift of other work on the "
    "shared cores. The ratio of the fastest rounds is a second, independent estimate (contention only "
    "ever adds time)."
)
SQL_COUNTING = (
    "SQL per request counts the statements Django executes (captured with CaptureQueriesContext on a "
    "steady-state request). Not counted: the connection health check (CONN_HEALTH_CHECKS), a `SELECT 1` "
    "psycopg runs directly, once per request in every variant."
)


@dataclass(frozen=True)
class Run:
    environment: Environment
    command: str
    quick: bool
    api: ApiResult
    provisioning: ProvisioningResult
    migrate_check: MigrateCheckResult
    token: str


def markdown(run: Run) -> str:
    sections = [
        _heading(run),
        _summary(run),
        _machine(run.environment),
        _api(run.api, run.token),
        _provisioning(run.provisioning),
        _migrate_check(run.migrate_check),
        _reproduce(run),
    ]
    return "\n\n".join(sections).rstrip() + "\n"


def _heading(run: Run) -> str:
    mode = " (quick run: fewer repetitions, fewer countries)" if run.quick else ""
    return (
        "# Performance\n\n"
        f"Measured {run.environment.date}{mode} by `bench/run.py`, which rewrites this file on every run: "
        "do not edit it by hand. Every figure is the median of several repetitions taken after a warm-up, "
        "with the variants compared side by side in the same run. Ratios are taken per repetition (the "
        "two things compared ran back to back) and their median is reported. Ratios are what matters; "
        "the absolute times belong to this machine."
    )


def _summary(run: Run) -> str:
    api, prov, mig = run.api, run.provisioning, run.migrate_check
    verdict = "meets" if api.ratio("A") < EARLIER_STOCK_RATIO else "does NOT meet"
    return _table(
        ["Benchmark", "Result"],
        [
            [
                "1. Authenticated API list, routed / plain",
                f"**{api.ratio('A'):.2f}x** ({verdict} the target of beating django-tenants' "
                f"~{EARLIER_STOCK_RATIO}x); django-tenants here: {api.ratio('C'):.2f}x, "
                f"{api.ratio('D'):.2f}x with its default TENANT_LIMIT_SET_CALLS; "
                f"{len(api.results['A'].statements)} SQL statements per request routed and plain, "
                f"{len(api.results['C'].statements)} and {len(api.results['D'].statements)} with "
                f"django-tenants; noise floor (identical copy of A / A) {api.ratio('A2', to='A'):.2f}x",
            ],
            [
                "2. New country, migrations / clone",
                f"**{prov.ratio:.2f}x**: clone {prov.clone.median:.2f} s, "
                f"migrations {prov.migrate.median:.2f} s",
            ],
            [
                f"3. `migrate_schemas` with nothing to apply, {mig.schemas} schemas, --all-schemas / plain",
                f"**{mig.ratio:.2f}x**: plain {mig.plain.median:.2f} s, "
                f"--all-schemas {mig.all_schemas.median:.2f} s",
            ],
        ],
    )


def _machine(env: Environment) -> str:
    rows = [
        ["Date", env.date],
        ["CPU", f"{env.cpu_model}; {env.cores} cores ({env.usable_cores} usable by the process)"],
        ["Memory", f"{env.memory_gib:.1f} GiB"],
        ["OS", env.os],
        ["Python", env.python],
        ["Django", env.django],
        ["django-tenants", env.django_tenants],
        ["Django REST framework", env.drf],
        ["psycopg", env.psycopg],
        ["PostgreSQL", env.postgresql],
        ["Product commit", env.commit],
        ["Load", env.load],
        ["Settings", ", ".join(f"{key}={value}" for key, value in env.settings.items())],
    ]
    return "## Machine and versions\n\n" + _table(["", ""], rows)


def _api(api: ApiResult, token: str) -> str:
    plain = api.results["B"]
    rows = [_api_row(api, key) for key in api.results]
    statements = "\n\n".join(_statement_listing(result, token) for result in api.results.values())
    return (
        "## 1. Authenticated API list through tenant routing vs the same view without tenancy\n\n"
        f"`GET /api/v1/bench/users/` (bench/views.py: a DRF ListAPIView of the country's users, "
        f"token authentication, the project's default permissions, filters and a page of "
        f"{api.rows_listed} out of {api.rows_in_table} rows) in country kn, through Django's WSGI handler "
        "in one process on one persistent connection. Each round times a batch of "
        f"{api.requests_per_batch} requests per variant; the variants take turns going first. Every "
        "variant was checked to answer the identical page before timing.\n\n"
        + _table(
            [
                "Variant",
                "Median per request",
                "Fastest to slowest round",
                "Requests/s",
                "Ratio to B (per round)",
                "Ratio to B (fastest rounds)",
                "SQL per request",
            ],
            rows,
        )
        + f"\n\nRounds per variant: {plain.per_request.repetitions}. {RATIOS}\n\n{SQL_COUNTING}\n\n"
        "- **A** routed: the project's full MIDDLEWARE; CountryRoutingMiddleware finds kn from the Host "
        "(remembered per process for TENANT_ROUTING_TTL seconds) and the project backend skips "
        "`SET search_path` when the schema is unchanged.\n"
        "- **B** plain: the same MIDDLEWARE without HealthMiddleware and CountryRoutingMiddleware, the "
        "connection pinned once to kn with `connection.set_tenant()`: a single-schema Django site.\n"
        "- **C** django-tenants' TenantMainMiddleware in place of ours (it needs a Domain row for "
        "`kn.localhost`, created for the run and removed after) with django-tenants' own `set_tenant`.\n"
        "- **D** as C with `TENANT_LIMIT_SET_CALLS=False`, django-tenants' out-of-the-box default.\n"
        "- **A2** a second, separately built copy of A: how far A2 comes out from A is the noise floor "
        f"of this measurement (here {api.ratio('A2', to='A'):.2f}x per round).\n\n"
        "SQL of one request per variant (token redacted):\n\n" + statements
    )


def _api_row(api: ApiResult, key: str) -> list[str]:
    result = api.results[key]
    series = result.per_request
    return [
        f"**{key}** {result.variant.title}",
        milliseconds(series.median),
        f"{milliseconds(series.low)} to {milliseconds(series.high)}",
        f"{1 / series.median:.0f}",
        f"**{api.ratio(key):.2f}x**",
        f"{api.fastest_ratio(key):.2f}x",
        str(len(result.statements)),
    ]


def _statement_listing(result: VariantResult, token: str) -> str:
    lines = [_sql_line(sql, token) for sql in result.statements]
    body = "\n".join(f"{n}. {line}" for n, line in enumerate(lines, 1)) or "(none)"
    return f"{result.variant.key}: {len(lines)} statements\n\n```sql\n{body}\n```"


def _sql_line(sql: str, token: str) -> str:
    line = re.sub(r"\s+", " ", sql.replace(token, "<token>")).strip()
    return line if len(line) <= SQL_WIDTH else line[: SQL_WIDTH - 1] + "…"


def _provisioning(prov: ProvisioningResult) -> str:
    return (
        "## 2. New country by clone vs by migrations\n\n"
        "Clone: `tenants.services.country_provision()` (checks the template is current, inserts the "
        "Country row, clones `country_template` with django-tenants' clone_schema function, syncs the "
        "roles). Migrations: `CREATE SCHEMA` then `migrate_schemas --schema` (our override hands "
        "`--schema` to django-tenants), which applies every tenant migration and runs the post_migrate "
        "handlers in the new schema. Both in-process, alternating, after one untimed warm-up of each; "
        "every throwaway country is dropped straight after (schema and row). Both produced the same "
        f"{prov.clone_tables} tables.\n\n"
        + _table(
            ["Way", "Median", "Fastest to slowest", "Repetitions"],
            [_seconds_row("clone (country_provision)", prov.clone), _seconds_row("migrations", prov.migrate)],
        )
        + f"\n\nMigrations take **{prov.ratio:.2f}x** as long as a clone."
    )


def _migrate_check(mig: MigrateCheckResult) -> str:
    return (
        "## 3. `migrate_schemas` with nothing to apply\n\n"
        f"{mig.countries} countries (the 3 demo ones plus throwaway clones, dropped afterwards), so "
        f"{mig.schemas} schemas with public and the template. Each command is a fresh process, as an "
        "operator or a deploy runs it, so its time includes start-up; `clmis version` (settings and apps "
        "loaded, no database work) shows that start-up alone. Each command ran once untimed first, "
        "which also checked that plain found nothing to apply and that --all-schemas visited every "
        "schema.\n\n"
        + _table(
            ["Command", "Median", "Per schema", "Fastest to slowest", "Repetitions"],
            [
                _per_schema_row("`clmis migrate_schemas`", mig.plain, mig),
                _per_schema_row("`clmis migrate_schemas --all-schemas`", mig.all_schemas, mig),
                _per_schema_row("`clmis version` (start-up only)", mig.startup, None),
            ],
        )
        + f"\n\n`--all-schemas` takes **{mig.ratio:.2f}x** as long as the plain check. Beyond start-up, "
        f"`--all-schemas` spends {_beyond(mig.all_schemas, mig) * 1000:.0f} ms per schema (a full `migrate` "
        f"in each); the plain check spends {_beyond(mig.plain, mig) * mig.schemas:.2f} s in all "
        "(system checks, the migration graph and a handful of queries that read every schema's "
        "django_migrations at once), which does not grow by a migrate run per schema.\n\n"
        f"Plain output: `{mig.plain_output}`"
    )


def _beyond(series: Series, mig: MigrateCheckResult) -> float:
    return max(series.median - mig.startup.median, 0.0) / mig.schemas


def _seconds_row(label: str, series: Series) -> list[str]:
    return [
        label,
        f"{series.median:.3f} s",
        f"{series.low:.3f} to {series.high:.3f} s",
        str(series.repetitions),
    ]


def _per_schema_row(label: str, series: Series, mig: MigrateCheckResult | None) -> list[str]:
    """A row of the migrate table; without `mig` the per-schema cell is n/a (start-up is not per schema)."""
    return [
        label,
        f"{series.median:.2f} s",
        f"{mig.per_schema(series) * 1000:.0f} ms" if mig else "n/a",
        f"{series.low:.2f} to {series.high:.2f} s",
        str(series.repetitions),
    ]


def _reproduce(run: Run) -> str:
    return (
        "## How to reproduce\n\n"
        "From the project root:\n\n"
        "```sh\n"
        "export DATABASE_URL=postgres://postgres@127.0.0.1:5432/clmis_bench   # created if missing\n"
        "export CELERY_BROKER_URL=redis://127.0.0.1:6379/0\n"
        f"{run.command}\n"
        "```\n\n"
        "The suite migrates and loads the demo data if needed, adds 20 users and an API token to kn, and "
        "drops every throwaway country it makes (also those an interrupted run left). It refuses a "
        "database whose name lacks `bench` (`--any-database` overrides). DEBUG defaults to false for the "
        "run, as in production. `--quick` uses fewer repetitions and countries (for trying the suite, not "
        "for the record); `--output` writes elsewhere. See bench/README.md.\n\n"
        "Caveats: requests are made in-process through the WSGI handler, with no web server or network, "
        "so the fixed per-request costs are smaller than in production and the ratios of benchmark 1 are, "
        "if anything, larger than a client would see. Other work on the shared cores (see Load above) "
        "widens the fastest-to-slowest spreads; the interleaved rounds and medians are meant to absorb it."
    )


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)
