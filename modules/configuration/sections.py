"""The parts of a country's configuration that travel in a configuration file, each able to say what
it holds (export) and to make this country hold the same (apply), through the services that change it.

Applying never deletes what records use: a custom field or a code the file does not have is taken out
of use, so the records that use it stay readable; a module holding records is not disabled by a file.
Only wording (labels) the file does not have is removed.
"""

import base64
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modules.casework.models import ExtraState, LetterTemplate, NumberingRule, StateDeadline
from modules.casework.selectors import LetterKind, letter_offered, numbering_of
from modules.casework.services import (
    deadline_set,
    extra_state_add,
    extra_state_remove,
    letter_template_delete,
    letter_template_save,
    numbering_rule_delete,
    numbering_rule_save,
)
from modules.country_settings.models import CountrySettings
from modules.country_settings.services import KEEP, REMOVE, country_settings_save
from modules.custom_fields.models import CustomField
from modules.custom_fields.services import custom_field_save
from modules.labels.models import Label
from modules.labels.services import label_delete, label_save
from modules.reference.models import Classification, Code
from modules.reference.services import national_code_save, national_table_change, national_table_create
from modules.registry import module_by_key, modules_in_dependency_order
from tenants.selectors import modules_enabled_in
from tenants.services import module_disable, module_enable


@dataclass(frozen=True)
class Change:
    """One thing an import changes: `action` is add, change, retire, enable or disable."""

    section: str
    action: str
    item: str
    detail: str = ""

    def as_dict(self) -> dict:
        return {"section": self.section, "action": self.action, "item": self.item, "detail": self.detail}


class Refusals:
    """What a file asks that cannot be done, item by item: gathered so a person sees them all at once."""

    def __init__(self, section: str):
        self.section = section
        self.messages: list[str] = []

    def attempt(self, item: str, work: Callable[[], object]) -> object | None:
        try:
            return work()
        except ValidationError as error:
            for message in _messages(error):
                self.messages.append(f"{self.section} · {item}: {message}")
            return None


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{field}: {message}" for field, messages in error.message_dict.items() for message in messages
        ]
    return error.messages


class Section:
    key = ""
    title = ""

    def export(self) -> object:
        raise NotImplementedError

    def check(self, data: object) -> list[str]:
        """What is wrong with the shape of the section's data (before anything is applied)."""
        raise NotImplementedError

    def apply(self, data: object, refusals: Refusals, by) -> list[Change]:
        raise NotImplementedError


def _items_check(data: object, section: str, required: tuple[str, ...]) -> list[str]:
    if not isinstance(data, list):
        return [_("%(section)s: expected a list.") % {"section": section}]
    problems = []
    for index, item in enumerate(data):
        if not isinstance(item, dict):
            problems.append(
                _("%(section)s[%(index)d]: expected an object.") % {"section": section, "index": index}
            )
            continue
        missing = [name for name in required if name not in item]
        if missing:
            problems.append(
                _("%(section)s[%(index)d]: missing %(names)s.")
                % {"section": section, "index": index, "names": ", ".join(missing)}
            )
    return problems


class ModulesSection(Section):
    key = "modules"
    title = gettext_lazy("Modules")

    def export(self) -> list[str]:
        return sorted(config.manifest.key for config in modules_enabled_in(connection.tenant))

    def check(self, data: object) -> list[str]:
        if not isinstance(data, list) or not all(isinstance(key, str) for key in data):
            return [_("modules: expected a list of module keys.")]
        return [
            _("modules: %(key)s is not installed on this platform.") % {"key": key}
            for key in data
            if module_by_key(key) is None
        ]

    def apply(self, data: list[str], refusals: Refusals, by) -> list[Change]:
        country = connection.tenant
        enabled = {config.manifest.key for config in modules_enabled_in(country)}
        wanted = [module_by_key(key) for key in data]
        changes = []
        for config in modules_in_dependency_order(wanted):
            key = config.manifest.key
            if key in enabled:
                continue
            if refusals.attempt(key, lambda key=key: module_enable(country=country, key=key, by=by)):
                changes.append(Change(self.key, "enable", key, str(config.manifest.title)))
        extra = [module_by_key(key) for key in enabled - set(data)]
        for config in reversed(modules_in_dependency_order(extra)):
            key = config.manifest.key
            if _holds_records(config):
                refusals.messages.append(
                    _(
                        "%(section)s · %(key)s: it holds records here; a file does not disable it "
                        "(disable it under Modules if that is meant)."
                    )
                    % {"section": self.key, "key": key}
                )
                continue
            refusals.attempt(key, lambda key=key: module_disable(country=country, key=key, by=by))
            changes.append(Change(self.key, "disable", key, str(config.manifest.title)))
        return changes


