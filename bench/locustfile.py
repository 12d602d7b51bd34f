"""What the users of the bounded load test do (locust): officers signed in to their country, partner
systems on the API with a token, and the public reading figures and open data, each on its own
country's host.

One description of the behaviour for both runs: `bench/run.py --only load` (50 users for minutes over
many countries, figures on record) and tests/security/test_load.py (the same users for seconds in CI
against the test database). Both serve the app by gunicorn on a loopback port: every request goes to
127.0.0.1 with the country's name in the Host header, which is how the app routes countries.

The run says who may sign in where in a JSON plan named by CLMIS_LOAD_PLAN (bench/load.py writes it):

    {"password": "...", "hub": "localhost", "hub_indicator": "CODE",
     "countries": [{"code": "kn", "host": "kn.localhost", "officers": ["officer"], "token": "...",
                    "indicator": "CODE"}]}

What the users ask for and how often (registers, searches, filters, the weights of users and tasks)
is in bench/load_mix.py, which bench/worker_memory.py's plain client follows too. Every request is
named by its kind ("page: record", "api: new record"...); an answer other than the
one expected (a redirect to sign-in, a form sent back with errors, a 500) is a failure. Each request is
also written to the file named by CLMIS_LOAD_RECORD (when it started, method, kind, milliseconds,
failed or not), from which bench/load.py computes exact percentiles, overall and per kind (locust's
own round times above 100 ms to two figures) and those of the steady state after the start-up. No
Django here: locust runs under gevent, in a process of its own.
"""

import csv
import itertools
import json
import os
import random
import re
import time
import uuid
from pathlib import Path

from locust import FastHttpUser, between, events, task

from bench.load_mix import (
    API_FILTERS,
    CASES,
    COMPLAINT_CATEGORIES,
    FILTERS,
    REGISTERS,
    ROLES,
    SEARCHES,
    TASKS,
    csrf,
    page_ids,
)

PLAN = json.loads(Path(os.environ["CLMIS_LOAD_PLAN"]).read_text(encoding="utf-8"))
_turns: dict[str, itertools.count] = {}


def _country_for(role: str) -> dict:
    """Countries in turn for each kind of user, so every country gets officers, systems and visitors."""
    turn = next(_turns.setdefault(role, itertools.count()))
    return PLAN["countries"][turn % len(PLAN["countries"])]


def _ids(html_or_rows, register: str) -> list[int]:
    if isinstance(html_or_rows, str):
        return page_ids(html_or_rows, register)
    return [row["id"] for row in html_or_rows]


