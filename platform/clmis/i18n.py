"""The language of a page: the user's own choice, else the country's default language."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from clmis.accounts.services import user_language_set
from modules.country_settings.selectors import country_settings


def language_for(request: HttpRequest) -> str:
    """User preference, then the language cookie, then the country's default, then English.

    The browser's Accept-Language is deliberately not consulted: a country decides the default
    language of its own site (Suriname's is Dutch), and anyone can switch.
    """
    supported = languages_offered(request)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.preferred_language in supported:
        return user.preferred_language
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in supported:
        return chosen
    country = getattr(request, "country", None)
    if country is not None and country.default_language in supported:
        return country.default_language
    return settings.LANGUAGE_CODE


def languages_offered(request: HttpRequest) -> list[str]:
    """The languages of the request's site: those its country offers, all of them at the hub."""
    if getattr(request, "country", None) is None:
        return [code for code, _name in settings.LANGUAGES]
    return country_settings().languages


class CountryLanguageMiddleware:
    """Takes the place of Django's LocaleMiddleware (which would prefer Accept-Language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        translation.activate(language_for(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Django's set_language (cookie, safe redirect), remembered on the account of a signed-in user."""
    response = set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in languages_offered(request):
        user_language_set(user=request.user, language=language)
    return response


@csrf_exempt
@require_POST
def language_choose(request: HttpRequest) -> HttpResponse:
    """The language switch of the public pages: they are cached for every visitor alike, so their
    form carries no CSRF token; choosing a language sets nothing but the visitor's language cookie."""
    return set_language(request)
