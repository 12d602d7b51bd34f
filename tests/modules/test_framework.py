"""The module framework: manifests checked, modules found in INSTALLED_APPS and through entry points."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

from modules.manifest import Manifest
from modules.registry import installed_modules, manifest_problems, modules_in_dependency_order

CLMIS = str(Path(sys.executable).parent / "clmis")


def _module(key, depends_on=()):
    return SimpleNamespace(manifest=Manifest(key=key, title=key, version="1", depends_on=depends_on))


def test_installed_modules_are_found_among_the_apps():
    keys = [config.manifest.key for config in installed_modules()]
    assert "employers" in keys and "reference" not in keys  # reference data is core, not a module


def test_broken_manifests_are_reported():
    problems = manifest_problems(
        [_module("a", ("b",)), _module("b", ("a",)), _module("c", ("zz",)), _module("c")]
    )
    ids = sorted(problem.id for problem in problems)
    assert ids == ["modules.E001", "modules.E002", "modules.E003"]
    assert manifest_problems([_module("a"), _module("b", ("a",))]) == []


def test_dependencies_come_first():
    ordered = modules_in_dependency_order([_module("workplaces", ("employers",)), _module("employers")])
    assert [m.manifest.key for m in ordered] == ["employers", "workplaces"]


def test_a_module_shipped_as_a_package_is_discovered_through_its_entry_point(tmp_path):
    """A country-contributed module: a separate distribution announcing itself in `clmis.modules`."""
    package = tmp_path / "lc_wage_councils"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "apps.py").write_text(
        textwrap.dedent("""
        from modules.manifest import Manifest, ModuleConfig

        class WageCouncilsConfig(ModuleConfig):
            name = "lc_wage_councils"
            manifest = Manifest(
                key="wage_councils", title="Wage councils", version="0.3", contributed_by="lc"
            )
    """)
    )
    metadata = tmp_path / "lc_wage_councils-0.3.dist-info"
    metadata.mkdir()
    (metadata / "METADATA").write_text("Metadata-Version: 2.1\nName: lc-wage-councils\nVersion: 0.3\n")
    (metadata / "entry_points.txt").write_text(
        "[clmis.modules]\nwage_councils = lc_wage_councils.apps.WageCouncilsConfig\n"
    )
    code = (
        "from modules.registry import installed_modules; "
        "print(sorted((c.manifest.key, c.manifest.contributed_by) for c in installed_modules()))"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "DJANGO_SETTINGS_MODULE": "clmis.settings"}
    out = subprocess.run(
        [CLMIS, "shell", "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert "('wage_councils', 'lc')" in out and "('employers', 'core')" in out
