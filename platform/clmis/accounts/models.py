from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import audited


class User(AbstractUser):
    """A person who signs in to the hub or to one country; each schema has its own users."""

    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Leave empty to use the default language of the country."),
    )
    # Role changes (groups) are part of a user's history.
    history = audited(m2m_fields=["groups"])

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")
