"""What a service provider's staff member does from the hub's console, in a country assigned to their
provider (ARCHITECTURE §2): configuration only, never case data.

Each action checks the assignment again, then runs in the country's schema through the country's own
services, as "hub:<user> (<provider>)" — the label the history rows of the change carry — and records
the change at the hub and in the country (provider_change_record), all in one transaction.
"""

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from clmis.accounts.actors import Delegate, actor_label
from clmis.audit.context import acting
from modules.configuration.sections import Change, SettingsSection, custom_field_data
from modules.configuration.services import (
    configuration_export,
    configuration_import,
    provider_change_notice_add,
)
from modules.country_settings.models import CountrySettings
from modules.country_settings.services import KEEP, country_settings_save
from modules.custom_fields.models import CustomField
from modules.custom_fields.services import custom_field_save
from modules.registry import module_by_key
from regional_hub.extensions.models import Extension
from regional_hub.extensions.services import extension_submit
from tenants.models import Country, ProviderChange, ServiceProvider
from tenants.providers.selectors import provider_of
from tenants.selectors import module_enabled_here
from tenants.services import module_disable, module_enable

# The longest actor label a history row keeps (clmis.audit.models.AuditedChange).
ACTOR_MAX = 200


def provider_actor(user, provider: ServiceProvider) -> str:
    """The label of a staff member's changes: "hub:priya (Caribbean LMIS Services)". Worked out in the
    hub's schema, where the user lives, whatever schema the connection is in."""
    with schema_context(get_public_schema_name()):
        return f"{actor_label(user)} ({provider.name})"[:ACTOR_MAX]


@dataclass(frozen=True)
class Console:
    """A staff member at the console: who, for which provider, and the label their changes carry."""

    user: object
    provider: ServiceProvider
    actor: str

    @property
    def by(self) -> Delegate:
        """What the country's services take as `by`: they record `actor`, not a country user's name."""
        return Delegate(self.user, self.actor)


def console_open(user) -> Console | None:
    """The console of a hub user working for a provider accredited today; None for anyone else."""
    provider = provider_of(user, today=timezone.localdate())
    return None if provider is None else Console(user, provider, provider_actor(user, provider))


@contextmanager
def _in_country(console: Console, country: Country) -> Iterator[None]:
    """A console action's frame: checked, in one transaction, in the country's schema, as the provider."""
    today = timezone.localdate()
    assigned = console.provider.assignments.current(today).filter(country=country).exists()
    if not (assigned and console.provider.is_accredited(today)):
        raise PermissionDenied(
            _("%(country)s is not assigned to %(provider)s.")
            % {"country": country, "provider": console.provider}
        )
    with transaction.atomic(), acting(console.actor), tenant_context(country):
        yield


def provider_change_record(
    *, console: Console, country: Country, kind: str, summary: str, undo: dict
) -> ProviderChange:
    """Record a console change on both sides: the hub's ProviderChange, and the country's notice, which
    tells its LMIS administrators (in-app and by e-mail) and keeps what reverting needs.

    The one way a console change is recorded: every action calls it inside its own transaction, so a
    change is never without its record, nor a record without its change.
    """
    with schema_context(get_public_schema_name()):
        change = ProviderChange.objects.create(
            made_at=timezone.now(),
            provider=console.provider,
            user=console.user,
            actor=console.actor,
            country=country,
            kind=kind,
            summary=summary[:500],
        )
    with tenant_context(country):
        provider_change_notice_add(
            made_at=change.made_at,
            actor=change.actor,
            provider=console.provider.name,
            hub_change=change.pk,
            kind=kind,
            summary=change.summary,
            undo=undo,
        )
    return change


def console_module_change(*, console: Console, country: Country, key: str, enable: bool) -> bool:
    """Enable or disable a module of the country; False if it already was (nothing to record)."""
    with _in_country(console, country):
        if module_enabled_here(key) == enable:
            return False
        (module_enable if enable else module_disable)(country=country, key=key, by=console.by)
        title = module_by_key(key).manifest.title
        with _country_language(country):
            if enable:
                kind, summary = ProviderChange.Kind.MODULE_ENABLED, _("Module %(module)s enabled")
            else:
                kind, summary = ProviderChange.Kind.MODULE_DISABLED, _("Module %(module)s disabled")
            summary %= {"module": title}
        provider_change_record(
            console=console, country=country, kind=kind, summary=summary, undo={"module": key}
        )
        return True


