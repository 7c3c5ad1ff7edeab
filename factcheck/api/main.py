"""The NinjaAPI object: authentication, throttling and the errors every endpoint shares.

Every error answers JSON ``{"detail": "..."}`` (sometimes with more fields): a missing or
refused token 401 (never a redirect to the login page), missing rights 403, an unknown
object 404, a body that is not JSON 400 (saying why), bad input 422, too many requests (or
too many refused tokens from one address) 429 with ``Retry-After``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.parser import Parser

from factcheck import validation

from .security import BearerToken, BrowserSession, PerTokenThrottle, TooManyRefusedTokens
from .tokens import TokenRefused

HOW_TO_AUTHENTICATE = (
    "Send Authorization: Bearer <API key>. An admin creates keys in Django admin (API tokens),"
    " or with: python manage.py api_token USERNAME."
)


class ApiError(Exception):
    """An answer other than success: its status, the message, and any fields to add."""

    def __init__(self, status: int, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.detail, self.extra = status, detail, extra


class MalformedBody(ValueError):
    """A JSON body that cannot be read; the message says why, for the answer's ``detail``."""


class JsonBody(Parser):
    """Request bodies read as the ingest command reads a line: with its messages for bad JSON."""

    def parse_body(self, request: HttpRequest) -> Any:
        from factcheck import pipeline

        try:
            return validation.load_json(pipeline.decode_text(request.body, "the request body"), "the request body")
        except validation.IngestError as exc:
            raise MalformedBody(f"{exc}; nothing was saved.") from None


api = NinjaAPI(
    parser=JsonBody(),
    title="Fact-checking workbench API",
    version="1",
    description=(
        "Claims, figures, findings and stories of the workbench, for a CMS or a wire robot. "
        + HOW_TO_AUTHENTICATE
        + " Viewers read, editors give verdicts, admins (or a token allowed to ingest) send articles."
    ),
    urls_namespace="api",
    auth=[BearerToken(), BrowserSession()],
    throttle=[PerTokenThrottle()],
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.detail, **exc.extra}, status=exc.status)


@api.exception_handler(TokenRefused)
def _token_refused(request: HttpRequest, exc: TokenRefused) -> HttpResponse:
    response = api.create_response(request, {"detail": str(exc)}, status=401)
    response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(request, {"detail": "Not authenticated. " + HOW_TO_AUTHENTICATE}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "You may not do this."}, status=403)


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    from django.conf import settings

    detail = f"Too many requests: this token may make {settings.API_THROTTLE_RATE}. Retry after the pause."
    return api.create_response(request, {"detail": detail}, status=429)


@api.exception_handler(TooManyRefusedTokens)
def _guessing(request: HttpRequest, exc: TooManyRefusedTokens) -> HttpResponse:
    response = api.create_response(request, {"detail": str(exc)}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja says only "Cannot parse request body" (with the parser's error under DEBUG): say what is wrong.
    if isinstance(exc.__cause__, MalformedBody):
        return api.create_response(request, {"detail": str(exc.__cause__)}, status=400)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        where = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "payload")]
        errors.setdefault(".".join(where) or "body", []).append(str(error.get("msg", "invalid")))
    detail = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items())
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


from . import articles, claims  # noqa: E402 - the endpoints register themselves on ``api``

api.add_router("", articles.router)
api.add_router("", claims.router)
