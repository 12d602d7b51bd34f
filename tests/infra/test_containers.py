"""infra/Dockerfile passes hadolint; infra/compose.yaml runs the same processes as the systemd units.

Neither can be built or started on the development machines (no container registry is reachable), so
they are kept simple and checked this far."""

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
HADOLINT = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")


def test_the_dockerfile_passes_hadolint():
    result = subprocess.run(
        [HADOLINT, "--failure-threshold", "info", str(ROOT / "infra" / "Dockerfile")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "")


def test_the_image_runs_the_production_web_configuration():
    dockerfile = (ROOT / "infra" / "Dockerfile").read_text()
    assert 'CMD ["gunicorn", "-c", "/opt/clmis/app/infra/gunicorn.conf.py", "clmis.wsgi"]' in dockerfile
    assert "USER 10001" in dockerfile  # not root


def test_compose_runs_web_worker_beat_after_the_migration():
    compose = yaml.safe_load((ROOT / "infra" / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"migrate", "web", "worker", "beat", "postgres", "redis"}
    assert services["migrate"]["command"] == ["clmis", "migrate"]
    assert services["web"]["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
    assert services["worker"]["command"][:4] == ["celery", "-A", "clmis", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "clmis", "beat"]
    for name in ("migrate", "web", "worker", "beat"):
        assert services[name]["env_file"] == "/etc/clmis/clmis.env"
        assert services[name]["build"]["dockerfile"] == "infra/Dockerfile"
    # One beat: the schedule would otherwise run twice.
    assert "deploy" not in services["beat"] or services["beat"]["deploy"].get("replicas", 1) == 1
