"""The modules installed in this deployment, found among the Django apps, and checks of their manifests."""

from django.apps import apps
from django.core import checks

from modules.manifest import ModuleConfig


def installed_modules() -> list[ModuleConfig]:
    return sorted(
        (config for config in apps.get_app_configs() if isinstance(config, ModuleConfig)),
        key=lambda config: config.manifest.key,
    )


def module_by_key(key: str) -> ModuleConfig | None:
    return next((config for config in installed_modules() if config.manifest.key == key), None)


def module_keys() -> set[str]:
    return {config.manifest.key for config in installed_modules()}


def modules_in_dependency_order(modules: list[ModuleConfig]) -> list[ModuleConfig]:
    """The modules given, each after the ones it depends on."""
    by_key = {config.manifest.key: config for config in modules}
    ordered: list[ModuleConfig] = []

    def place(config: ModuleConfig) -> None:
        if config in ordered:
            return
        for dependency in config.manifest.depends_on:
            if dependency in by_key:
                place(by_key[dependency])
        ordered.append(config)

    for config in modules:
        place(config)
    return ordered


def dependants_of(key: str) -> list[ModuleConfig]:
    """The modules that need `key`, directly or through another (matching needs vacancies, which needs
    employers), each before the ones it needs: the order to disable them in."""
    modules = installed_modules()
    needing, wanted = set(), [key]
    while wanted:
        needed = wanted.pop()
        for config in modules:
            if needed in config.manifest.depends_on and config not in needing:
                needing.add(config)
                wanted.append(config.manifest.key)
    return list(reversed(modules_in_dependency_order([config for config in modules if config in needing])))


@checks.register()
def check_manifests(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Unique keys, known dependencies, no dependency cycle: a broken manifest stops the deployment."""
    return manifest_problems(installed_modules())


def manifest_problems(modules: list[ModuleConfig]) -> list[checks.CheckMessage]:
    errors = []
    keys = [config.manifest.key for config in modules]
    for key in {key for key in keys if keys.count(key) > 1}:
        errors.append(checks.Error(f"Two modules use the key {key!r}.", id="modules.E001"))
    known = set(keys)
    for config in modules:
        for dependency in config.manifest.depends_on:
            if dependency not in known:
                errors.append(
                    checks.Error(
                        f"Module {config.manifest.key!r} depends on {dependency!r}, which is not installed.",
                        id="modules.E002",
                    )
                )
    graph = {config.manifest.key: set(config.manifest.depends_on) for config in modules}
    if _has_cycle(graph):
        errors.append(checks.Error("The modules' dependencies form a cycle.", id="modules.E003"))
    return errors


def _has_cycle(graph: dict[str, set[str]]) -> bool:
    visiting, done = set(), set()

    def visit(node: str) -> bool:
        if node in done:
            return False
        if node in visiting:
            return True
        visiting.add(node)
        cyclic = any(visit(dependency) for dependency in graph.get(node, ()))
        visiting.discard(node)
        done.add(node)
        return cyclic

    return any(visit(node) for node in graph)
