"""The SDMX web service's views: public (open data, no sign-in), on the hub only, cached briefly by
URL, Accept header and language. Every refusal is an SDMX error message with its status."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from clmis.public_pages import published_page
from regional_hub.sdmx import messages
from regional_hub.sdmx.queries import (
    CSV,
    GENERIC,
    NO_RESULTS,
    SDMX_CSV,
    STRUCTURE_SPECIFIC,
    VERSIONS,
    SdmxError,
    data_query_parse,
    flow_ref_parse,
    structure_query_parse,
    structure_select,
)
from regional_hub.sdmx.selectors import sdmx_dataflows, sdmx_observations, sdmx_structures

CACHE_SECONDS = 300
WRITERS = {
    GENERIC: messages.generic_data_message,
    STRUCTURE_SPECIFIC: messages.structure_specific_data_message,
    SDMX_CSV: messages.csv_data_message,
    CSV: messages.csv_data_message,
}


@published_page(CACHE_SECONDS)
@vary_on_headers("Accept")
@require_safe
def structure_query(
    request: HttpRequest,
    resource: str,
    agency: str | None = None,
    resource_id: str | None = None,
    version: str | None = None,
    items: str | None = None,
) -> HttpResponse:
    """/sdmx/{resource}/{agencyID}/{resourceID}/{version}/{itemID}: dataflow, datastructure,
    codelist, conceptscheme."""
    try:
        query = structure_query_parse(
            resource, agency, resource_id, version, items, request.GET, request.headers.get("Accept", "")
        )
        structures = sdmx_structures()
        body = messages.structure_message(structures, structure_select(structures, query))
    except SdmxError as error:
        return error_response(error)
    return HttpResponse(body, content_type=_content_type(query.media_type))


@published_page(CACHE_SECONDS)
@vary_on_headers("Accept")
@require_safe
def data_query(
    request: HttpRequest, flow: str, key: str | None = None, provider: str | None = None
) -> HttpResponse:
    """/sdmx/data/{flowRef}/{key}/{providerRef}."""
    try:
        query = data_query_parse(
            flow_ref_parse(flow, sdmx_dataflows()),
            key,
            provider,
            request.GET,
            request.headers.get("Accept", ""),
        )
        body = WRITERS[query.media_type](query, sdmx_observations(query))
    except SdmxError as error:
        return error_response(error)
    return HttpResponse(body, content_type=_content_type(query.media_type))


def unknown(request: HttpRequest) -> HttpResponse:
    """Any other address under /sdmx/: SDMX's "not found", not the site's page."""
    message = _(
        "Not found: the queries this service answers are dataflow, datastructure, codelist, "
        "conceptscheme and data."
    )
    return error_response(SdmxError(NO_RESULTS, message))


def error_response(error: SdmxError) -> HttpResponse:
    return HttpResponse(
        messages.error_message(error), status=error.status, content_type="application/xml; charset=utf-8"
    )


def _content_type(media_type: str) -> str:
    if media_type == CSV:
        return "text/csv; charset=utf-8"
    if media_type == SDMX_CSV:
        return f"{media_type}; version={VERSIONS[media_type]}; charset=utf-8"
    return f"{media_type}; version={VERSIONS[media_type]}"