def _holds_records(config) -> bool:
    return any(model._default_manager.exists() for model in config.get_models())


# The country's geography: every country has the table, each with its own subdivisions (ISO 3166-2).
GEOGRAPHY = "district"


class CodeTablesSection(Section):
    """National code tables and their codes, with the harmonised codes they map to. Not the districts:
    they describe the country, not how it is set up, and would be wrong on the next island."""

    key = "code_tables"
    title = gettext_lazy("National code tables")

    def export(self) -> list[dict]:
        tables = Classification.objects.filter(kind=Classification.Kind.NATIONAL).exclude(key=GEOGRAPHY)
        tables = tables.order_by("key")
        return [
            {
                "key": table.key,
                "title": table.title,
                "maps_to": table.maps_to,
                "codes": [
                    {
                        "code": code.code,
                        "title": code.title,
                        "parent": code.parent.code if code.parent else "",
                        "harmonised_code": code.harmonised_code,
                        "active": code.active,
                    }
                    for code in table.codes.select_related("parent").order_by("path")
                ],
            }
            for table in tables
        ]

    def check(self, data: object) -> list[str]:
        problems = _items_check(data, self.key, ("key", "title", "codes"))
        for table in data if not problems else ():
            problems += _items_check(table["codes"], f"{self.key}.{table['key']}", ("code", "title"))
        return problems

    def apply(self, data: list[dict], refusals: Refusals, by) -> list[Change]:
        changes = []
        for wanted in data:
            if wanted["key"] == GEOGRAPHY:
                continue
            table = Classification.objects.filter(key=wanted["key"]).first()
            maps_to = wanted.get("maps_to", "")
            if table is None:
                table = refusals.attempt(
                    wanted["key"],
                    lambda w=wanted, m=maps_to: national_table_create(
                        key=w["key"], title=w["title"], maps_to=m, by=by
                    ),
                )
                if table is None:
                    continue
                changes.append(Change(self.key, "add", table.key, table.title))
            elif not table.is_national:
                refusals.messages.append(
                    _("%(section)s · %(key)s: a table shipped with the platform cannot be replaced.")
                    % {"section": self.key, "key": table.key}
                )
                continue
            elif (table.title, table.maps_to) != (wanted["title"], maps_to):
                refusals.attempt(
                    table.key,
                    lambda t=table, w=wanted, m=maps_to: national_table_change(
                        table=t, title=w["title"], maps_to=m, by=by
                    ),
                )
                changes.append(Change(self.key, "change", table.key, wanted["title"]))
            changes += self._codes(table, wanted["codes"], refusals, by)
        return changes

    def _codes(self, table: Classification, wanted: list[dict], refusals: Refusals, by) -> list[Change]:
        existing = {code.code: code for code in table.codes.select_related("parent")}
        changes = []
        for item in wanted:
            values = {
                "code": item["code"],
                "title": item["title"],
                "parent": item.get("parent", ""),
                "harmonised_code": item.get("harmonised_code", ""),
                "active": item.get("active", True),
            }
            current = existing.get(item["code"])
            name = f"{table.key}/{item['code']}"
            if current is None:
                if refusals.attempt(name, lambda v=values: national_code_save(table=table, **v, by=by)):
                    changes.append(Change(self.key, "add", name, values["title"]))
                continue
            now = {
                "code": current.code,
                "title": current.title,
                "parent": current.parent.code if current.parent else "",
                "harmonised_code": current.harmonised_code,
                "active": current.active,
            }
            if now != values:
                refusals.attempt(
                    name, lambda c=current, v=values: national_code_save(table=table, instance=c, **v, by=by)
                )
                changed = ", ".join(field for field in values if values[field] != now[field])
                changes.append(Change(self.key, "change", name, changed))
        listed = {item["code"] for item in wanted}
        for code in existing.values():
            if code.code not in listed and code.active:
                refusals.attempt(code.code, lambda c=code: _code_retire(table, c, by))
                changes.append(Change(self.key, "retire", f"{table.key}/{code.code}", code.title))
        return changes


def _code_retire(table: Classification, code: Code, by) -> Code:
    return national_code_save(
        table=table,
        instance=code,
        code=code.code,
        title=code.title,
        parent=code.parent.code if code.parent else "",
        harmonised_code=code.harmonised_code,
        active=False,
        by=by,
    )


CUSTOM_FIELD_VALUES = ("label", "help_text", "kind", "required", "in_list", "filter", "position", "active")


