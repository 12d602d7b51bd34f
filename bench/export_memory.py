"""Benchmark: the employers' Excel export at ~5,000 and ~50,000 rows, time and peak memory.

The export (clmis.records.listing.Listing.export) promises bounded memory: rows come from the database
in chunks (a server-side cursor), openpyxl's write-only sheet writes each row to a temporary file, and
the workbook is zipped into a SpooledTemporaryFile (in memory up to 8 MB, on disk beyond) that the
response streams. Bounded means ten times the rows do not take ten times the memory.

Each size runs in a fresh process (`python -m bench.export_memory`, spawned here), so one export's
memory cannot hide in the next one's figures. The child signs in with the suite's session, requests
/employers/export.xlsx through the WSGI handler with the project's full middleware, and writes the
body block by block to a file as a server writes it to the socket. It measures:

- resident memory: VmHWM of /proc/self/status, its high-water mark reset before each export through
  /proc/self/clear_refs, over the resident memory just before. Not ru_maxrss: it cannot be reset, so it
  would hold start-up and warm-up too, and on Linux a spawned process inherits in it the resident size
  of the process that spawned it (here the suite's);
- Python's own allocations with tracemalloc, in a separate export (tracing slows the code severalfold,
  so that export is not timed): the peak, and what is held just before the workbook is zipped, by the
  package that allocated it (DB fetch, openpyxl, ...), and the zipped file held in memory.
"""

import argparse
import gc
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from bench.timing import Series

if TYPE_CHECKING:  # the child process imports this module before Django is set up
    from tenants.models import Country

ROOT = Path(__file__).resolve().parents[1]
EXPORT_PATH = "/employers/export.xlsx"
# The warm-up exports one row: imports openpyxl and lxml, compiles the URLconf, opens the connection.
WARM_UP_QUERY = "q=BENCH-000001"
SHEET = "xl/worksheets/sheet1.xml"
# Where the traced export looks at what is held while rows are written: inside the first chunk of rows
# fetched from the database (clmis.records.listing.EXPORT_CHUNK, 2,000).
PROBE_ROW = 1_000
# Exports with a query string into a file, through the real view; returns the file's size.
Export = Callable[[str, str], int]


@dataclass(frozen=True)
class ExportRun:
    """One size of export, measured in its own process."""

    query: str
    rows: int
    file_bytes: int
    seconds: Series
    rss_before_kib: int
    rss_increase_kib: int
    rss_peak_kib: int
    traced_peak_bytes: int
    held: dict[str, dict[str, int]]
    file_in_memory_bytes: int

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds.median


@dataclass(frozen=True)
class ExportResult:
    small: ExportRun
    large: ExportRun

    @property
    def rows_ratio(self) -> float:
        return self.large.rows / self.small.rows

    @property
    def rss_ratio(self) -> float:
        """How many times more resident memory the large export added than the small one."""
        return self.large.rss_increase_kib / max(self.small.rss_increase_kib, 1)

    @property
    def traced_ratio(self) -> float:
        return self.large.traced_peak_bytes / max(self.small.traced_peak_bytes, 1)


def run(
    *, country: "Country", host: str, session: str, small: str, large: str, repetitions: int
) -> ExportResult:
    """Export each size in a fresh process; checks each file holds the rows it should."""
    return ExportResult(
        small=_checked(_spawn(host, session, small, repetitions), country),
        large=_checked(_spawn(host, session, large, repetitions), country),
    )


def _checked(export: ExportRun, country: "Country") -> ExportRun:
    """The file must hold every row the product's own filter selects, or its figures mean nothing."""
    from django.http import QueryDict
    from django_tenants.utils import tenant_context

    from modules.employers.listing import EmployerFilter
    from modules.employers.selectors import employers_listed

    with tenant_context(country):
        expected = EmployerFilter(QueryDict(export.query), queryset=employers_listed()).qs.count()
    if export.rows != expected:
        raise RuntimeError(f"the export of {export.query} holds {export.rows} rows, expected {expected}")
    return export


def _spawn(host: str, session: str, query: str, repetitions: int) -> ExportRun:
    with tempfile.TemporaryDirectory(prefix="clmis-bench-export-") as directory:
        output = Path(directory) / "employers.xlsx"
        arguments = ["--host", host, "--session", session, "--query", query]
        arguments += ["--repetitions", str(repetitions), "--output", str(output)]
        completed = subprocess.run(
            [sys.executable, "-m", "bench.export_memory", *arguments],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env=os.environ.copy(),
            check=False,
        )
        if completed.returncode != 0:
            raise RuntimeError(f"export of {query} failed:\n{completed.stderr[-3000:]}")
        figures = json.loads(completed.stdout.strip().splitlines()[-1])
        rows = _rows_in(output)
    figures["seconds"] = Series(tuple(figures["seconds"]))
    return ExportRun(query=query, rows=rows, **figures)


def _rows_in(path: Path) -> int:
    """Data rows of the sheet (the header row not counted), read from the file the view wrote."""
    with zipfile.ZipFile(path) as archive, archive.open(SHEET) as sheet:
        rows, tail = 0, b""
        while block := sheet.read(1 << 20):
            rows += len(re.findall(rb"<row ", tail + block)) - len(re.findall(rb"<row ", tail))
            tail = block[-8:]
    return rows - 1


