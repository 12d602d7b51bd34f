"""Telling the contributing country's LMIS administrators what the hub decided (run in the country)."""

from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext as _

from clmis.accounts.mail import administrators_mail
from clmis.celery import app
from regional_hub.extensions.models import Extension


@app.task
def extension_decision_notify(extension_id: int) -> int:
    """Mail the country's LMIS administrators that its extension was accepted or returned."""
    extension = Extension.objects.select_related("release").get(
        pk=extension_id, country_id=connection.tenant.pk
    )
    url = connection.tenant.url(reverse("extension_submissions:detail", args=[extension.pk]))
    names = {"module": extension.title, "version": extension.version}

    def subject() -> str:
        if extension.state == Extension.State.ACCEPTED:
            return _("The regional hub accepted %(module)s %(version)s into release %(release)s") % {
                **names,
                "release": extension.release.version,
            }
        return _("The regional hub returned %(module)s %(version)s") % names

    return administrators_mail(
        subject=subject, template="extensions/decision_mail.txt", context={"extension": extension, "url": url}
    )