def custom_field_data(field: CustomField) -> dict:
    """A custom field's definition as plain data (its code table by key), as a file carries it."""
    return {
        "record": field.record,
        "key": field.key,
        **{name: getattr(field, name) for name in CUSTOM_FIELD_VALUES},
        "table": field.table.key if field.table else None,
    }


def custom_field_values(data: dict) -> dict:
    """What custom_field_save takes to give a field the definition `data` holds (its table found by
    key); refused when the table does not exist here."""
    table = Classification.objects.filter(key=data["table"]).first() if data.get("table") else None
    if data.get("table") and table is None:
        raise ValidationError({"table": _("There is no code table %(table)s.") % {"table": data["table"]}})
    return {name: data[name] for name in CUSTOM_FIELD_VALUES if name in data} | {"table": table}


class CustomFieldsSection(Section):
    key = "custom_fields"
    title = gettext_lazy("Custom fields")

    def export(self) -> list[dict]:
        return [
            custom_field_data(field)
            for field in CustomField.objects.select_related("table").order_by("record", "position", "key")
        ]

    def check(self, data: object) -> list[str]:
        return _items_check(data, self.key, ("record", "key", "label", "kind"))

    def apply(self, data: list[dict], refusals: Refusals, by) -> list[Change]:
        existing = {(field.record, field.key): field for field in CustomField.objects.select_related("table")}
        changes = []
        for item in data:
            name = f"{item['record']}/{item['key']}"
            table = Classification.objects.filter(key=item["table"]).first() if item.get("table") else None
            if item.get("table") and table is None:
                refusals.messages.append(
                    _("%(section)s · %(name)s: there is no code table %(table)s.")
                    % {"section": self.key, "name": name, "table": item["table"]}
                )
                continue
            values = {name: item[name] for name in CUSTOM_FIELD_VALUES if name in item} | {"table": table}
            current = existing.get((item["record"], item["key"]))
            if current is None:
                values |= {"record": item["record"], "key": item["key"]}
                if refusals.attempt(name, lambda v=values: custom_field_save(values=v, version=None, by=by)):
                    changes.append(Change(self.key, "add", name, item["label"]))
                continue
            differing = [field for field, value in values.items() if getattr(current, field) != value]
            if differing:
                refusals.attempt(
                    name,
                    lambda c=current, v=values: custom_field_save(
                        field=c, values=v, version=c.version, by=by
                    ),
                )
                changes.append(Change(self.key, "change", name, ", ".join(differing)))
        listed = {(item["record"], item["key"]) for item in data}
        for identity, field in existing.items():
            if identity not in listed and field.active:
                refusals.attempt(
                    "/".join(identity),
                    lambda f=field: custom_field_save(
                        field=f, values={"active": False}, version=f.version, by=by
                    ),
                )
                changes.append(Change(self.key, "retire", "/".join(identity), field.label))
        return changes


SETTINGS_VALUES = ("site_name", "brand_colour", "brand_ink", "footer", "languages", "disclosure_threshold")


class SettingsSection(Section):
    """Branding, languages and disclosure threshold, with the logo inside the file (base64)."""

    key = "settings"
    title = gettext_lazy("Country settings")

    def export(self) -> dict:
        settings = CountrySettings.objects.filter(pk=1).first() or CountrySettings()
        return {
            **{name: getattr(settings, name) for name in SETTINGS_VALUES},
            "default_language": connection.tenant.default_language,
            "logo": base64.b64encode(bytes(settings.logo)).decode() if settings.logo else None,
        }

    def check(self, data: object) -> list[str]:
        if not isinstance(data, dict):
            return [_("settings: expected an object.")]
        missing = [name for name in (*SETTINGS_VALUES, "default_language") if name not in data]
        if missing:
            return [_("settings: missing %(names)s.") % {"names": ", ".join(missing)}]
        try:
            base64.b64decode(data.get("logo") or "", validate=True)
        except (ValueError, TypeError):
            return [_("settings: the logo is not base64-encoded.")]
        return []

    def apply(self, data: dict, refusals: Refusals, by) -> list[Change]:
        current = self.export()
        differing = [
            name for name in (*SETTINGS_VALUES, "default_language", "logo") if current[name] != data.get(name)
        ]
        if not differing:
            return []
        settings = CountrySettings.objects.filter(pk=1).first()
        logo = KEEP
        if "logo" in differing:
            logo = SimpleUploadedFile("logo", base64.b64decode(data["logo"])) if data.get("logo") else REMOVE
        refusals.attempt(
            self.key,
            lambda: country_settings_save(
                values={name: data[name] for name in SETTINGS_VALUES},
                version=settings.version if settings else None,
                by=by,
                default_language=data["default_language"],
                logo=logo,
            ),
        )
        return [Change(self.key, "change", str(self.title), ", ".join(differing))]


