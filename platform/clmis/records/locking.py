"""Optimistic locking: a save based on an older version than the stored one is refused with what changed."""

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from clmis.accounts.actors import actor_label
from clmis.audit.context import acting
from clmis.audit.history import readable_change
from clmis.records.models import Versioned


@dataclass(frozen=True)
class ChangeSince:
    field: str
    now: object
    by: str


class StaleEdit(ValidationError):
    """Someone saved the record after it was opened; nothing of this edit was saved."""

    def __init__(self, changes: list[ChangeSince]):
        self.changes = changes
        described = "; ".join(f"{c.field} is now “{c.now}” ({c.by})" for c in changes) or _("see its history")
        super().__init__(
            _(
                "Someone else saved this record after you opened it, so your changes were not saved. "
                "Since then: %(changes)s. Review the record and make your changes again."
            )
            % {"changes": described},
            code="stale",
        )


@transaction.atomic
def record_save(instance: Versioned, *, values: Mapping[str, object], version: int | None, by) -> Versioned:
    """Create or update a versioned record from cleaned values, refusing a stale edit.

    `version` is the one the editor read (None when creating). The row is locked while checked, so two
    simultaneous saves of the same version cannot both succeed.
    """
    with acting(actor_label(by)):
        if instance.pk is not None:
            current = type(instance).objects.select_for_update().only("version").get(pk=instance.pk)
            if version is None or current.version != version:
                raise StaleEdit(changes_since(instance, version or 0))
            instance.version = current.version + 1
        for field, value in values.items():
            setattr(instance, field, value)
        instance.full_clean()
        instance.save()
        return instance


def changes_since(instance: models.Model, version: int) -> list[ChangeSince]:
    """The fields changed by the saves after `version`, with their current value and who saved them."""
    records = list(instance.history.filter(version__gte=version).order_by("history_date"))
    if len(records) < 2:
        return []
    changes: dict[str, ChangeSince] = {}
    for older, newer in pairwise(records):
        for change in newer.diff_against(older).changes:
            if change.field == "version":
                continue
            label = str(instance._meta.get_field(change.field).verbose_name)
            _before, now = readable_change(instance, change)
            changes[change.field] = ChangeSince(label, now, newer.actor)
    return list(changes.values())
