"""One shape for every API error: {"detail": message, "code": machine code, "errors": {field: [messages]}}."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from clmis.logs import request_id
from clmis.records.locking import StaleEdit


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, StaleEdit):
        changes = [{"field": str(c.field), "now": str(c.now), "by": c.by} for c in exc.changes]
        return Response({"detail": exc.messages[0], "code": "stale", "changes": changes}, status=409)
    if isinstance(exc, DjangoValidationError):
        # Services raise Django's ValidationError; the API answers it as a 400 like a serializer's.
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        response.data = {"detail": _("The request is not valid."), "code": "invalid", "errors": errors}
    else:
        codes = exc.get_codes()
        response.data = {
            "detail": str(exc.detail),
            "code": codes if isinstance(codes, str) else exc.default_code,
        }
    return response


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A path no page or endpoint takes (Django's handler404): under /api/ the API's own 404, in its
    shape, for a client that reads JSON (an id that is not a number, say); elsewhere the page."""
    if request.path.startswith("/api/"):
        detail = exceptions.NotFound.default_detail
        return JsonResponse({"detail": str(detail), "code": exceptions.NotFound.default_code}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """An unhandled error (Django's handler500): the page, with the request's id as a reference the
    administrator finds in the logs (clmis.logs puts it on every line of the request)."""
    page = loader.get_template("500.html").render({"request_id": request_id.get()})
    return HttpResponseServerError(page)