LABEL_VALUES = ("text", "help_text")


class LabelsSection(Section):
    """The country's own wording of fields and menu entries, language by language. Wording holds no
    data, so what the file does not have is removed: the platform's wording is used again."""

    key = "labels"
    title = gettext_lazy("Labels")

    def export(self) -> list[dict]:
        return [
            {
                "target": label.target,
                "language": label.language,
                "text": label.text,
                "help_text": label.help_text,
            }
            for label in Label.objects.order_by("target", "language")
        ]

    def check(self, data: object) -> list[str]:
        return _items_check(data, self.key, ("target", "language", "text"))

    def apply(self, data: list[dict], refusals: Refusals, by) -> list[Change]:
        existing = {(label.target, label.language): label for label in Label.objects.all()}
        changes = []
        for item in data:
            name = f"{item['target']} ({item['language']})"
            values = {"text": item["text"], "help_text": item.get("help_text", "")}
            current = existing.get((item["target"], item["language"]))
            if current is None:
                values |= {"target": item["target"], "language": item["language"]}
                if refusals.attempt(name, lambda v=values: label_save(values=v, version=None, by=by)):
                    changes.append(Change(self.key, "add", name, item["text"]))
            elif any(getattr(current, field) != value for field, value in values.items()):
                refusals.attempt(
                    name, lambda c=current, v=values: label_save(label=c, values=v, version=c.version, by=by)
                )
                changes.append(Change(self.key, "change", name, item["text"]))
        listed = {(item["target"], item["language"]) for item in data}
        for identity, label in existing.items():
            if identity not in listed:
                refusals.attempt(label.target, lambda lbl=label: label_delete(label=lbl, by=by))
                changes.append(Change(self.key, "remove", f"{label.target} ({label.language})", label.text))
        return changes


class WorkflowsSection(Section):
    """Per case type, the optional states a country added and its deadlines in days."""

    key = "workflows"
    title = gettext_lazy("Workflows")

    def export(self) -> dict:
        found: dict[str, dict] = {}
        for state in ExtraState.objects.order_by("case_type", "key"):
            entry = found.setdefault(state.case_type, {"states": [], "deadlines": {}})
            entry["states"].append({"key": state.key, "label": state.label, "after": state.after})
        for deadline in StateDeadline.objects.order_by("case_type", "state"):
            entry = found.setdefault(deadline.case_type, {"states": [], "deadlines": {}})
            entry["deadlines"][deadline.state] = deadline.days
        return found

    def check(self, data: object) -> list[str]:
        if not isinstance(data, dict):
            return [_("workflows: expected an object by case type.")]
        problems = []
        for case_type, entry in data.items():
            if not isinstance(entry, dict) or not isinstance(entry.get("deadlines", {}), dict):
                problems.append(_("workflows.%(type)s: expected states and deadlines.") % {"type": case_type})
                continue
            problems += _items_check(
                entry.get("states", []), f"workflows.{case_type}.states", ("key", "label", "after")
            )
        return problems

    def apply(self, data: dict, refusals: Refusals, by) -> list[Change]:
        changes = []
        current = self.export()
        for case_type in sorted(set(data) | set(current)):
            wanted = data.get(case_type, {"states": [], "deadlines": {}})
            have = current.get(case_type, {"states": [], "deadlines": {}})
            changes += self._states(case_type, wanted.get("states", []), have["states"], refusals, by)
            changes += self._deadlines(
                case_type, wanted.get("deadlines", {}), have["deadlines"], refusals, by
            )
        return changes

    def _states(self, case_type: str, wanted: list, have: list, refusals: Refusals, by) -> list[Change]:
        changes = []
        have_by_key = {state["key"]: state for state in have}
        wanted_keys = {state["key"] for state in wanted}
        for state in have:
            if state["key"] not in wanted_keys or state != next(
                s for s in wanted if s["key"] == state["key"]
            ):
                found = ExtraState.objects.get(case_type=case_type, key=state["key"])
                name = f"{case_type}/{state['key']}"
                refusals.attempt(name, lambda f=found: extra_state_remove(state=f, by=by))
                changes.append(Change(self.key, "remove", name, state["label"]))
        for state in wanted:
            if have_by_key.get(state["key"]) == state:
                continue
            name = f"{case_type}/{state['key']}"
            values = {"key": state["key"], "label": state["label"], "after": state["after"]}
            if refusals.attempt(name, lambda v=values: extra_state_add(case_type=case_type, **v, by=by)):
                changes.append(Change(self.key, "add", name, state["label"]))
        return changes

    def _deadlines(self, case_type: str, wanted: dict, have: dict, refusals: Refusals, by) -> list[Change]:
        changes = []
        for state in sorted(set(wanted) | set(have)):
            days = wanted.get(state)
            if have.get(state) == days:
                continue
            name = f"{case_type}/{state}"
            refusals.attempt(
                name, lambda s=state, d=days: deadline_set(case_type=case_type, state=s, days=d, by=by)
            )
            detail = _("%(days)s days") % {"days": days} if days else _("no deadline")
            changes.append(Change(self.key, "change", name, detail))
        return changes


