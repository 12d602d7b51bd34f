"""Who is acting right now, for the history rows written meanwhile."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from clmis.accounts.actors import SYSTEM, actor_label

_actor: ContextVar[str] = ContextVar("clmis_actor", default=SYSTEM)


def current_actor() -> str:
    return _actor.get()


@contextmanager
def acting(actor: str) -> Iterator[None]:
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


class ActorMiddleware:
    """The signed-in user is the actor of whatever a page changes (placed after authentication).

    Computed here, in the request's own schema: a service may switch schemas before it saves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting(actor_label(request.user)):
            return self.get_response(request)
