"""Every change to a country's wording goes through here, from its pages, the API, imports and the hub."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from clmis.accounts.actors import actor_label
from clmis.audit.context import acting
from clmis.records.locking import record_save
from modules.labels.models import Label
from modules.labels.selectors import labels_forget
from modules.labels.targets import targets


def label_save(*, label: Label | None = None, values: Mapping[str, object], version: int | None, by) -> Label:
    """Give a field or a menu entry the country's own wording in a language, or change it; refused for
    something that cannot be relabelled here (a module not in use, a field that does not exist)."""
    label = label or Label()
    target = values.get("target", label.target)
    if target not in target_keys():
        raise ValidationError({"target": _("%(target)s cannot be relabelled here.") % {"target": target}})
    saved = record_save(label, values=values, version=version, by=by)
    _forget(saved.language)
    return saved


@transaction.atomic
def label_delete(*, label: Label, by) -> None:
    """Use the platform's wording again (the deletion stays in the history)."""
    with acting(actor_label(by)):
        label.delete()
    _forget(label.language)


def target_keys() -> set[str]:
    modules = set(connection.tenant.module_enablements.values_list("module", flat=True))
    return {target.key for target in targets(modules)}


def _forget(language: str) -> None:
    labels_forget(language)
    transaction.on_commit(lambda: labels_forget(language))
