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
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clmis import RELEASE
from clmis.accounts.actors import actor_label
from clmis.audit.context import acting
from modules.configuration.models import ConfigurationImport, ProviderChangeNotice
from modules.configuration.sections import SECTIONS, Change, Refusals

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
    """Keep the current country's record of a change a service provider made here, with what reverting
    it needs.

    Called by the hub's console (tenants.providers.console.provider_change_record) in the country's
    schema, in the transaction of the change itself.
    """
    return ProviderChangeNotice.objects.create(
        made_at=made_at,
        actor=actor,
        provider=provider,
        hub_change=hub_change,
        kind=kind,
        summary=summary,
        undo=undo,
    )