def console_custom_field_save(
    *,
    console: Console,
    country: Country,
    field: CustomField | None,
    values: Mapping[str, object],
    version: int | None,
) -> CustomField:
    """Add a custom field to the country, or change one, through its service (same refusals)."""
    with _in_country(console, country):
        # Read again: a form has already put the new values on the instance it was given.
        before = None
        if field is not None:
            field = CustomField.objects.select_related("table").get(pk=field.pk)
            before = custom_field_data(field)
        saved = custom_field_save(field=field, values=values, version=version, by=console.by)
        after = custom_field_data(CustomField.objects.select_related("table").get(pk=saved.pk))
        differing = [name for name in after if before is not None and after[name] != before[name]]
        if before is not None and not differing:
            return saved
        with _country_language(country):
            names = {"label": saved.label, "record": saved.record_title}
            if before is None:
                kind, undo = ProviderChange.Kind.FIELD_ADDED, {"field": saved.pk}
                summary = _("Custom field “%(label)s” added to %(record)s") % names
            else:
                kind = ProviderChange.Kind.FIELD_CHANGED
                undo = {"field": saved.pk, "version": saved.version, "before": before}
                summary = _("Custom field “%(label)s” of %(record)s changed: %(fields)s") % {
                    **names,
                    "fields": _field_names(CustomField, differing),
                }
        provider_change_record(console=console, country=country, kind=kind, summary=summary, undo=undo)
        return saved


def console_settings_save(
    *,
    console: Console,
    country: Country,
    values: Mapping[str, object],
    version: int | None,
    default_language: str | None = None,
    logo: UploadedFile | str = KEEP,
) -> CountrySettings:
    """Change the country's settings through their service (same refusals: contrast, languages, logo)."""
    with _in_country(console, country):
        section = SettingsSection()
        before = section.export()
        saved = country_settings_save(
            values=values, version=version, by=console.by, default_language=default_language, logo=logo
        )
        differing = [name for name, value in section.export().items() if value != before[name]]
        if not differing:
            return saved
        if "logo" not in differing:
            del before["logo"]  # kept only when replaced: it is by far the largest part
        with _country_language(country):
            summary = _("Country settings changed: %(fields)s") % {
                "fields": _field_names(CountrySettings, differing)
            }
        provider_change_record(
            console=console,
            country=country,
            kind=ProviderChange.Kind.SETTINGS_CHANGED,
            summary=summary,
            undo={"version": saved.version, "before": before},
        )
        return saved


def console_configuration_import(
    *, console: Console, country: Country, document: dict, apply: bool, sections: Iterable[str]
) -> list[Change]:
    """What importing a configuration file would change in the country (a dry run), or applying it.
    Reverting an applied import imports the configuration exported just before it."""
    sections = list(sections)
    with _in_country(console, country):
        before = configuration_export() if apply else None
        changes = configuration_import(document, apply=apply, by=console.by, sections=sections)
        if not (apply and changes):
            return changes
        with _country_language(country):
            summary = _("Configuration from %(source)s imported (%(parts)s); changes made: %(count)d") % {
                "source": str(document.get("country", "?")).upper(),
                "parts": ", ".join(sorted({change.section for change in changes})),
                "count": len(changes),
            }
        provider_change_record(
            console=console,
            country=country,
            kind=ProviderChange.Kind.CONFIGURATION_IMPORTED,
            summary=summary,
            undo={"before": before, "sections": sorted(sections)},
        )
        return changes


def console_extension_submit(*, console: Console, country: Country, values: Mapping[str, str]) -> Extension:
    """Submit to the hub, for the country, a module it wrote: the country is named as the contributor,
    the staff member as the submitter ("hub:priya (Caribbean LMIS Services)"). Nothing of the country's
    configuration changes, so there is nothing to revert: the country sees the submission on its
    Extensions page."""
    with _in_country(console, country):
        return extension_submit(country=country, by=console.by, **values)


def _country_language(country: Country):
    """Summaries are written in the country's default language: its administrators are their readers."""
    return translation.override(country.default_language)


def _field_names(model: type[Model], names: list[str]) -> str:
    return ", ".join(_verbose_name(model, name) for name in names)


def _verbose_name(model: type[Model], name: str) -> str:
    if name == "default_language":  # kept on the country's row at the hub
        return _("default language")
    return str(model._meta.get_field(name).verbose_name)
