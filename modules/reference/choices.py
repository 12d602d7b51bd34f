"""Dimensions every module records the same way, as codes (ILOSTAT's sex codes without the prefix)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "O", _("Other / not stated")
