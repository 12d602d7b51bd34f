"""What a country can relabel: the fields of its records' forms and the entries of its menu."""

from dataclasses import dataclass

from django.db.models import Model
from django.urls import NoReverseMatch, reverse

from modules.custom_fields.records import record_types
from modules.custom_fields.values import fields_of
from modules.registry import installed_modules

MENU = "menu:"


@dataclass(frozen=True)
class Target:
    key: str
    group: str
    title: str


def field_target(model: type[Model], field_name: str) -> str:
    return f"{model._meta.label_lower}.{field_name}"


def menu_target(url_name: str) -> str:
    return f"{MENU}{url_name}"


def targets(modules: set[str]) -> list[Target]:
    """Every target of the modules given (by key): their menu entries, then each kind of record's
    fields (those people edit, and the custom fields in use)."""
    found = [
        Target(menu_target(entry.url_name), "menu", str(entry.label))
        for config in installed_modules()
        if config.manifest.key in modules
        for entry in config.manifest.menu
        if _reversible(entry.url_name)
    ]
    for record in record_types(modules):
        group = record.title
        for field in record.model._meta.fields:
            if field.editable and not field.auto_created and field.name not in ("version",):
                found.append(Target(field_target(record.model, field.name), group, str(field.verbose_name)))
        for definition in fields_of(record.model):
            found.append(Target(field_target(record.model, definition.form_name), group, definition.label))
    return found


def _reversible(url_name: str) -> bool:
    try:
        reverse(url_name)
    except NoReverseMatch:
        return False
    return True
