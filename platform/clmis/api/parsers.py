"""How the API reads a request's body: as DRF does, refusing with a 400 (not a 500) what no endpoint
can take. JSON nested deeper than Python's parser follows (it gives up with RecursionError, not
ValueError); and text holding a NUL character, which PostgreSQL cannot store nor compare, whichever
field it is meant for (DRF's text fields refuse it, but not its lookups of a row by a slug, nor
free-form JSON). Uploaded files may hold anything: only the fields around them are read here."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


def _nul_refused(data: object) -> None:
    if isinstance(data, str):
        if "\x00" in data:
            raise ParseError(_("The request holds a NUL character, which no field takes."))
    elif isinstance(data, dict):
        for key, value in data.items():
            _nul_refused(key)
            _nul_refused(value)
    elif isinstance(data, list):
        for value in data:
            _nul_refused(value)


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(_("The JSON is nested too deeply to be read.")) from error
        _nul_refused(data)
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        _nul_refused(dict(data.lists()))
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        _nul_refused(dict(parsed.data.lists()))
        return parsed
