"""Who did something, as a label valid across schemas ("kn:officer", "hub:provider", "system").

A user id means nothing outside its schema (users of kn and of the hub have their own tables), so
records that may be changed by users of several schemas name the actor by schema and user name.
"""

from dataclasses import dataclass

from django.db import connection
from django_tenants.utils import get_public_schema_name

SYSTEM = "system"


@dataclass(frozen=True)
class Delegate:
    """A user acting in a schema they do not belong to, on someone's behalf: a service provider's staff
    member changing a country's configuration from the hub's console.

    Passed as `by` to a country's services, it makes them record the label worked out where the user
    lives ("hub:priya (Caribbean LMIS Services)"), not a name that would point at whoever holds the same
    user name in the country's schema.
    """

    user: object
    label: str
    is_authenticated = True

    def get_username(self) -> str:
        return self.user.get_username()


def actor_label(user) -> str:
    """The label of a user of the schema the connection is in now (call it before switching schemas)."""
    if isinstance(user, Delegate):
        return user.label
    if user is None or not getattr(user, "is_authenticated", False):
        return SYSTEM
    schema = connection.schema_name
    return f"{'hub' if schema == get_public_schema_name() else schema}:{user.get_username()}"
