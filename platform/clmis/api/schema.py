"""The API's description says every answer an endpoint gives, errors included.

drf-spectacular describes what a view answers when all goes well. The errors come from the shared
handler (clmis.api.errors), in one shape, for reasons that hold across endpoints: a client reading
the schema (and the fuzzing suite, tests/security/test_api_fuzz.py) must find them documented too.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import force_instance
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class ErrorAnswer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in the user's language.")
    code = serializers.CharField(help_text="A machine code: invalid, not_found, permission_denied, stale...")
    errors = serializers.DictField(
        required=False, help_text="For `invalid`: the messages by field (nested for nested fields)."
    )


class StaleChange(serializers.Serializer):
    field = serializers.CharField()
    now = serializers.CharField()
    by = serializers.CharField()


class StaleAnswer(ErrorAnswer):
    changes = StaleChange(many=True, help_text="What was saved since the version sent, and by whom.")


class DocumentedErrorsSchema(AutoSchema):
    """drf-spectacular's schema of an operation, with the errors it may answer that it does not
    declare itself (an @extend_schema of its own for a code wins):

    - 400 where the request carries anything to check: a body, or query parameters; and 415 where
      its body is of a type the endpoint does not read;
    - 401 and 403 unless anyone may call it (no credentials, or a role, MFA or CSRF token missing);
    - 404 where the path names a row, or the list has pages (a page past the last);
    - 409 where the body carries the `version` of the record it changes (saved since by another).
    """

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        for code, output in self._errors(operation).items():
            if str(code) not in responses:
                component = self.resolve_serializer(output, "response")
                responses[str(code)] = {
                    "content": {"application/json": {"schema": component.ref}},
                    "description": "",
                }
        return operation

    def _errors(self, operation: dict) -> dict[int, type[serializers.Serializer]]:
        parameters = operation.get("parameters", [])
        errors: dict[int, type[serializers.Serializer]] = {}
        if "requestBody" in operation or any(parameter["in"] == "query" for parameter in parameters):
            errors[400] = ErrorAnswer
        if "requestBody" in operation:
            errors[415] = ErrorAnswer
        if not all(isinstance(permission, AllowAny) for permission in self.view.get_permissions()):
            errors[401] = errors[403] = ErrorAnswer
        paginated = self._is_list_view() and getattr(self.view, "pagination_class", None)
        if paginated or any(parameter["in"] == "path" for parameter in parameters):
            errors[404] = ErrorAnswer
        if "requestBody" in operation and "version" in self._request_fields():
            errors[409] = StaleAnswer
        return errors

    def _request_fields(self) -> dict:
        body = force_instance(self.get_request_serializer())
        return body.fields if isinstance(body, serializers.Serializer) else {}
