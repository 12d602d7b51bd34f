"""The production profile is secure by default: `clmis check --deploy` is clean once its variables are set."""

import os
import subprocess
import sys
from pathlib import Path

CLMIS = str(Path(sys.executable).parent / "clmis")


def _clmis(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "clmis.settings", **env}
    return subprocess.run([CLMIS, *args], env=environment, capture_output=True, text=True, check=False)


def test_check_deploy_is_clean_under_the_production_profile():
    result = _clmis(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        CLMIS_PROFILE="production",
        SECRET_KEY="a" * 20 + "production-secret-key-with-enough-entropy-0123456789",
        CLMIS_BASE_DOMAIN="lmis.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    environment = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    result = subprocess.run(
        [CLMIS, "check"],
        env={**environment, "DJANGO_SETTINGS_MODULE": "clmis.settings", "CLMIS_PROFILE": "production"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_development_profile_warns_under_check_deploy():
    result = _clmis("check", "--deploy", "--fail-level", "WARNING", CLMIS_PROFILE="development")
    assert result.returncode != 0  # the development defaults are not fit for production, and say so
