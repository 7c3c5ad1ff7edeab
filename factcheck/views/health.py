from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from health_check.views import HealthCheckView

from factcheck.health import CHECKS


class Healthz(HealthCheckView):
    """For load balancers and people: database, cache and broker, one line each.

    200 when all answer; 503 naming the part that does not (django-health-check says
    500, which reads as the app's own error). Plain text unless JSON is asked for
    (``?format=json`` or ``Accept: application/json``).
    """

    checks = CHECKS

    async def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = await super().get(request, *args, **kwargs)
        if response.status_code == 500:
            response.status_code = 503
        return response

    def render_to_response(self, context: dict[str, Any], **response_kwargs: Any) -> HttpResponse:
        return self.render_to_response_text(response_kwargs.get("status", 200))


healthz = login_not_required(Healthz.as_view())
