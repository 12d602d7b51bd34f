from django.core.cache import cache

from modules.labels.models import Label

CACHE_SECONDS = 60


def _cache_key(language: str) -> str:
    # The cache's key function adds the schema: each country reads its own wording.
    return f"labels:{language}"


def labels_in(language: str) -> dict[str, tuple[str, str]]:
    """The country's own wording in a language: target -> (label, help text). Read once a minute."""
    found = cache.get(_cache_key(language))
    if found is None:
        rows = Label.objects.filter(language=language).values_list("target", "text", "help_text")
        found = {target: (text, help_text) for target, text, help_text in rows}
        cache.set(_cache_key(language), found, CACHE_SECONDS)
    return found


def labels_forget(language: str) -> None:
    cache.delete(_cache_key(language))
