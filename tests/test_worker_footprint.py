"""A web worker holds the spreadsheet and PDF libraries only once it makes a workbook or a PDF (issue 11,
P9: a worker's memory). openpyxl with numpy, and xhtml2pdf with reportlab, Pillow and pypdf, add some
50 MB to every process that imports them, and most of a worker's requests (pages, API calls, CSV
files) need neither; bench/worker_memory.py measures what a worker holds over 10,000 requests.

Checked in a fresh process, as gunicorn's worker starts and then routes its first requests: the
application loaded and both URLconfs (every view of the countries and of the hub) imported.
"""

import json
import subprocess
import sys

from bench.load import ROOT, served_environment

HEAVY = ("openpyxl", "numpy", "xhtml2pdf", "reportlab", "PIL", "pypdf")
WORKER = f"""
import json, sys
from clmis.wsgi import application
from django.urls import get_resolver
for urlconf in ("clmis.urls.country", "clmis.urls.hub"):
    get_resolver(urlconf).url_patterns
print(json.dumps([name for name in {HEAVY!r} if name in sys.modules]))
"""


def test_a_worker_that_has_made_no_workbook_or_pdf_holds_none_of_their_libraries():
    started = subprocess.run(
        [sys.executable, "-c", WORKER],
        env=served_environment(DJANGO_SETTINGS_MODULE="clmis.settings"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert started.returncode == 0, started.stderr
    assert json.loads(started.stdout.splitlines()[-1]) == []
