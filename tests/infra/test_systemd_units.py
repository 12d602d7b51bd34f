"""infra/systemd's units are valid for systemd (`systemd-analyze verify`), pointed at this checkout."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = sorted(
    path for path in (ROOT / "infra" / "systemd").iterdir() if path.suffix in (".service", ".timer")
)
VENV = Path(sys.executable).parent.parent


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
@pytest.mark.parametrize("unit", UNITS, ids=[unit.name for unit in UNITS])
def test_the_unit_is_valid(unit, tmp_path):
    # The units name the installed paths (/opt/clmis/venv, /opt/clmis/app); here those are this checkout's.
    for each in UNITS:  # a timer is verified with the service it starts beside it
        text = each.read_text().replace("/opt/clmis/venv", str(VENV)).replace("/opt/clmis/app", str(ROOT))
        (tmp_path / each.name).write_text(text)
    copy = tmp_path / unit.name
    name = copy.name.replace("@.service", "@default.service")
    if name != copy.name:
        copy = copy.rename(tmp_path / name)
    command = ["systemd-analyze", "verify", str(copy)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_every_process_has_its_unit():
    names = [unit.name for unit in UNITS]
    assert names == [
        "clmis-backup.service",
        "clmis-backup.timer",
        "clmis-beat.service",
        "clmis-web.service",
        "clmis-worker@.service",
    ]
