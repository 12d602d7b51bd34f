"""Modules shipped as separate Python packages announce themselves in the entry-point group `clmis.modules`.

The entry point's value is the dotted path of the package's ModuleConfig (an AppConfig), e.g.

    [project.entry-points."clmis.modules"]
    wage_councils = "lc_wage_councils.apps.WageCouncilsConfig"

Settings add them to the country apps, so a country-contributed module installs like any other.
Kept free of Django imports: settings call it.
"""

from importlib.metadata import entry_points

GROUP = "clmis.modules"


def entry_point_apps() -> list[str]:
    return sorted(entry_point.value for entry_point in entry_points(group=GROUP))
