"""How the API reads a JSON body: as DRF does, but a body nested deeper than Python's parser follows
is a bad request (400), not a server error (Python gives up with RecursionError, not ValueError)."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(_("The JSON is nested too deeply to be read.")) from error
