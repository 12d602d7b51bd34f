"""What the load's users ask for and how often, for both clients of the served app: bench/locustfile.py
(locust: 50 users at once, under gevent) and bench/worker_memory.py (one plain client sending 10,000
requests in turn). One description, so the worker whose memory is measured serves the load test's mix.
Neither Django nor locust here: both processes import it.
"""

import re

# Registers with a list page, record pages and an API of the same name; the last three are cases.
REGISTERS = ("employers", "complaints", "job_seekers", "vacancies")
CASES = ("complaints", "job_seekers", "vacancies")
SEARCHES = {
    "employers": ("hotel", "bank", "C10", "farm"),
    "complaints": ("wages", "CMP"),
    "job_seekers": ("a",),
}
FILTERS = {
    "employers": ("size_band=10-49", "active=true&sort=-name", "section=I"),
    "complaints": ("status=received", "complainant_sex=F&sort=-opened_on", "overdue=true"),
    "job_seekers": ("status=active", "sort=-opened_on"),
    "vacancies": ("status=open", "hours=full_time&sort=-opened_on"),
}
API_FILTERS = {
    "employers": ("size_band=10-49&ordering=-name", "active=true"),
    "complaints": ("status=received",),
    "job_seekers": ("status=active",),
    "vacancies": ("status=open",),
}
COMPLAINT_CATEGORIES = ("WAGES", "DISMISSAL", "LEAVE", "HOURS")
# How many users of each role there are to one another (locust's user weights).
ROLES = {"officer": 5, "api": 2, "public": 3}
# How often each role does each of its tasks (locust's task weights).
TASKS = {
    "officer": {"list": 4, "search": 2, "filter": 2, "record": 5, "note": 1, "new employer": 1},
    "api": {"list": 4, "filter": 2, "record": 4, "new record": 1},
    "public": {"figures": 3, "indicator": 3, "download": 1, "open data": 2, "explorer": 1},
}
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf(page: str) -> str:
    """The CSRF token of the page's form ("" when it has none: the post then fails, as it should)."""
    found = CSRF_FIELD.search(page)
    return found.group(1) if found else ""


def page_ids(html: str, register: str) -> list[int]:
    """The records a list page links to: what an officer goes on to open."""
    return [int(pk) for pk in re.findall(rf'href="/{register}/(\d+)/"', html)]
