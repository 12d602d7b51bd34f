"""A country's configuration as a file, and a file made this country's: how a service provider rolls a
tested set-up from one island to the next (ARCHITECTURE §2).

The file is JSON: {"format": "clmis-configuration", "format_version": 1, "release": "2026.1",
"country": "kn", "exported_at": ..., "sections": {"modules": [...], "code_tables": [...], ...}}. An
import is checked whole first (format, release, the shape of every section); then every section is
applied inside one transaction, through the services pages use, gathering every refusal. A dry run is
the same run rolled back, so the changes it lists are exactly those applying would make; any refusal
rolls everything back.
"""

import datetime
import hashlib
import json
import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from clmis import RELEASE
from clmis.accounts.actors import actor_label
from clmis.accounts.mail import administrators_mail
from clmis.audit.context import acting
from modules.configuration.models import ConfigurationImport, ProviderChangeNotice
from modules.configuration.sections import (
    SECTIONS,
    Change,
    Refusals,
    SettingsSection,
    custom_field_values,
)
from modules.country_settings.models import CountrySettings
from modules.custom_fields.models import CustomField
from modules.custom_fields.services import custom_field_save
from modules.registry import module_by_key
from tenants.models import ProviderChange
from tenants.selectors import module_enabled_here
from tenants.services import module_disable, module_enable

logger = logging.getLogger(__name__)

FORMAT = "clmis-configuration"
FORMAT_VERSION = 1


def configuration_export() -> dict:
    """The current country's whole configuration, as plain data for a JSON file."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "release": RELEASE,
        "country": connection.schema_name,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "sections": {section.key: section.export() for section in SECTIONS},
    }


def configuration_read(content: bytes | str) -> dict:
    """A configuration file's content as data, or a refusal saying why it cannot be read."""
    try:
        document = json.loads(content)
    except (ValueError, UnicodeDecodeError) as error:
        raise ValidationError(_("The file is not JSON: %(error)s") % {"error": error}) from error
    except RecursionError as error:  # Python's parser gives up on nesting deeper than it follows
        raise ValidationError(_("The file is not JSON that can be read: it is nested too deeply.")) from error
    if not isinstance(document, dict):
        raise ValidationError(_("The file is not a CLMIS configuration file."))
    return document


def configuration_import(
    document: dict, *, apply: bool, by, sections: Iterable[str] | None = None
) -> list[Change]:
    """What importing the document (only the `sections` named, if given) changes in the current
    country; made so only if `apply`.

    Refused whole, nothing changed, with every reason: a file of another format or platform release,
    a section of the wrong shape, or anything a service refuses (a custom field's kind changed while
    records hold values, a module holding records the file would disable, an unknown code...)."""
    problems = _document_problems(document)
    if problems:
        raise ValidationError(problems)
    chosen = set(document["sections"]) if sections is None else set(sections) & set(document["sections"])
    changes: list[Change] = []
    refusals: list[str] = []
    with acting(actor_label(by)), transaction.atomic():
        for section in SECTIONS:
            if section.key in chosen:
                refused = Refusals(section.key)
                changes += section.apply(document["sections"][section.key], refused, by)
                refusals += refused.messages
        if refusals:
            transaction.set_rollback(True)
            raise ValidationError(refusals)
        if apply:
            ConfigurationImport.objects.create(
                actor=actor_label(by),
                source=str(document.get("country", ""))[:8],
                exported_at=str(document.get("exported_at", ""))[:40],
                release=document["release"],
                checksum=configuration_checksum(document),
                changes=[change.as_dict() for change in changes],
            )
        else:
            transaction.set_rollback(True)
    return changes


def section_choices() -> list[tuple[str, str]]:
    return [(section.key, str(section.title)) for section in SECTIONS]


