"""Dimensions every module records the same way, as codes (ILOSTAT's sex codes without the prefix)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "O", _("Other / not stated")


class Currency(models.TextChoices):
    """ISO 4217 codes of the currencies wages and earnings are stated in: the region's own and those of
    the countries its workers come from or go to. A short list, not the whole standard."""

    XCD = "XCD", _("East Caribbean dollar")
    SRD = "SRD", _("Surinamese dollar")
    USD = "USD", _("US dollar")
    CAD = "CAD", _("Canadian dollar")
    EUR = "EUR", _("Euro")
    GBP = "GBP", _("Pound sterling")
    GYD = "GYD", _("Guyanese dollar")
    TTD = "TTD", _("Trinidad and Tobago dollar")
    BBD = "BBD", _("Barbados dollar")
    JMD = "JMD", _("Jamaican dollar")
