"""Who did something, as a label valid across schemas ("kn:officer", "hub:provider", "system").

A user id means nothing outside its schema (users of kn and of the hub have their own tables), so
records that may be changed by users of several schemas name the actor by schema and user name.
"""

from django.db import connection
from django_tenants.utils import get_public_schema_name

SYSTEM = "system"


def actor_label(user) -> str:
    """The label of a user of the schema the connection is in now (call it before switching schemas)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return SYSTEM
    schema = connection.schema_name
    return f"{'hub' if schema == get_public_schema_name() else schema}:{user.get_username()}"
