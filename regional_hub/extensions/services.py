"""Extensions: a country (its LMIS administrator, or its service provider from the hub's console)
submits a module it wrote, as a package installed in this deployment at a version; a hub administrator
reviews it against the checklist and accepts it into a release, or returns it with reasons. The
contributing country's administrators are told of the decision."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from clmis.accounts.actors import actor_label
from clmis.audit.context import acting
from regional_hub.extensions.models import Extension, ExtensionCheck
from regional_hub.extensions.packages import Package, package_installed
from regional_hub.extensions.review import (
    checks_compute,
    manifest_problems_of,
    platform_problems,
    release_in_range,
)
from regional_hub.extensions.tasks import extension_decision_notify
from regional_hub.releases.models import Release
from tenants.models import Country

Item, Outcome = ExtensionCheck.Item, ExtensionCheck.Outcome


@transaction.atomic
def extension_submit(
    *,
    country: Country,
    distribution: str,
    version: str,
    source_url: str,
    source_ref: str,
    contact_name: str,
    contact_email: str,
    licence: str = "",
    description: str = "",
    by,
) -> Extension:
    """Submit an installed package's module for review, its checklist computed at once.

    Refused whole, with the reasons by field and nothing saved: a package not installed here, a version
    other than the one installed, a manifest that is invalid or names another country, a range of
    platform releases that leaves out the running one, a version already submitted, and missing or
    malformed details (source, contact, a licence other than the one the package declares).
    """
    actor = actor_label(by)
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    distribution, version, licence = distribution.strip(), version.strip(), licence.strip()
    package = package_installed(distribution) if distribution else None
    if not distribution:
        refuse("distribution", _("Give the name of the package, such as clmis-training-programmes."))
    elif package is None:
        refuse(
            "distribution",
            _(
                "No package %(name)s is installed in this deployment: the hub reviews only what it can "
                "install and run. Ask the hub's operators to install it, then submit it."
            )
            % {"name": distribution},
        )
    if not version:
        refuse("version", _("Give the version you submit."))
    elif package is not None and version != package.version:
        refuse(
            "version",
            _(
                "This deployment has version %(installed)s of %(name)s, not %(version)s: the hub reviews "
                "the version it runs."
            )
            % {"installed": package.version, "name": package.name, "version": version},
        )
    try:
        URLValidator(schemes=["https", "http"])(source_url.strip())
    except ValidationError:
        refuse(
            "source_url",
            _("Give the address of the source repository, such as https://git.example.org/lc/module."),
        )
    if not source_ref.strip():
        refuse("source_ref", _("Give the tag or commit of the version submitted."))
    if not contact_name.strip():
        refuse("contact_name", _("Give the name of the person the hub may ask about it."))
    try:
        validate_email(contact_email.strip())
    except ValidationError:
        refuse("contact_email", _("Give a valid e-mail address."))
    if package is not None:
        licence = licence or package.licence
        if not licence:
            refuse("licence", _("Give the licence as an SPDX identifier, such as EUPL-1.2."))
        elif package.licence and licence != package.licence:
            refuse(
                "licence",
                _("The package declares the licence %(declared)s, not %(licence)s.")
                % {"declared": package.licence, "licence": licence},
            )
        problems = manifest_problems_of(package, country_code=country.code)
        for problem in problems:
            refuse(NON_FIELD_ERRORS, _("The module's manifest: %(problem)s") % {"problem": problem})
        if not problems:
            for problem in platform_problems(package.config.manifest.platform):
                refuse(NON_FIELD_ERRORS, problem)
        earlier = Extension.objects.filter(distribution=package.name, version=version).first()
        if earlier is not None:
            refuse("version", _duplicate(earlier))
    if errors:
        raise ValidationError(errors)
    manifest = package.config.manifest
    with acting(actor), schema_context(get_public_schema_name()):
        with translation.override("en"):
            title, summary = str(manifest.title), str(manifest.description)
        try:
            with transaction.atomic():
                extension = Extension.objects.create(
                    country=country,
                    module=manifest.key,
                    title=title,
                    distribution=package.name,
                    version=version,
                    source_url=source_url.strip(),
                    source_ref=source_ref.strip(),
                    licence=licence,
                    contact_name=contact_name.strip(),
                    contact_email=contact_email.strip(),
                    description=description.strip() or summary,
                    platform=manifest.platform,
                    submitted_by=actor,
                )
        except IntegrityError:
            # Submitted by someone else in the same moment.
            raise ValidationError(
                {"version": _duplicate(Extension.objects.get(distribution=package.name, version=version))}
            ) from None
        _checks_write(extension, package)
    return extension


@transaction.atomic
def extension_review_start(*, extension: Extension, by) -> Extension:
    """Take a submission under review (or compute its checklist again while under review): what was
    computed is replaced, what reviewers recorded is kept."""
    actor = actor_label(by)
    if not extension.is_open:
        raise ValidationError(
            _("This extension has been decided (%(state)s).") % {"state": extension.get_state_display()}
        )
    with acting(actor), schema_context(get_public_schema_name()):
        extension.state = Extension.State.UNDER_REVIEW
        extension.reviewer = actor
        extension.save()
        _checks_write(extension, _package_as_submitted(extension))
    return extension


@transaction.atomic
def extension_check_record(
    *, extension: Extension, item: str, verdict: str, findings: str, by
) -> ExtensionCheck:
    """The reviewer's verdict on one item of the checklist. Findings are needed where the verdict is
    not what the hub computed, or where it computed nothing."""
    actor = actor_label(by)
    if extension.state != Extension.State.UNDER_REVIEW:
        raise ValidationError(_("Start the review before recording what you found."))
    check = extension.checks.filter(item=item).first()
    if check is None:
        raise ValidationError({"item": _("%(item)s is not an item of the checklist.") % {"item": item}})
    if verdict not in Outcome.values:
        raise ValidationError({"verdict": _("Say whether the item passed or failed.")})
    findings = findings.strip()
    if verdict != check.computed and not findings:
        message = (
            _("Say what you found: the hub could not compute this item.")
            if not check.computed
            else _("Say what you found: your verdict differs from what the hub computed.")
        )
        raise ValidationError({"findings": message})
    with acting(actor), schema_context(get_public_schema_name()):
        check.verdict, check.findings = verdict, findings
        check.reviewed_by, check.reviewed_at = actor, timezone.now()
        check.save()
    return check


@transaction.atomic
def extension_accept(*, extension: Extension, release: Release, by) -> Extension:
    """Accept the extension into a release: every item of the checklist must have passed (tests as
    recorded by the reviewer), the release must be in the extension's range, and the version reviewed
    must still be the one installed. From then on any country may enable the module."""
    actor = actor_label(by)
    if extension.state != Extension.State.UNDER_REVIEW:
        raise ValidationError(_("Only an extension under review can be accepted."))
    errors = []
    if _package_as_submitted(extension) is None:
        errors.append(
            _("Version %(version)s of %(name)s is no longer installed in this deployment.")
            % {"version": extension.version, "name": extension.distribution}
        )
    open_items = [check for check in extension.checks.all() if check.outcome != Outcome.PASSED]
    if open_items:
        order = list(Item.values)
        errors.append(
            _("These checks have not passed: %(items)s.")
            % {
                "items": "; ".join(
                    f"{check.get_item_display()} ({_outcome_text(check.outcome)})"
                    for check in sorted(open_items, key=lambda check: order.index(check.item))
                )
            }
        )
    if not release_in_range(release.version, extension.platform):
        errors.append(
            _("Release %(release)s is outside the extension's range of releases, %(range)s.")
            % {"release": release.version, "range": extension.platform}
        )
    if errors:
        raise ValidationError(errors)
    with acting(actor), schema_context(get_public_schema_name()):
        extension.state = Extension.State.ACCEPTED
        extension.release = release
        extension.decided_by, extension.decided_at = actor, timezone.now()
        extension.save()
    _notify(extension)
    return extension


@transaction.atomic
def extension_return(*, extension: Extension, reasons: str, by) -> Extension:
    """Return the extension to its country with the reasons; a changed package comes back as a new
    version."""
    actor = actor_label(by)
    if not extension.is_open:
        raise ValidationError(
            _("This extension has been decided (%(state)s).") % {"state": extension.get_state_display()}
        )
    if not reasons.strip():
        raise ValidationError(
            {"reasons": _("Say why the extension is returned and what would make it acceptable.")}
        )
    with acting(actor), schema_context(get_public_schema_name()):
        extension.state = Extension.State.RETURNED
        extension.reasons = reasons.strip()
        extension.decided_by, extension.decided_at = actor, timezone.now()
        extension.save()
    _notify(extension)
    return extension


def _checks_write(extension: Extension, package: Package | None) -> None:
    if package is None:
        missing = _("Version %(version)s of %(name)s is not installed in this deployment.") % {
            "version": extension.version,
            "name": extension.distribution,
        }
        computed = [(item, Outcome.FAILED, missing) for item in Item.values]
    else:
        computed = [
            (found.item, found.outcome, found.findings)
            for found in checks_compute(
                package, country_code=extension.country.code, licence=extension.licence
            )
        ]
    for item, outcome, findings in computed:
        ExtensionCheck.objects.update_or_create(
            extension=extension, item=item, defaults={"computed": outcome, "computed_findings": findings}
        )


def _package_as_submitted(extension: Extension) -> Package | None:
    package = package_installed(extension.distribution)
    return package if package is not None and package.version == extension.version else None


def _duplicate(earlier: Extension) -> str:
    return _(
        "Version %(version)s of %(name)s was already submitted on %(date)s (%(state)s): submit the changed "
        "package as a new version."
    ) % {
        "version": earlier.version,
        "name": earlier.distribution,
        "date": earlier.submitted_at.date().isoformat(),
        "state": earlier.get_state_display(),
    }


def _outcome_text(outcome: str) -> str:
    return str(Outcome(outcome).label) if outcome else _("not decided")


def _notify(extension: Extension) -> None:
    # The mail goes from the country (its administrators live in its schema), once the decision is saved.
    with tenant_context(extension.country):
        extension_decision_notify.apply_async_on_commit((extension.pk,))
