"""/api/: the API's endpoints, its OpenAPI document and docs page, and a JSON 404.

The endpoints authenticate by token (or session) themselves, so the site's login-required
middleware must not redirect them to the login page. The docs page is a page for people:
it stays behind the login, like the rest of the workbench. The OpenAPI document is public
(a CMS developer needs it before having a key; it holds no data).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, re_path
from django.views.decorators.csrf import csrf_exempt

from .main import api

app_name = "api"


@csrf_exempt
def not_found(request: HttpRequest, **kwargs: Any) -> JsonResponse:
    return JsonResponse({"detail": f"No such API endpoint: {request.path}. See /api/openapi.json."}, status=404)


def _not_behind_login(patterns: list[Any]) -> list[Any]:
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name != "openapi-view":
            pattern.callback.login_required = False  # type: ignore[attr-defined]
    return patterns


_endpoints, _, _ = api.urls
urlpatterns = _not_behind_login([*_endpoints, re_path(r"^.*$", not_found, name="not-found")])
