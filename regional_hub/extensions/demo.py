"""The example extension's path in the demo: Saint Lucia submits it, the hub reviews it and accepts it
into the running release, so any demo country can enable it (idempotent; skipped if not installed)."""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from clmis import RELEASE
from regional_hub.extensions.models import Extension, ExtensionCheck
from regional_hub.extensions.packages import package_installed
from regional_hub.extensions.services import (
    extension_accept,
    extension_check_record,
    extension_review_start,
    extension_submit,
)
from regional_hub.releases.models import Release
from tenants.models import Country

DISTRIBUTION = "clmis-training-programmes"
# What the demo's reviewer found where the hub computes no verdict.
FINDINGS = {
    ExtensionCheck.Item.TESTS: "Its tests (extensions/training_programmes/tests) pass with the platform's.",
}


def extension_demo(report: Callable[[str], None]) -> None:
    package = package_installed(DISTRIBUTION)
    lc = Country.objects.filter(schema_name="lc").first()
    if package is None or lc is None:
        return
    with schema_context(get_public_schema_name()):
        if Extension.objects.filter(distribution=DISTRIBUTION, version=package.version).exists():
            return
        hub_admin = get_user_model().objects.get(username="hubadmin")
        release = Release.objects.get(version=RELEASE)
    with tenant_context(lc):
        extension = extension_submit(
            country=lc,
            distribution=DISTRIBUTION,
            version=package.version,
            source_url="https://github.com/clmis/clmis",
            source_ref=f"extensions/training_programmes v{package.version}",
            contact_name="Lena Henry",
            contact_email="lmisadmin@labour.lc.example",
            description="A register of the training programmes and of the trainees enrolled in them.",
            by=get_user_model().objects.get(username="lmisadmin"),
        )
    with schema_context(get_public_schema_name()):
        try:
            extension_review_start(extension=extension, by=hub_admin)
            for check in extension.checks.filter(computed=""):
                extension_check_record(
                    extension=extension,
                    item=check.item,
                    verdict=ExtensionCheck.Outcome.PASSED,
                    findings=FINDINGS.get(check.item, "Read by the reviewer: nothing outside the module."),
                    by=hub_admin,
                )
            extension_accept(extension=extension, release=release, by=hub_admin)
        except ValidationError as refused:
            report(f"extension {DISTRIBUTION} left under review: {'; '.join(refused.messages)}")
            return
    report(f"extension {DISTRIBUTION} {package.version} from lc accepted into {RELEASE}")
