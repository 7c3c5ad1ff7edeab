from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.views.decorators.http import require_safe

from factcheck.health import report


@login_not_required
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and people: database, cache and broker, one line each.

    200 when all answer; 503 naming the part that does not. Plain text unless JSON is
    asked for (``?format=json`` or ``Accept: application/json``).

    The checks are django-health-check's, run here one after the other in the request's
    own thread (each has its own client timeout). The package's view is async only;
    under a WSGI server Django would run it through ``async_to_sync``, which refuses to
    work in a thread that already runs an event loop.
    """
    results = report()
    status = 503 if any(error for _, error in results) else 200
    wants_json = request.GET.get("format") == "json" or (
        "format" not in request.GET and "application/json" in request.headers.get("accept", "")
    )
    if wants_json:
        response: HttpResponse = JsonResponse({part: error or "OK" for part, error in results}, status=status)
    else:
        text = "".join(f"{part}: {error or 'OK'}\n" for part, error in results)
        response = HttpResponse(text, content_type="text/plain; charset=utf-8", status=status)
    patch_vary_headers(response, ["Accept"])
    add_never_cache_headers(response)
    return response
