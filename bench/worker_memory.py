"""Benchmark 17: a web worker's memory over 10,000 mixed requests (issue 11, P9: at most 200 MB resident
after them, and at most 5% more after 10,000 than after 5,000).

A long-lived worker leaks only slowly: a cache, a route or a compiled template kept per country or
per request shows after thousands of requests over many countries, never in one. So the worker is
the production one (bench/load.py's gunicorn with production's timeouts, but ONE sync worker, so
every request goes to the process read; DEBUG off; the project's settings) serving the load test's
database (bench/load_data.py: the demo and copies of kn, with officers and tokens), and a plain client
in this process sends it the load test's mix (bench/load_mix.py) over those countries in turn:
officers' list, search, filter, record and form pages with a session, partner systems' API calls
with a token, the public's figures, indicator pages and downloads, and the hub's open data and
explorer. One request at a time: the worker never queues, and each reading of its /proc/<pid>/status
(VmRSS, and VmHWM, the most it has ever been resident) falls between two requests: after start-up,
then every tenth of the requests. Any answer but the one expected fails the benchmark.
"""

import http.client
import json
import random
import re
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode, urlsplit

from bench import load_mix
from bench.load import GUNICORN_FLAGS, REQUEST_KINDS, gunicorn_serving, load_prepare

# bench/load.py's flags but one worker: all the requests go to the one process whose memory is read.
FLAGS = ("--workers", "1", *GUNICORN_FLAGS[2:])
READINGS = 10
# The goals: resident size after the requests, and growth over their second half.
RSS_GOAL_MB = 200
GROWTH_GOAL_PERCENT = 5
# Of the mix: the same requests in the same order on every run (the new records' names aside).
SEED = 11
KB = 1024
MB = 1_000_000


class Reading(NamedTuple):
    """The worker's memory after `requests` requests (/proc's kB are 1,024 bytes)."""

    requests: int
    seconds: float
    rss_kib: int
    hwm_kib: int


