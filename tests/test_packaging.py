"""The project installs as its own packages and never shadows the standard library."""

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_platform_is_the_standard_library_from_the_project_root():
    # Run from the repository root, where a `platform/` folder sits on sys.path[0].
    code = "import platform, sys; print(platform.__file__); print(platform.python_version())"
    out = subprocess.check_output([sys.executable, "-c", code], cwd=ROOT, text=True).splitlines()
    assert Path(out[0]).parent == Path(sysconfig.get_paths()["stdlib"])
    assert out[1] == ".".join(map(str, sys.version_info[:3]))


def test_platform_folder_is_not_a_package():
    assert not (ROOT / "platform" / "__init__.py").exists()


def test_clmis_command_runs_django_and_project_commands():
    clmis = Path(sys.executable).parent / "clmis"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "clmis.settings"}
    listing = subprocess.check_output([str(clmis), "help"], cwd=ROOT, text=True, env=env)
    assert "migrate_schemas" in listing  # django-tenants (ours overrides it)
    assert "country" in listing and "demo" in listing  # the project's own
    assert "check" in listing  # Django's
