from django import template
from django.db.models import Model

from modules.custom_fields.values import values_shown

register = template.Library()


@register.inclusion_tag("custom_fields/_values.html")
def custom_values(record: Model) -> dict:
    """A record's custom fields in use, with their values, for its page (nothing when it has none)."""
    return {"values": values_shown(record)}
