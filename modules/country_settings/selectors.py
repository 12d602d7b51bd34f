from django.core.cache import cache

from modules.country_settings.models import CountrySettings

# Cache keys carry the schema (django_tenants.cache.make_key): each country reads its own.
CACHE_KEY = "country_settings"
# Other server processes see a change within this time (at once with a shared CACHE_URL).
CACHE_SECONDS = 60


def country_settings() -> CountrySettings:
    """The current country's settings, read once a minute rather than on every page; the
    defaults (unsaved) until the country saves its own."""
    found = cache.get(CACHE_KEY)
    if found is None:
        found = CountrySettings.objects.filter(pk=1).first() or CountrySettings(pk=1)
        cache.set(CACHE_KEY, found, CACHE_SECONDS)
    return found


def country_settings_forget() -> None:
    cache.delete(CACHE_KEY)