class CountryUser(FastHttpUser):
    abstract = True
    wait_time = between(0.5, 2.5)
    role = ""

    def on_start(self) -> None:
        self.country = _country_for(self.role)
        self.headers = {"Host": self.country["host"]}
        # Records seen in this country, by register: what an officer goes on to open.
        self.seen: dict[str, list[int]] = {register: [] for register in REGISTERS}

    def _get(self, path: str, name: str, *, headers: dict | None = None):
        """A page or resource that must answer 200 itself (a redirect to sign-in is a failure)."""
        with self.client.get(
            path, headers=headers or self.headers, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{path}: {response.status_code}, not 200")
            return response

    def _remember(self, register: str, ids: list[int]) -> None:
        if ids:
            self.seen[register] = ids[:50]

    def _some(self, registers: tuple[str, ...]) -> tuple[str, int] | None:
        known = [register for register in registers if self.seen[register]]
        if not known:
            return None
        register = random.choice(known)
        return register, random.choice(self.seen[register])


class Officer(CountryUser):
    """A DoL officer at work: lists, searches and filters the registers, opens records, writes a note on
    a case now and then and registers an employer."""

    weight = ROLES["officer"]
    role = "officer"

    def on_start(self) -> None:
        super().on_start()
        username = random.choice(self.country["officers"])
        form = self._get("/accounts/login/", "page: sign in")
        with self.client.post(
            "/accounts/login/",
            data={"login": username, "password": PLAN["password"], "csrfmiddlewaretoken": csrf(form.text)},
            headers={**self.headers, "Referer": f"http://{self.country['host']}/accounts/login/"},
            name="page: sign in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(
                    f"{username} at {self.country['code']} not signed in: {response.status_code}"
                )
        for register in REGISTERS:
            self._remember(register, _ids(self._get(f"/{register}/", "page: list").text, register))

    @task(TASKS["officer"]["list"])
    def list_page(self) -> None:
        register = random.choice(REGISTERS)
        page = self._get(f"/{register}/", "page: list")
        self._remember(register, _ids(page.text, register))

    @task(TASKS["officer"]["search"])
    def search(self) -> None:
        register = random.choice(tuple(SEARCHES))
        self._get(f"/{register}/?q={random.choice(SEARCHES[register])}", "page: search")

    @task(TASKS["officer"]["filter"])
    def filter(self) -> None:
        register = random.choice(REGISTERS)
        self._get(f"/{register}/?{random.choice(FILTERS[register])}", "page: filter")

    @task(TASKS["officer"]["record"])
    def record(self) -> None:
        found = self._some(REGISTERS)
        if found:
            register, pk = found
            self._get(f"/{register}/{pk}/", "page: record")

    @task(TASKS["officer"]["note"])
    def note(self) -> None:
        found = self._some(CASES)
        if not found:
            return
        register, pk = found
        page = self._get(f"/{register}/{pk}/", "page: record")
        self._post_form(
            f"/cases/{pk}/notes/",
            {"text": f"Called the employer back ({uuid.uuid4().hex[:6]})."},
            page.text,
            name="page: note",
            done=rf"/{register}/{pk}/",
        )

    @task(TASKS["officer"]["new employer"])
    def new_employer(self) -> None:
        form = self._get("/employers/new/", "page: new employer")
        number = uuid.uuid4().hex[:10].upper()
        self._post_form(
            "/employers/new/",
            {"name": f"Load Test Traders {number}", "registration_number": f"LOAD-{number}", "isic": "4711"},
            form.text,
            name="page: new employer",
            done=r"/employers/\d+/",
        )

    def _post_form(self, path: str, values: dict, page: str, *, name: str, done: str) -> None:
        """A form sent as a browser does; it must come back as a redirect to `done` (a pattern), not as
        the form again with errors."""
        with self.client.post(
            path,
            data={**values, "csrfmiddlewaretoken": csrf(page)},
            headers={**self.headers, "Referer": f"http://{self.country['host']}{path}"},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or not re.search(done, location):
                response.failure(f"{path}: {response.status_code} to {location!r}")


class PartnerSystem(CountryUser):
    """Another system of the ministry on the API with its token: lists, filters, reads records and
    sends new ones (employers and complaints)."""

    weight = ROLES["api"]
    role = "api"

    def on_start(self) -> None:
        super().on_start()
        self.headers |= {"Authorization": f"Token {self.country['token']}", "Accept": "application/json"}

    def _rows(self, path: str, name: str) -> list[dict]:
        response = self._get(path, name)
        try:
            return response.json().get("results", [])
        except ValueError:
            return []

    @task(TASKS["api"]["list"])
    def list(self) -> None:
        register = random.choice(REGISTERS)
        self._remember(register, _ids(self._rows(f"/api/v1/{register}/?page_size=20", "api: list"), register))

    @task(TASKS["api"]["filter"])
    def filter(self) -> None:
        register = random.choice(REGISTERS)
        self._get(f"/api/v1/{register}/?{random.choice(API_FILTERS[register])}", "api: filter")

    @task(TASKS["api"]["record"])
    def record(self) -> None:
        found = self._some(REGISTERS)
        if found:
            register, pk = found
            self._get(f"/api/v1/{register}/{pk}/", "api: record")

    @task(TASKS["api"]["new record"])
    def new_record(self) -> None:
        number = uuid.uuid4().hex[:10].upper()
        employer = {"name": f"Load Test Supplies {number}", "registration_number": f"LOAD-{number}"}
        register, body = "employers", {**employer, "isic": "4690", "size_band": "10-49"}
        if self.seen["employers"] and random.random() < 0.5:
            register, body = (
                "complaints",
                {
                    "employer": random.choice(self.seen["employers"]),
                    "complainant_name": f"Worker {number}",
                    "complainant_sex": random.choice("FM"),
                    "category": random.choice(COMPLAINT_CATEGORIES),
                },
            )
        with self.client.post(
            f"/api/v1/{register}/",
            json=body,
            headers=self.headers,
            name="api: new record",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"new {register}: {response.status_code} {response.text[:200]}")


class Visitor(CountryUser):
    """The public: a country's figures and an indicator's page and download, the hub's open data."""

    weight = ROLES["public"]
    role = "public"

    @task(TASKS["public"]["figures"])
    def figures(self) -> None:
        self._get("/lmi/", "public: figures")

    @task(TASKS["public"]["indicator"])
    def indicator(self) -> None:
        self._get(f"/lmi/{self.country['indicator']}/", "public: indicator")

    @task(TASKS["public"]["download"])
    def download(self) -> None:
        self._get(f"/lmi/{self.country['indicator']}/download.csv", "public: download")

    @task(TASKS["public"]["open data"])
    def open_data(self) -> None:
        self._get(
            f"/api/v1/open/values/?indicator={PLAN['hub_indicator']}",
            "hub: open data",
            headers={"Host": PLAN["hub"], "Accept": "application/json"},
        )

    @task(TASKS["public"]["explorer"])
    def explorer(self) -> None:
        self._get(
            f"/data/explore/?indicator={PLAN['hub_indicator']}",
            "hub: explorer",
            headers={"Host": PLAN["hub"]},
        )


# Open for the whole run (every request appends a line), closed when locust quits.
_record = open(os.environ["CLMIS_LOAD_RECORD"], "a", newline="", encoding="utf-8")  # noqa: SIM115
_record_rows = csv.writer(_record)


@events.request.add_listener
def _request_record(request_type, name, response_time, exception=None, start_time=None, **_kwargs) -> None:
    started = start_time or time.time() - response_time / 1000
    _record_rows.writerow(
        [f"{started:.3f}", request_type, name, f"{response_time:.1f}", int(exception is not None)]
    )


@events.quitting.add_listener
def _failures_fail_the_run(environment, **_kwargs) -> None:
    """Any failed request makes the process exit 1, so a run with errors cannot pass for a clean one."""
    _record.close()
    if environment.stats.total.num_failures:
        environment.process_exit_code = 1
