from django.db.models import Case, Count, IntegerField, QuerySet, Value, When

from modules.reference.models import Classification, Code


def codes_matching(
    classification: str, query: str = "", *, level: int | None = None, include_inactive: bool = False
) -> QuerySet[Code]:
    """Active codes of a table whose code starts with the query or whose text holds every word of it.

    "nurse" finds ISCO 2221 and 3221 through their example occupations; "222" finds the codes under 222.
    Exact code first, then by position in the tree.
    """
    codes = Code.objects.filter(classification__key=classification)
    if not include_inactive:
        codes = codes.filter(active=True)
    if level is not None:
        codes = codes.filter(level=level)
    # PostgreSQL cannot compare text holding a NUL character; no code or word holds one.
    query = query.replace("\x00", "").strip().lower()
    if not query:
        return codes.order_by("path")
    by_code = codes.filter(code__istartswith=query)
    by_words = codes
    for word in query.split():
        by_words = by_words.filter(search_text__contains=word)
    return (
        (by_code | by_words)
        .annotate(
            exact=Case(When(code__iexact=query, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("exact", "path")
    )


def code_text(*relations: str) -> list[str]:
    """What to defer of the codes a list reaches through `relations`: their definition and search text
    are long (ISCO's run to pages) and never shown in a list."""
    return [f"{relation}__{field}" for relation in relations for field in ("description", "search_text")]


def code_lookup(classification: str, code: str) -> Code | None:
    if "\x00" in code:  # no code holds one, and PostgreSQL cannot compare text that does
        return None
    return Code.objects.filter(classification__key=classification, code__iexact=code.strip()).first()


def classifications_with_counts() -> QuerySet[Classification]:
    return Classification.objects.annotate(code_count=Count("codes")).order_by("kind", "title")
