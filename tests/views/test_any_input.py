"""No value of any parameter, form field or htmx header makes the workbench answer 5xx.

A property test over every route in factcheck/urls.py (but the admin, Django's own, and
/healthz, whose 503 is its answer when a service is down), as an anonymous visitor, a viewer
and an editor. Each case takes one route and one of its inputs (query parameter, form field,
the id in the path, the HX-Target header): that input gets a hostile value of its kind
(Unicode digits, ids past 64 bits, dates at the calendar's ends, cursors with extreme parts,
NUL bytes, over-long text, invalid UTF-8), while the route's other inputs keep a valid value
or, now and then, get one too. The valid baseline is what lets a hostile value reach the code
behind the form (a version number is only parsed once the verdict itself is valid).

Every request runs in a transaction rolled back after it, so each example sees the same world,
and the clock's zone is UTC+14, where local midnight on the calendar's first day is not a
time at all in UTC.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import quote_from_bytes, quote_plus

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.http import StreamingHttpResponse
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from factcheck.accounts import EDITORS, VIEWERS
from factcheck.models import Claim
from tests.conftest import make_user

from .builders import make_article, make_claim, make_conflict, make_copy, make_figure, make_source, make_story

EXAMPLES_PER_INPUT = 5
pytestmark = pytest.mark.django_db  # so the test database is set up (the world is made before each test)


@dataclass(frozen=True)
class Input:
    """One input of a route: where it goes, the kind of value it holds, a valid value (or None: absent)."""

    name: str
    kind: str
    good: str | None = None
    where: str = "query"  # query | form | header | path


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    inputs: tuple[Input, ...]
    targets: tuple[str, ...] = ()  # HX-Target values the view answers differently
    htmx: bool = False  # an htmx partial: asked for with HX-Request (a plain request is redirected)

    def __post_init__(self) -> None:
        header = Input("HX-Target", "target", where="header")
        object.__setattr__(self, "inputs", (*self.inputs, header))


def query(*inputs: Input) -> tuple[Input, ...]:
    return inputs


def form(*inputs: Input) -> tuple[Input, ...]:
    return tuple(Input(i.name, i.kind, i.good, "form") for i in inputs)


FILTERS = query(
    Input("q", "text"),
    Input("status", "choice"),
    Input("source", "number"),
    Input("speaker", "text"),
    Input("metric", "text"),
    Input("location", "text"),
    Input("published_from", "date"),
    Input("published_to", "date"),
    Input("conflict", "choice"),
    Input("story", "number"),
    Input("after", "cursor"),
)
REVIEW = form(Input("note", "text", ""), Input("evidence_url", "url", ""), Input("next", "url", "/"))
CLAIM_PK = Input("pk", "pk", "{claim}", "path")

ROUTES = [
    Route("review-queue", "GET", FILTERS, ("queue-more", "queue-results")),
    Route("queue-counts", "GET", FILTERS, htmx=True),
    Route(
        "claim-bulk-verdict",
        "POST",
        FILTERS
        + form(
            Input("claim", "number", "{claim}"),
            Input("version-{claim}", "number", "{v_claim}"),
            Input("status", "choice", "verified"),
        )
        + REVIEW,
        ("queue-results",),
    ),
    Route("queue-export-csv", "GET", FILTERS),
    Route("queue-export-claimreview", "GET", FILTERS),
    Route("claim-detail", "GET", (CLAIM_PK,), ("review-panel",)),
    Route(
        "claim-verdict",
        "POST",
        (CLAIM_PK, *form(Input("status", "choice", "disputed"), Input("version", "number", "{v_claim}")), *REVIEW),
        ("review-panel",),
    ),
    Route(
        "claim-note",
        "POST",
        (CLAIM_PK, *form(Input("version", "number", "{v_claim}"), Input("note", "text", "Checked.")), *REVIEW[1:]),
        ("review-panel",),
    ),
    Route(
        "claim-copies-verdict",
        "POST",
        (
            CLAIM_PK,
            *form(
                Input("status", "choice", "verified"),
                Input("version", "number", "{v_claim}"),
                Input("copy-version-{copy}", "number", "{v_copy}"),
            ),
            *REVIEW,
        ),
        ("review-panel",),
    ),
    Route("article-detail", "GET", (Input("pk", "pk", "{article}", "path"),)),
    Route(
        "article-move-story",
        "POST",
        (
            Input("pk", "pk", "{article}", "path"),
            *form(
                Input("story", "number", "{second_story}"),
                Input("out", "flag"),
                Input("note", "text", ""),
                Input("articles", "flag"),
                Input("next", "url"),
            ),
        ),
        ("story-articles",),
    ),
    Route("story-list", "GET", query(Input("min_articles", "number"), Input("after", "cursor"))),
    Route(
        "story-detail",
        "GET",
        (Input("pk", "pk", "{story}", "path"), *query(Input("articles", "flag"), Input("members", "number"))),
        ("story-summary", "story-facts", "story-findings", "story-articles", "story-history", "story-tools"),
    ),
    Route(
        "story-merge",
        "POST",
        (Input("pk", "pk", "{story}", "path"), *form(Input("into", "number", "{second_story}"), Input("note", "text"))),
        ("story-tools",),
    ),
    Route(
        "finding-decision",
        "POST",
        (
            Input("pk", "pk", "{finding}", "path"),
            *form(Input("decision", "choice", "same"), Input("note", "text"), Input("next", "url")),
        ),
        ("decision-{finding}", "finding-{finding}"),
    ),
    Route("check-copy", "GET", ()),
    Route(
        "check-copy",
        "POST",
        form(
            Input("text", "text", "The ministry said 5 people were killed in Kyiv."),
            Input("url", "url"),
            Input("published", "date"),
        ),
        ("check-result",),
    ),
    Route(
        "check-copy-keep",
        "POST",
        form(
            Input("source", "number", "{source}"),
            Input("text", "text", "The ministry said 6 people were killed in Kyiv."),
            Input("title", "text"),
            Input("url", "url"),
            Input("published", "date"),
        ),
        ("keep-panel",),
    ),
    Route("follow-list", "GET", ()),
    Route(
        "follow-source",
        "POST",
        (Input("pk", "pk", "{source}", "path"), *form(Input("action", "choice", "follow"), Input("next", "url"))),
    ),
    Route(
        "follow-speaker",
        "POST",
        (Input("pk", "pk", "{speaker}", "path"), *form(Input("action", "choice", "unfollow"), Input("next", "url"))),
    ),
    Route("source-record", "GET", (Input("pk", "pk", "{source}", "path"),)),
    Route("speaker-record", "GET", (Input("pk", "pk", "{speaker}", "path"),)),
    # The JSON API (factcheck/api), asked with the browser session the roles have.
    Route("api:claims", "GET", FILTERS + query(Input("limit", "number"))),
    Route("api:claim", "GET", (Input("claim_id", "pk", "{claim}", "path"),)),
    Route(
        "api:claim-verdict",
        "POST",
        (
            Input("claim_id", "pk", "{claim}", "path"),
            *form(Input("status", "choice", "disputed"), Input("version", "number", "{v_claim}")),
            *REVIEW[:2],
        ),
    ),
    Route(
        "api:conflicts",
        "GET",
        query(
            Input("kind", "choice"),
            Input("status", "choice"),
            Input("story", "number"),
            Input("after", "number"),
            Input("limit", "number"),
        ),
    ),
    Route(
        "api:stories", "GET", query(Input("min_articles", "number"), Input("after", "number"), Input("limit", "number"))
    ),
    Route(
        "api:articles",
        "POST",
        form(Input("source", "text", "Wire Agency"), Input("text", "text", "The ministry said 6 people were killed.")),
    ),
    Route("api:openapi-json", "GET", ()),
    Route("api:openapi-view", "GET", ()),
    Route("api:api-root", "GET", ()),
    Route("api:not-found", "GET", ()),
    Route("login", "GET", query(Input("next", "url"))),
    Route(
        "login",
        "POST",
        form(Input("username", "text", "fuzz-editor"), Input("password", "text", "wrong"), Input("next", "url")),
    ),
    Route("logout", "POST", form(Input("next", "url"))),
]

CASES = [(route, one) for route in ROUTES for one in route.inputs]


def test_it_covers_every_route_but_the_admin_and_healthz():
    from factcheck.urls import urlpatterns

    names = {pattern.name for pattern in urlpatterns if getattr(pattern, "name", None)}
    for included in urlpatterns:  # the API's routes, by their namespaced names
        if getattr(included, "namespace", None) == "api":
            names |= {f"api:{pattern.name}" for pattern in included.url_patterns if pattern.name}
    assert names - {"healthz"} == {route.name for route in ROUTES}


# --- Hostile values, by kind: the first of each list is what Hypothesis tries first -------------

NOT_DECIMAL_DIGITS = "²³¹⁰⁹₀₂①⑨⑴⒈፩᧚"  # str.isdigit() says yes, int() says no
EDGES = {
    "number": ["²", str(2**63), "9" * 40, "-1", "0", " 7 ", "1.5", "١٢", "１２", "1_000", "1e3"],
    "pk": [0, 2**31, 2**63, 10**30],
    "date": ["9999-12-31", "0001-01-01", "9999-12-30", "0001-01-02", "10000-01-01", "2024-02-30", "12/31/9999"],
    "cursor": [
        "0001-01-01T00:00:00+14:00_1",
        "9999-12-31T23:59:59-14:00_1",
        "9999-12-31T23:59:59+14:00_1",
        "2024-01-01T00:00:00_1",
        f"2024-01-01T00:00:00+00:00_{'9' * 30}",
        "2024-01-01T00:00:00+00:00_²",
        "0_0_0.5_²",
        "0_0_nan_1",
        "0_0_1e999_1",
        "0_-1_0.5_1",
        f"{2**63}_0_0.5_{2**63}",
        f"{'9' * 30}_{'9' * 30}_1e308_{'9' * 30}",
    ],
    "text": ["x" * 201, "\x00", "a\x00b", "x" * 81, "x" * 2001, "x" * 5001, "x" * 100_000, "\u2028", "%_\\'"],
    "choice": ["x", "²", "verified", "disputed", "pending", "yes", "possible", "no", "same", "different", "follow"],
    "flag": ["1", "all", "on", "²", "x" * 5001],
    "url": ["javascript:alert(1)", "http://[::1", "//evil.example/", "http://" + "a" * 3000, "https://a.example/²"],
    "target": ["finding-²", "finding-" + "9" * 30, "decision-" + "9" * 30, "decision-²"],
}
NASTY = sorted({str(value) for values in EDGES.values() for value in values})


def random_of(kind: str) -> st.SearchStrategy:
    if kind == "pk":
        return st.integers(min_value=0, max_value=10**40)
    if kind == "number":
        return st.one_of(
            st.integers().map(str),
            st.text(st.sampled_from(NOT_DECIMAL_DIGITS + "0123456789٣"), min_size=1, max_size=4),
        )
    if kind == "date":
        return st.dates().map(dt.date.isoformat)
    if kind == "cursor":
        big = st.integers(-(2**70), 2**70)
        zones = st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=14)), dt.timezone(dt.timedelta(hours=-14))])
        return st.one_of(
            st.builds(lambda *parts: "_".join(map(repr, parts)), big, big, st.floats(), big),
            st.builds(lambda moment, pk: f"{moment.isoformat()}_{pk}", st.datetimes(timezones=zones), big),
        )
    if kind == "target":
        return st.text(st.characters(max_codepoint=255), max_size=20)  # a header arrives as latin-1
    return st.one_of(st.text(max_size=30), st.sampled_from(NASTY), st.binary(max_size=8))  # bytes: raw in the URL


def hostile(kind: str, route: Route, world: SimpleNamespace) -> st.SearchStrategy:
    edges = list(EDGES[kind]) + ([t.format(**world.ids) for t in route.targets] if kind == "target" else [])
    edge = st.sampled_from(edges)
    return st.one_of(edge, edge, edge, random_of(kind))  # mostly edges: the budget is a few hundred requests


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """A claim with a syndicated copy and a possible conflict in a story, a second story, a verdict given.

    Made once for the module inside a transaction rolled back at its end (as TestCase.setUpClass
    does): building it per case would cost more than all the requests together.
    """
    zone = override_settings(TIME_ZONE="Pacific/Kiritimati", PASSWORD_HASHERS=FAST_HASHERS)  # UTC+14
    with django_db_blocker.unblock(), zone:
        assert "test" in str(connection.settings_dict["NAME"]), "the world is only ever made in a test database"
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield make_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # every login POST checks a password


def make_world() -> SimpleNamespace:
    editor, viewer = make_user("fuzz-editor", EDITORS), make_user("fuzz-viewer", VIEWERS)
    source, ledger = make_source("Wire Agency"), make_source("The Morning Ledger")
    sentence = "The mayor said 2 people were killed in Kyiv."
    wire = make_article(source, f"Missiles hit Kyiv. {sentence}", published_at=timezone.now() - dt.timedelta(days=1))
    copy = make_article(ledger, f"Missiles hit Kyiv. {sentence} More follows.")
    later = make_article(ledger, "The ministry said 5 people were killed in Kyiv.")
    claim = make_claim(wire, sentence, speaker="The mayor", location="Kyiv")
    copied = make_claim(copy, sentence, speaker="The mayor", location="Kyiv")
    other = make_claim(later, later.text, speaker="The ministry", location="Kyiv")
    figures = [make_figure(claim, "2 people were killed", 2), make_figure(other, "5 people were killed", 5)]
    make_copy(copy, wire)
    story = make_story(wire, copy, later)
    finding = make_conflict(figures, kind="possible_conflict", story=story)
    second = make_story(make_article(source, "A report on the harvest, 3 tonnes."))
    other.set_verdict(editor, Claim.Status.VERIFIED, note="checked")
    claim.refresh_from_db()
    copied.refresh_from_db()
    return SimpleNamespace(
        users={"editor": editor, "viewer": viewer},
        ids={
            "claim": claim.pk,
            "copy": copied.pk,
            "article": wire.pk,
            "story": story.pk,
            "second_story": second.pk,
            "finding": finding.pk,
            "source": source.pk,
            "speaker": claim.speaker_id,
            "v_claim": claim.version,
            "v_copy": copied.version,
        },
    )


def encode(pairs: list[tuple[str, object]]) -> str:
    """``application/x-www-form-urlencoded``, with bytes sent as they are (invalid UTF-8 included)."""
    return "&".join(
        f"{quote_plus(name)}={quote_from_bytes(value) if isinstance(value, bytes) else quote_plus(str(value))}"
        for name, value in pairs
    )


@st.composite
def requests(draw: st.DrawFn, route: Route, focus: Input, world: SimpleNamespace) -> dict:
    """The route's valid request, ``focus`` given a hostile value and now and then another input too."""
    role = draw(st.sampled_from(["editor", "viewer", "anonymous", "editor"]))
    chosen: dict[Input, list[object]] = {}
    for one in route.inputs:
        if one is focus or draw(st.integers(0, 5)) == 5:
            chosen[one] = draw(st.lists(hostile(one.kind, route, world), min_size=1, max_size=2))
        elif one.good is not None:
            chosen[one] = [one.good.format(**world.ids)]
    path_args = [value for one, values in chosen.items() if one.where == "path" for value in values[:1]]
    pairs = {
        where: [
            (one.name.format(**world.ids), v) for one, values in chosen.items() if one.where == where for v in values
        ]
        for where in ("query", "form")
    }
    headers = {}
    targets = [v for one, values in chosen.items() if one.where == "header" for v in values]
    if targets or draw(st.booleans()) != route.htmx:
        headers["HTTP_HX_REQUEST"] = "true"
        if targets:
            headers["HTTP_HX_TARGET"] = str(targets[-1])
        if draw(st.integers(0, 9)) == 9:
            headers["HTTP_HX_HISTORY_RESTORE_REQUEST"] = "true"
    query_string = encode(pairs["query"])
    path = reverse(route.name, args=path_args)
    return {
        "role": role,
        "url": path + ("?" + query_string if query_string else ""),
        "body": encode(pairs["form"]),
        "headers": headers,
    }


def client_for(role: str, world: SimpleNamespace) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


@pytest.mark.parametrize(("route", "focus"), CASES, ids=[f"{r.method}-{r.name}-{i.name}" for r, i in CASES])
@settings(
    max_examples=EXAMPLES_PER_INPUT,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_it_never_answers_5xx(route, focus, world, data):
    request = data.draw(requests(route, focus, world))
    client = client_for(request["role"], world)
    note(f"{route.method} {request['url'][:300]} as {request['role']}, body {request['body'][:300]}")
    with transaction.atomic():
        cache.clear()
        if route.method == "GET":
            response = client.get(request["url"], **request["headers"])
        else:
            content_type = "application/x-www-form-urlencoded"
            response = client.post(request["url"], request["body"], content_type=content_type, **request["headers"])
        if isinstance(response, StreamingHttpResponse):
            b"".join(response.streaming_content)  # an export can fail while it streams
        transaction.set_rollback(True)
    assert response.status_code < 500, response.content[:1000]