def _modules_in_use() -> set[str]:
    return {config.manifest.key for config in modules_enabled_in(connection.tenant)}


class LettersSection(Section):
    """The country's wording of its letters, language by language (the shipped wording otherwise)."""

    key = "letters"
    title = gettext_lazy("Letters")

    def export(self) -> list[dict]:
        return [
            {"key": t.key, "language": t.language, "subject": t.subject, "body": t.body}
            for t in LetterTemplate.objects.order_by("key", "language")
        ]

    def check(self, data: object) -> list[str]:
        return _items_check(data, self.key, ("key", "language", "subject", "body"))

    def apply(self, data: list[dict], refusals: Refusals, by) -> list[Change]:
        modules = _modules_in_use()
        existing = {(t.key, t.language): t for t in LetterTemplate.objects.all()}
        changes = []
        for item in data:
            name = f"{item['key']} ({item['language']})"
            letter = letter_offered(modules, item["key"])
            if letter is None:
                refusals.messages.append(
                    _("%(section)s · %(name)s: no module in use here writes this letter.")
                    % {"section": self.key, "name": name}
                )
                continue
            current = existing.get((item["key"], item["language"]))
            if current is not None and (current.subject, current.body) == (item["subject"], item["body"]):
                continue
            refusals.attempt(
                name,
                lambda i=item, le=letter: letter_template_save(
                    letter=le, language=i["language"], subject=i["subject"], body=i["body"], by=by
                ),
            )
            changes.append(Change(self.key, "change" if current else "add", name, item["subject"]))
        listed = {(item["key"], item["language"]) for item in data}
        for (key, language), template in existing.items():
            if (key, language) not in listed:
                # A module since disabled may have written it: the wording goes all the same.
                letter = letter_offered(modules, key) or LetterKind(key, key, ())
                refusals.attempt(
                    key,
                    lambda le=letter, lang=language: letter_template_delete(letter=le, language=lang, by=by),
                )
                changes.append(Change(self.key, "remove", f"{key} ({language})", template.subject))
        return changes


class NumberingSection(Section):
    """The country's reference-number patterns (the case types' defaults otherwise)."""

    key = "numbering"
    title = gettext_lazy("Numbering")

    def export(self) -> dict[str, str]:
        return dict(NumberingRule.objects.order_by("case_type").values_list("case_type", "pattern"))

    def check(self, data: object) -> list[str]:
        if not isinstance(data, dict) or not all(isinstance(value, str) for value in data.values()):
            return [_("numbering: expected a pattern by numbering.")]
        return []

    def apply(self, data: dict[str, str], refusals: Refusals, by) -> list[Change]:
        current = self.export()
        changes = []
        for key in sorted(set(data) | set(current)):
            if data.get(key) == current.get(key):
                continue
            # Any installed numbering: a disabled module's numbers keep their pattern for when it returns.
            numbering = numbering_of(None, key)
            if numbering is None:
                refusals.messages.append(
                    _("%(section)s · %(key)s: there is no such numbering here.")
                    % {"section": self.key, "key": key}
                )
                continue
            if key in data:
                refusals.attempt(
                    key, lambda n=numbering, p=data[key]: numbering_rule_save(numbering=n, pattern=p, by=by)
                )
                changes.append(Change(self.key, "change", key, data[key]))
            else:
                refusals.attempt(key, lambda n=numbering: numbering_rule_delete(numbering=n, by=by))
                changes.append(Change(self.key, "remove", key, numbering.default_pattern))
        return changes


# In the order they are applied: modules first (they bring their code tables), fields after tables.
SECTIONS: tuple[Section, ...] = (
    ModulesSection(),
    CodeTablesSection(),
    CustomFieldsSection(),
    LabelsSection(),
    WorkflowsSection(),
    LettersSection(),
    NumberingSection(),
    SettingsSection(),
)