@dataclass(frozen=True)
class WorkerMemoryResult:
    requests: int
    countries: list[str]
    readings: list[Reading]
    kinds: dict[str, int]
    seconds: float
    startup: float

    @property
    def final(self) -> Reading:
        return self.readings[-1]

    @property
    def midpoint(self) -> Reading:
        """The reading at half the requests, where the growth goal starts counting."""
        return self.readings[len(self.readings) // 2]

    @property
    def growth_percent(self) -> float:
        return (self.final.rss_kib / self.midpoint.rss_kib - 1) * 100

    @property
    def meets_rss(self) -> bool:
        return self.final.rss_kib * KB <= RSS_GOAL_MB * MB

    @property
    def meets_growth(self) -> bool:
        return self.growth_percent <= GROWTH_GOAL_PERCENT


def bench_run(
    *, database_url: str, countries: int, requests: int, progress: Callable[[str], None]
) -> WorkerMemoryResult:
    """The load database prepared (as the load test's), then one worker served `requests` requests."""
    work = Path(tempfile.mkdtemp(prefix="clmis-worker-memory-"))
    plan, env = load_prepare(database_url=database_url, countries=countries, work=work, progress=progress)
    progress(
        f"one gunicorn worker, {requests:,} requests over {len(plan['countries'])} countries "
        f"(files in {work})"
    )
    # Whatever the caller runs with, the worker runs as in production.
    env = {**env, "DEBUG": "false"}
    with gunicorn_serving(env, work / "gunicorn.log", FLAGS) as served:
        worker = _worker_of(served.pid)
        client = Client(served.address, plan)
        readings = client.mix_run(requests=requests, read=_read(worker, served.pid), progress=progress)
    if client.failures:
        shown = "\n".join(client.failures[:20])
        raise RuntimeError(f"{len(client.failures)} of {client.requests:,} requests failed:\n{shown}")
    missing = set(REQUEST_KINDS) - set(client.kinds)
    if missing:
        raise RuntimeError(f"the mix made no {', '.join(sorted(missing))} request")
    return WorkerMemoryResult(
        requests=client.requests,
        countries=[country["code"] for country in plan["countries"]],
        readings=readings,
        kinds=dict(sorted(client.kinds.items())),
        seconds=readings[-1].seconds,
        startup=served.startup,
    )


class Answer(NamedTuple):
    status: int
    location: str
    text: str


@dataclass
class Visited:
    """One country as the client knows it: its officers' sessions and the records each role has seen."""

    plan: dict
    sessions: dict[str, dict[str, str]] = field(default_factory=dict)
    seen: dict[str, dict[str, list[int]]] = field(
        default_factory=lambda: {role: {r: [] for r in load_mix.REGISTERS} for role in ("officer", "api")}
    )


class Client:
    """The load's users in turn over one HTTP connection to the worker (http.client opens it again each
    time the sync worker closes it after an answer)."""

    def __init__(self, address: str, plan: dict) -> None:
        parts = urlsplit(address)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        self.plan = plan
        self.countries = [Visited(country) for country in plan["countries"]]
        self.random = random.Random(SEED)
        self.turns: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()
        self.failures: list[str] = []

    @property
    def requests(self) -> int:
        return sum(self.kinds.values())

    def mix_run(
        self, *, requests: int, read: Callable[[float], Reading], progress: Callable[[str], None]
    ) -> list[Reading]:
        """Sign the officers in, then the mix until `requests`; the worker read before the first request
        and after each tenth (said as it goes: a full run takes some twenty minutes)."""
        started = time.monotonic()
        readings = [read(0.0)]
        marks = [requests * step // READINGS for step in range(1, READINGS + 1)]
        for country in self.countries:
            for username in country.plan["officers"]:
                self._sign_in(country, username)
        roles, role_weights = zip(*load_mix.ROLES.items(), strict=True)
        while marks:
            role = self.random.choices(roles, role_weights)[0]
            country = self.countries[self.turns[role] % len(self.countries)]
            self.turns[role] += 1
            tasks, task_weights = zip(*load_mix.TASKS[role].items(), strict=True)
            task = self.random.choices(tasks, task_weights)[0]
            getattr(self, f"_{role}_{task.replace(' ', '_')}")(country)
            if self.requests >= marks[0]:
                marks.pop(0)
                readings.append(read(time.monotonic() - started)._replace(requests=self.requests))
                progress(f"{self.requests:,} requests: {readings[-1].rss_kib * KB / MB:.1f} MB resident")
        return readings

    # --- officers: pages with a session ---------------------------------------------------------------

    def _sign_in(self, country: Visited, username: str) -> None:
        cookies: dict[str, str] = {}
        form = self._get(country, "/accounts/login/", "page: sign in", cookies=cookies)
        self._post_form(
            country,
            "/accounts/login/",
            {"login": username, "password": self.plan["password"]},
            form.text,
            kind="page: sign in",
            done=r".",
            cookies=cookies,
        )
        country.sessions[username] = cookies
        for register in load_mix.REGISTERS:
            page = self._get(country, f"/{register}/", "page: list", cookies=cookies)
            self._remember(country, "officer", register, load_mix.page_ids(page.text, register))

    def _officer(self, country: Visited) -> dict[str, str]:
        return country.sessions[self.random.choice(country.plan["officers"])]

    def _officer_list(self, country: Visited) -> None:
        register = self.random.choice(load_mix.REGISTERS)
        page = self._get(country, f"/{register}/", "page: list", cookies=self._officer(country))
        self._remember(country, "officer", register, load_mix.page_ids(page.text, register))

    def _officer_search(self, country: Visited) -> None:
        register = self.random.choice(tuple(load_mix.SEARCHES))
        query = urlencode({"q": self.random.choice(load_mix.SEARCHES[register])})
        self._get(country, f"/{register}/?{query}", "page: search", cookies=self._officer(country))

    def _officer_filter(self, country: Visited) -> None:
        register = self.random.choice(load_mix.REGISTERS)
        query = self.random.choice(load_mix.FILTERS[register])
        self._get(country, f"/{register}/?{query}", "page: filter", cookies=self._officer(country))

    def _officer_record(self, country: Visited) -> None:
        found = self._some(country, "officer", load_mix.REGISTERS)
        if found:
            register, pk = found
            self._get(country, f"/{register}/{pk}/", "page: record", cookies=self._officer(country))

    def _officer_note(self, country: Visited) -> None:
        found = self._some(country, "officer", load_mix.CASES)
        if not found:
            return
        register, pk = found
        cookies = self._officer(country)
        page = self._get(country, f"/{register}/{pk}/", "page: record", cookies=cookies)
        self._post_form(
            country,
            f"/cases/{pk}/notes/",
            {"text": f"Called the employer back ({uuid.uuid4().hex[:6]})."},
            page.text,
            kind="page: note",
            done=rf"/{register}/{pk}/",
            cookies=cookies,
        )

    def _officer_new_employer(self, country: Visited) -> None:
        cookies = self._officer(country)
        form = self._get(country, "/employers/new/", "page: new employer", cookies=cookies)
        number = uuid.uuid4().hex[:10].upper()
        self._post_form(
            country,
            "/employers/new/",
            {"name": f"Load Test Traders {number}", "registration_number": f"LOAD-{number}", "isic": "4711"},
            form.text,
            kind="page: new employer",
            done=r"/employers/\d+/",
            cookies=cookies,
        )

    # --- partner systems: the API with a token ---------------------------------------------------------

    def _api_headers(self, country: Visited) -> dict[str, str]:
        return {"Authorization": f"Token {country.plan['token']}", "Accept": "application/json"}

    def _api_list(self, country: Visited) -> None:
        register = self.random.choice(load_mix.REGISTERS)
        answer = self._get(
            country, f"/api/v1/{register}/?page_size=20", "api: list", headers=self._api_headers(country)
        )
        rows = json.loads(answer.text).get("results", []) if answer.status == 200 else []
        self._remember(country, "api", register, [row["id"] for row in rows])

    def _api_filter(self, country: Visited) -> None:
        register = self.random.choice(load_mix.REGISTERS)
        query = self.random.choice(load_mix.API_FILTERS[register])
        self._get(country, f"/api/v1/{register}/?{query}", "api: filter", headers=self._api_headers(country))

    def _api_record(self, country: Visited) -> None:
        found = self._some(country, "api", load_mix.REGISTERS)
        if found:
            register, pk = found
            self._get(country, f"/api/v1/{register}/{pk}/", "api: record", headers=self._api_headers(country))

    def _api_new_record(self, country: Visited) -> None:
        number = uuid.uuid4().hex[:10].upper()
        register: str = "employers"
        body: dict = {
            "name": f"Load Test Supplies {number}",
            "registration_number": f"LOAD-{number}",
            "isic": "4690",
            "size_band": "10-49",
        }
        employers = country.seen["api"]["employers"]
        if employers and self.random.random() < 0.5:
            register, body = (
                "complaints",
                {
                    "employer": self.random.choice(employers),
                    "complainant_name": f"Worker {number}",
                    "complainant_sex": self.random.choice("FM"),
                    "category": self.random.choice(load_mix.COMPLAINT_CATEGORIES),
                },
            )
        self._send(
            country.plan["host"],
            "POST",
            f"/api/v1/{register}/",
            "api: new record",
            expect=201,
            headers={**self._api_headers(country), "Content-Type": "application/json"},
            body=json.dumps(body).encode(),
        )

    # --- the public: a country's figures, the hub's open data -------------------------------------------

    def _public_figures(self, country: Visited) -> None:
        self._get(country, "/lmi/", "public: figures")

    def _public_indicator(self, country: Visited) -> None:
        self._get(country, f"/lmi/{country.plan['indicator']}/", "public: indicator")

    def _public_download(self, country: Visited) -> None:
        self._get(country, f"/lmi/{country.plan['indicator']}/download.csv", "public: download")

    def _public_open_data(self, _country: Visited) -> None:
        path = f"/api/v1/open/values/?indicator={self.plan['hub_indicator']}"
        self._send(self.plan["hub"], "GET", path, "hub: open data", headers={"Accept": "application/json"})

    def _public_explorer(self, _country: Visited) -> None:
        self._send(
            self.plan["hub"], "GET", f"/data/explore/?indicator={self.plan['hub_indicator']}", "hub: explorer"
        )

    # --- requests --------------------------------------------------------------------------------------

    def _remember(self, country: Visited, role: str, register: str, ids: list[int]) -> None:
        if ids:
            country.seen[role][register] = ids[:50]

    def _some(self, country: Visited, role: str, registers: tuple[str, ...]) -> tuple[str, int] | None:
        known = [register for register in registers if country.seen[role][register]]
        if not known:
            return None
        register = self.random.choice(known)
        return register, self.random.choice(country.seen[role][register])

    def _get(
        self,
        country: Visited,
        path: str,
        kind: str,
        *,
        cookies: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        return self._send(country.plan["host"], "GET", path, kind, cookies=cookies, headers=headers)

    def _post_form(
        self,
        country: Visited,
        path: str,
        values: dict[str, str],
        page: str,
        *,
        kind: str,
        done: str,
        cookies: dict[str, str],
    ) -> None:
        """A form sent as a browser sends it: it must come back as a redirect to `done` (a pattern), not
        as the form again with errors."""
        host = country.plan["host"]
        answer = self._send(
            host,
            "POST",
            path,
            kind,
            expect=302,
            cookies=cookies,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{host}{path}"},
            body=urlencode({**values, "csrfmiddlewaretoken": load_mix.csrf(page)}).encode(),
        )
        if answer.status == 302 and not re.search(done, answer.location):
            self.failures.append(f"{kind}: POST {host}{path} redirected to {answer.location!r}")

    def _send(
        self,
        host: str,
        method: str,
        path: str,
        kind: str,
        *,
        expect: int = 200,
        cookies: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> Answer:
        """One request with the country's name in the Host header (how the app routes countries); the
        session's cookies sent and kept; any answer but `expect` is a failure."""
        sent = {"Host": host, **(headers or {})}
        if cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        self.connection.request(method, path, body=body, headers=sent)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", errors="replace")
        self.kinds[kind] += 1
        if cookies is not None:
            for line in response.headers.get_all("Set-Cookie") or ():
                name, _, rest = line.partition("=")
                cookies[name.strip()] = rest.split(";", 1)[0]
        if response.status != expect:
            self.failures.append(f"{kind}: {method} {host}{path} answered {response.status}, not {expect}")
        return Answer(response.status, response.headers.get("Location", ""), text)


def _worker_of(master: int) -> int:
    """The pid of gunicorn's one worker: the master's only child."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone since listed
            continue
        # The name in parentheses may hold spaces: the fields after the last ")" are state, ppid...
        if int(stat.rsplit(")", 1)[1].split()[1]) == master:
            children.append(int(entry.name))
    if len(children) != 1:
        raise RuntimeError(f"gunicorn {master} has {len(children)} workers, expected one")
    return children[0]


def _read(worker: int, master: int) -> Callable[[float], Reading]:
    """A reading of the worker's status; the same worker must still be serving (one restarted by
    gunicorn after a crash or a timeout would start its memory afresh and hide a leak)."""

    def read(seconds: float) -> Reading:
        if _worker_of(master) != worker:
            raise RuntimeError(f"gunicorn's worker {worker} was replaced: see its log")
        status = dict(
            line.split(":", 1)
            for line in Path(f"/proc/{worker}/status").read_text().splitlines()
            if ":" in line
        )
        return Reading(0, seconds, int(status["VmRSS"].split()[0]), int(status["VmHWM"].split()[0]))

    return read
