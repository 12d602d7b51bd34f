"""infra/clmis.env.example names every variable the application and its web server read."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "infra" / "clmis.env.example"
# Read by the test suite or set by its tools, not by a deployment.
NOT_FOR_DEPLOYMENTS = {"TEST_DATABASE_NAME", "PYTEST_XDIST_WORKER"}


def _read_by(path: Path) -> set[str]:
    text = path.read_text()
    return set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"', text)) | set(
        re.findall(r'os\.environ\.get\(\s*"([A-Z][A-Z0-9_]+)"', text)
    )


def test_every_variable_read_is_in_the_template():
    read = set().union(*(_read_by(path) for path in (ROOT / "platform" / "clmis").glob("*.py")))
    read |= _read_by(ROOT / "infra" / "gunicorn.conf.py")
    assert {"SECRET_KEY", "DATABASE_URL", "CLMIS_BIND", "PROMETHEUS_MULTIPROC_DIR"} <= read
    named = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", TEMPLATE.read_text(), re.MULTILINE))
    assert sorted(read - NOT_FOR_DEPLOYMENTS - named) == []
    assert sorted(named - read) == []
