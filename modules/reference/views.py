from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from modules.reference.selectors import classifications_with_counts, codes_matching

SEARCH_LIMIT = 20


@login_required
def code_search(request: HttpRequest, key: str) -> JsonResponse:
    """Codes for a picker: `?q=nurse&level=4` -> {"results": [{"code", "title", "path"}]} (20 at most)."""
    level = request.GET.get("level")
    codes = codes_matching(
        key, request.GET.get("q", ""), level=int(level) if level and level.isdigit() else None
    )
    results = [{"code": c.code, "title": c.title, "path": c.path} for c in codes[:SEARCH_LIMIT]]
    return JsonResponse({"results": results})


@login_required
def table_list(request: HttpRequest) -> HttpResponse:
    return render(request, "reference/table_list.html", {"tables": classifications_with_counts()})
