"""The kinds of record a country can give fields of its own: the Customisable models of its modules."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model

from clmis.records.models import Customisable
from modules.manifest import ModuleConfig


@dataclass(frozen=True)
class RecordType:
    label: str  # "complaints.complaint"
    model: type[Model]
    module: str  # the module's key

    @property
    def title(self) -> str:
        """ "Complaints: complaints", "Vacancies: work requests": the module, then the record."""
        config = apps.get_app_config(self.model._meta.app_label)
        return f"{config.manifest.title}: {self.model._meta.verbose_name_plural}"


def record_types(modules: Iterable[str] | None = None) -> list[RecordType]:
    """Every kind of record of the modules given (by key; all installed ones for None), by title."""
    wanted = None if modules is None else set(modules)
    found = []
    for model in apps.get_models():
        config = model._meta.app_config
        if not issubclass(model, Customisable) or not isinstance(config, ModuleConfig):
            continue
        if wanted is None or config.manifest.key in wanted:
            found.append(RecordType(model._meta.label_lower, model, config.manifest.key))
    return sorted(found, key=lambda record_type: record_type.title)


def record_type(label: str) -> RecordType | None:
    return next((found for found in record_types() if found.label == label), None)


def is_customisable(model: type[Model]) -> bool:
    return issubclass(model, Customisable) and isinstance(model._meta.app_config, ModuleConfig)