# --- The child process -------------------------------------------------------------------------------


def child(arguments: list[str] | None = None) -> dict[str, object]:
    """Warm up, time the exports with resident memory, then trace one export's Python allocations."""
    options = _child_arguments(arguments)
    import django

    django.setup()
    export = _exporter(options.host, options.session)
    export(WARM_UP_QUERY, options.output)
    samples = [_sample(export, options.query, options.output) for _ in range(options.repetitions)]
    traced_peak, held, in_memory = _traced(export, options.query, options.output)
    return {
        "file_bytes": samples[-1].size,
        "seconds": [sample.seconds for sample in samples],
        "rss_before_kib": samples[0].rss_before_kib,
        "rss_increase_kib": max(sample.rss_peak_kib - sample.rss_before_kib for sample in samples),
        "rss_peak_kib": max(sample.rss_peak_kib for sample in samples),
        "traced_peak_bytes": traced_peak,
        "held": held,
        "file_in_memory_bytes": in_memory,
    }


class Sample(NamedTuple):
    seconds: float
    size: int
    rss_before_kib: int
    rss_peak_kib: int


def _sample(export: Export, query: str, output: str) -> Sample:
    """One timed export, with the resident high-water mark reset just before it."""
    gc.collect()
    _peak_reset()
    before = _status_kib("VmRSS")
    start = time.perf_counter()
    size = export(query, output)
    seconds = time.perf_counter() - start
    return Sample(seconds, size, before, _status_kib("VmHWM"))


def _child_arguments(arguments: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="One size of the employers export (spawned by the suite).")
    parser.add_argument("--host", required=True)
    parser.add_argument("--session", required=True)
    parser.add_argument("--query", required=True)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--output", required=True)
    return parser.parse_args(arguments)


def _exporter(host: str, session: str) -> Export:
    """A function exporting with a query into a file through the real view; returns the file's size."""
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler

    from bench import wsgi

    handler = WSGIHandler()
    cookie = {"HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}={session}"}

    def export(query: str, output: str) -> int:
        with open(output, "wb") as sink:
            answer = wsgi.get(handler, host=host, path=EXPORT_PATH, query=query, headers=cookie, sink=sink)
        if answer.status != 200:
            raise RuntimeError(f"{EXPORT_PATH}?{query} answered {answer.status}")
        return answer.size

    return export


def _traced(export: Export, query: str, output: str) -> tuple[int, dict[str, dict[str, int]], int]:
    """One export under tracemalloc: the peak, what is held by package at two moments, the file held.

    The moments: while rows are written (at row PROBE_ROW, inside the first chunk fetched from the
    database) and just before the workbook is zipped; openpyxl is instrumented in this process only.
    """
    from openpyxl import Workbook
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    held: dict[str, dict[str, int]] = {}
    in_memory: list[int] = []
    appended = [0]
    append, save = WriteOnlyWorksheet.append, Workbook.save

    def append_probed(sheet: WriteOnlyWorksheet, row) -> None:
        append(sheet, row)
        appended[0] += 1
        if appended[0] == PROBE_ROW + 1:  # the header is the first row appended
            held["writing rows"] = _by_package(tracemalloc.take_snapshot())

    def save_probed(workbook: Workbook, file) -> None:
        held["before zipping"] = _by_package(tracemalloc.take_snapshot())
        save(workbook, file)
        in_memory.append(0 if getattr(file, "_rolled", True) else file.tell())

    gc.collect()
    tracemalloc.start()
    WriteOnlyWorksheet.append, Workbook.save = append_probed, save_probed
    try:
        export(query, output)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        WriteOnlyWorksheet.append, Workbook.save = append, save
        tracemalloc.stop()
    return peak, held, in_memory[0]


def _by_package(snapshot: tracemalloc.Snapshot) -> dict[str, int]:
    """Bytes held, by the package of the line that allocated them (the biggest first)."""
    held: dict[str, int] = {}
    for stat in snapshot.statistics("filename"):
        package = _package(stat.traceback[0].filename)
        held[package] = held.get(package, 0) + stat.size
    return dict(sorted(held.items(), key=lambda item: -item[1]))


def _package(filename: str) -> str:
    """The top-level package ("openpyxl", "psycopg"), Django by sub-package ("django.db")."""
    parts = Path(filename).parts
    if "site-packages" in parts:
        rest = parts[parts.index("site-packages") + 1 :]
        if rest[0] == "django" and len(rest) > 2:
            return f"django.{rest[1]}"
        return rest[0].removesuffix(".py")
    if str(ROOT) in filename:
        return "clmis (project)"
    return "python (standard library)" if "python3" in filename else Path(filename).name


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def _peak_reset() -> None:
    """Reset VmHWM to the current resident size (Linux 4.0+), so it measures the next export alone."""
    Path("/proc/self/clear_refs").write_text("5")


if __name__ == "__main__":
    print(json.dumps(child()))
