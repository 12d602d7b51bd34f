"""Colour contrast as WCAG 2 measures it: a country's colours must keep its site readable (AA)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# WCAG 2.1 AA for normal text.
MINIMUM_CONTRAST = 4.5
WHITE = "#ffffff"


def colour_check(value: str) -> None:
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(_("Give a colour as # and six hexadecimal digits, e.g. #0b4f8a."))


def contrast(first: str, second: str) -> float:
    """The contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    channels = (int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5))
    red, green, blue = (
        channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4 for channel in channels
    )
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue
