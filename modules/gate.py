from django.http import Http404, HttpRequest, HttpResponse

from modules.registry import module_keys


class ModuleGateMiddleware:
    """A module disabled in the request's country answers 404 on all its pages and API routes.

    A module's URLconfs are mounted under its key as application namespace (see clmis.urls.country),
    so the resolved view tells which module it belongs to; the country's enabled modules come with
    its route (request.modules), at no query.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.keys = module_keys()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        enabled = getattr(request, "modules", frozenset())
        for app_name in request.resolver_match.app_names:
            if app_name in self.keys and app_name not in enabled:
                raise Http404("This module is not enabled here.")