def configuration_checksum(document: dict) -> str:
    """The same for the same configuration, however its file was laid out."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _document_problems(document: dict) -> list[str]:
    if document.get("format") != FORMAT:
        return [
            _('The file is not a CLMIS configuration file (no "format": "%(format)s").') % {"format": FORMAT}
        ]
    if document.get("format_version") != FORMAT_VERSION:
        return [
            _(
                "The file is in version %(found)s of the configuration format; this platform reads "
                "version %(ours)s."
            )
            % {"found": document.get("format_version"), "ours": FORMAT_VERSION}
        ]
    if document.get("release") != RELEASE:
        return [
            _(
                "The file was exported by release %(found)s of the platform; this one runs %(ours)s. Export "
                "the configuration again from a country on %(ours)s."
            )
            % {"found": document.get("release"), "ours": RELEASE}
        ]
    sections = document.get("sections")
    if not isinstance(sections, dict):
        return [_("The file has no sections.")]
    known = {section.key for section in SECTIONS}
    problems = [
        _("Unknown section %(key)s (known: %(known)s).") % {"key": key, "known": ", ".join(sorted(known))}
        for key in sections
        if key not in known
    ]
    for section in SECTIONS:
        if section.key in sections:
            problems += section.check(sections[section.key])
    return problems


# --- Changes made by service providers from the hub's console --------------------------------------------


def provider_change_notice_add(
    *,
    made_at: datetime.datetime,
    actor: str,
    provider: str,
    hub_change: int | None,
    kind: str,
    summary: str,
    undo: dict,
) -> ProviderChangeNotice:
    """Keep the current country's record of a change a service provider made here, and tell its LMIS
    administrators: unread for each of them until they open the list, and by e-mail once committed.

    Called by the hub's console (tenants.providers.console.provider_change_record) in the country's
    schema, in the transaction of the change itself.
    """
    notice = ProviderChangeNotice.objects.create(
        made_at=made_at,
        actor=actor,
        provider=provider,
        hub_change=hub_change,
        kind=kind,
        summary=summary,
        undo=undo,
    )
    _administrators_mail(notice)
    return notice


def _administrators_mail(notice: ProviderChangeNotice) -> None:
    country = connection.tenant
    administrators_mail(
        subject=lambda: (
            _("%(provider)s changed the configuration of %(country)s")
            % {"provider": notice.provider, "country": country.name}
        ),
        template="configuration/provider_change_mail.txt",
        context={
            "notice": notice,
            "url": country.url(reverse("provider-changes", urlconf=settings.ROOT_URLCONF)),
        },
    )


def provider_changes_read(*, user, notices: Iterable[ProviderChangeNotice]) -> None:
    """Mark notices as read by the user (the list marks those it has shown)."""
    through = ProviderChangeNotice.read_by.through
    through.objects.bulk_create(
        [through(providerchangenotice_id=notice.pk, user_id=user.pk) for notice in notices],
        ignore_conflicts=True,
    )


@transaction.atomic
def provider_change_revert(*, notice: ProviderChangeNotice, by) -> ProviderChangeNotice:
    """Undo a change a service provider made, through the services that made it, as `by` (the
    country's LMIS administrator): audited like any change of theirs, and marked on the record here and
    at the hub. Refused, with nothing changed, when already reverted, when what it changed has been
    changed again since (reverting would undo that too), or when a service refuses (a module others
    need, a field's kind while records hold values...)."""
    actor = actor_label(by)
    notice = ProviderChangeNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.reverted_at is not None:
        raise ValidationError(
            _("This change was already reverted, by %(actor)s.") % {"actor": notice.reverted_by}
        )
    revert = REVERTS.get(notice.kind)
    if revert is None or not notice.undo:
        raise ValidationError(_("This change cannot be reverted here."))
    with acting(actor):
        revert(notice.undo, by)
    notice.reverted_at, notice.reverted_by = timezone.now(), actor
    notice.save(update_fields=["reverted_at", "reverted_by"])
    if notice.hub_change is not None:
        with schema_context(get_public_schema_name()):
            ProviderChange.objects.filter(pk=notice.hub_change).update(
                reverted_at=notice.reverted_at, reverted_by=actor
            )
    return notice


def _module_enabled_revert(undo: dict, by) -> None:
    if not module_enabled_here(undo["module"]):
        raise ValidationError(_("%(module)s is already disabled.") % {"module": _module_title(undo)})
    module_disable(country=connection.tenant, key=undo["module"], by=by)


def _module_disabled_revert(undo: dict, by) -> None:
    if module_enabled_here(undo["module"]):
        raise ValidationError(_("%(module)s is already enabled.") % {"module": _module_title(undo)})
    module_enable(country=connection.tenant, key=undo["module"], by=by)


def _module_title(undo: dict) -> str:
    config = module_by_key(undo["module"])
    return str(config.manifest.title) if config else undo["module"]


def _field_added_revert(undo: dict, by) -> None:
    """A field a provider added is taken out of use (fields are never deleted: values may be recorded)."""
    field = _field(undo)
    if not field.active:
        raise ValidationError(_("The field %(label)s is already out of use.") % {"label": field.label})
    custom_field_save(field=field, values={"active": False}, version=field.version, by=by)


def _field_changed_revert(undo: dict, by) -> None:
    field = _field(undo)
    _unchanged_since(field.version, undo["version"], str(field.label))
    custom_field_save(field=field, values=custom_field_values(undo["before"]), version=field.version, by=by)


def _field(undo: dict) -> CustomField:
    field = CustomField.objects.select_related("table").filter(pk=undo["field"]).first()
    if field is None:
        raise ValidationError(_("The custom field no longer exists."))
    return field


def _settings_revert(undo: dict, by) -> None:
    current = CountrySettings.objects.filter(pk=1).first()
    _unchanged_since(current.version if current else None, undo["version"], _("The country settings"))
    section = SettingsSection()
    refusals = Refusals(section.key)
    # The logo is kept in `before` only if the change replaced it.
    section.apply({**section.export(), **undo["before"]}, refusals, by)
    if refusals.messages:
        raise ValidationError(refusals.messages)


def _configuration_import_revert(undo: dict, by) -> None:
    """The configuration exported just before the import, imported again (the parts the import
    touched): what the import added is taken out of use, what it changed gets its values back."""
    configuration_import(undo["before"], apply=True, by=by, sections=undo["sections"])


def _unchanged_since(version: int | None, changed_to: int, what: str) -> None:
    if version != changed_to:
        raise ValidationError(
            _(
                "%(what)s has been changed again since (see its history): reverting this change would "
                "undo the later one too. Change it back by hand if that is meant."
            )
            % {"what": what}
        )


REVERTS: dict[str, Callable[[dict, object], None]] = {
    ProviderChange.Kind.MODULE_ENABLED: _module_enabled_revert,
    ProviderChange.Kind.MODULE_DISABLED: _module_disabled_revert,
    ProviderChange.Kind.FIELD_ADDED: _field_added_revert,
    ProviderChange.Kind.FIELD_CHANGED: _field_changed_revert,
    ProviderChange.Kind.SETTINGS_CHANGED: _settings_revert,
    ProviderChange.Kind.CONFIGURATION_IMPORTED: _configuration_import_revert,
}
