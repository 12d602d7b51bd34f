"""Reading personal data: which fields are personal, who may see them, and a person's copy of it all.

A case model names its personal fields in `personal_fields` (names, national insurance and passport
numbers, dates of birth, addresses, telephones, e-mails). Everything else of the case (sex, district,
occupation, dates of the case) is what the statistics count, and stays visible to every reader.
"""

import dataclasses
import datetime
import decimal
import json
from collections.abc import Iterable

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import Change, HistoryEntry
from clmis.personal_data.models import Erasure

SEE = "personal_data.see_personal_data"
ANSWER = "personal_data.answer_personal_data_request"
# What a reader without the right sees in place of a personal text field (a date is left empty).
WITHHELD = _("withheld")
# Written by the system, yet what a person would recognise their record by.
SHOWN_THOUGH_NOT_EDITABLE = ("reference", "status", "custom")
# Values JSON carries as they are (DjangoJSONEncoder writes dates and decimals); others as text.
PLAIN = (bool, int, float, decimal.Decimal, datetime.date, dict)


def personal_fields(model: type[models.Model] | models.Model) -> tuple[str, ...]:
    return tuple(getattr(model, "personal_fields", ()))


def may_see_personal_data(user) -> bool:
    return user.has_perm(SEE)


def withhold(records: Iterable[models.Model], user) -> None:
    """Blank the personal fields of records read for a user who may not see them, in memory only, and
    those of the records they point to (a referral's job seeker), which a page may show through them.

    Called on what a page, a list, an export or an API answer is about to show; never on a record
    about to be saved.
    """
    if may_see_personal_data(user):
        return
    for record in records:
        _withhold_fields(record)
        for field in record._meta.concrete_fields:
            if field.many_to_one and personal_fields(field.related_model):
                related = getattr(record, field.name)
                if related is not None:
                    _withhold_fields(related)


def _withhold_fields(record: models.Model) -> None:
    for name in personal_fields(record):
        field = record._meta.get_field(name)
        setattr(record, name, None if isinstance(field, models.DateField) else WITHHELD)


def case_types_with_personal_data() -> list[type[models.Model]]:
    """Every installed case model that holds personal data, in the order of the apps."""
    from modules.casework.models import Case

    return [
        model
        for model in apps.get_models()
        if issubclass(model, Case) and model is not Case and personal_fields(model)
    ]


def case_type_choices() -> list[tuple[str, str]]:
    return [
        (model._meta.label_lower, str(model._meta.verbose_name_plural).capitalize())
        for model in case_types_with_personal_data()
    ]


def personal_data_copy(case) -> dict:
    """Everything the country holds about the person of a case, as plain values (an access request).

    The record's own fields, what it holds (education, hearings...), its timeline, letters, documents
    and the history of its changes. Documents and letters travel as files beside this (services).
    """
    return {
        "record": _values(case),
        "parts": {
            str(relation.related_model._meta.verbose_name_plural).capitalize(): [
                _values(part) for part in relation.related_model.objects.filter(**{relation.field.name: case})
            ]
            for relation in _parts_of(type(case))
        },
        "timeline": [
            {"at": event.at, "kind": event.get_kind_display(), "by": event.actor, "text": event.text}
            for event in case.events.order_by("at", "pk")
        ],
        "letters": [
            {"issued": letter.created_at, "subject": letter.subject, "by": letter.actor}
            for letter in case.letters.order_by("created_at", "pk")
        ],
        "documents": [
            {"name": document.name, "attached": document.uploaded_at, "size": document.size}
            for document in case.documents.order_by("uploaded_at", "pk")
        ],
        "history": [
            {"at": row.history_date, "by": row.actor, "values": _values(row, type(case))}
            for row in type(case).history.filter(id=case.pk).order_by("history_date", "history_id")
        ],
    }


def personal_data_json(copy: dict) -> str:
    return json.dumps(copy, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2, default=str)


def _parts_of(model: type[models.Model]) -> list:
    """The one-to-many relations to the case model's own parts (its hearings, its education), not the
    timeline, letters and documents every case has (listed apart) nor other records pointing at it."""
    return [
        relation
        for relation in model._meta.related_objects
        if relation.one_to_many
        and relation.on_delete is models.CASCADE
        and relation.related_model._meta.app_label == model._meta.app_label
        and not relation.related_model.__name__.startswith("Historical")
    ]


def _values(record: models.Model, model: type[models.Model] | None = None) -> dict:
    """The record's fields by their names as people read them, codes shown with their titles."""
    values = {}
    for field in (model or type(record))._meta.concrete_fields:
        if not field.editable and field.name not in SHOWN_THOUGH_NOT_EDITABLE:
            continue
        value = getattr(record, field.name, None)
        if field.choices and value is not None:
            value = dict(field.flatchoices).get(value, value)
        if value is not None and not isinstance(value, PLAIN):
            value = str(value)
        values[str(field.verbose_name)] = value
    return values


def erasure_of(case: models.Model) -> Erasure | None:
    """The erasure of the case's personal data, or None while it holds them."""
    return Erasure.objects.filter(case_type=case._meta.label_lower, record_id=case.pk).first()


def hides_personal_data(record: models.Model | type[models.Model], user) -> bool:
    """Whether the record (or records of the model) hold personal data the user may not see."""
    return bool(personal_fields(record)) and not may_see_personal_data(user)


def searchable(model: type[models.Model], lookups: Iterable[str], user) -> list[str]:
    """The lookups ("job_seeker__family_name") a user may search records by: not personal fields of the
    record or of a record it points to, for a user who may not see them (a hit would tell a name)."""
    if may_see_personal_data(user):
        return list(lookups)
    return [lookup for lookup in lookups if not _reaches_personal_field(model, lookup)]


def _reaches_personal_field(model: type[models.Model], lookup: str) -> bool:
    *path, name = lookup.split("__")
    for step in path:
        model = model._meta.get_field(step).related_model
    return name in personal_fields(model)


def history_withhold(entries: list[HistoryEntry], record: models.Model, user) -> list[HistoryEntry]:
    """The record's history with the before and after of its personal fields withheld from the user."""
    if not hides_personal_data(record, user):
        return entries
    hidden = {str(record._meta.get_field(name).verbose_name) for name in personal_fields(record)}
    return [
        dataclasses.replace(
            entry,
            changes=tuple(
                Change(change.field, WITHHELD, WITHHELD) if change.field in hidden else change
                for change in entry.changes
            ),
        )
        for entry in entries
    ]
