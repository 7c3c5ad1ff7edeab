"""Fifty editors reviewing the same twenty claims at once, over real HTTP, on PostgreSQL.

The guarantee: every change the server accepted is in the audit trail, none is lost,
every refusal says who changed the claim ("Changed by … reload"), and nothing answers 5xx.
Bounded: 1,000 verdicts from 50 threads against the threaded live server.
"""

from __future__ import annotations

import http.client
import random
import re
import secrets
import threading
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlparse

import pytest
from django.db import connection
from django.test import Client

from factcheck.accounts import EDITORS
from factcheck.models import Claim, ReviewEvent
from tests.conftest import make_user
from tests.views.builders import make_article, make_claim, make_source

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL's row locks (SQLite serialises them)"
)

EDITOR_COUNT = 50
CLAIM_COUNT = 20
VERDICTS_EACH = 20
VERSION = re.compile(r'name="version" value="(\d+)"')


@dataclass
class Tally:
    accepted: Counter[int] = field(default_factory=Counter)
    refused: int = 0
    refusals_without_message: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _session_cookie(username: str) -> str:
    client = Client()
    client.force_login(make_user(username, EDITORS))
    return client.cookies["sessionid"].value


def _editor(host: str, port: int, cookie: str, claim_ids: list[int], seed: int, tally: Tally) -> None:
    rng = random.Random(seed)
    csrf = secrets.token_hex(16)  # a 32-character secret, sent as cookie and header alike
    headers = {"Cookie": f"sessionid={cookie}; csrftoken={csrf}", "X-CSRFToken": csrf}
    conn = http.client.HTTPConnection(host, port, timeout=60)
    try:
        for _ in range(VERDICTS_EACH):
            pk = rng.choice(claim_ids)
            conn.request("GET", f"/claims/{pk}/", headers=headers)
            page = conn.getresponse()
            body = page.read().decode("utf-8", "replace")
            if page.status >= 500:
                with tally.lock:
                    tally.server_errors.append(f"GET claim {pk}: {page.status}")
                continue
            found = VERSION.search(body)
            if not found:
                with tally.lock:
                    tally.other.append(f"GET claim {pk}: {page.status}, no version field")
                continue
            form = urlencode(
                {"status": rng.choice(["verified", "disputed"]), "note": f"seed {seed}", "version": found.group(1)}
            )
            conn.request(
                "POST",
                f"/claims/{pk}/verdict/",
                body=form,
                headers={
                    **headers,
                    "Content-Type": "application/x-www-form-urlencoded",
                    "HX-Request": "true",
                    "Referer": f"http://{host}:{port}/claims/{pk}/",
                },
            )
            answer = conn.getresponse()
            text = answer.read().decode("utf-8", "replace")
            with tally.lock:
                if answer.status == 200:
                    tally.accepted[pk] += 1
                elif answer.status == 409:
                    tally.refused += 1
                    if "Changed by" not in text or "reload" not in text:
                        tally.refusals_without_message.append(text[:200])
                elif answer.status >= 500:
                    tally.server_errors.append(f"POST claim {pk}: {answer.status}")
                else:
                    tally.other.append(f"POST claim {pk}: {answer.status} {text[:120]}")
    finally:
        conn.close()


@pytest.mark.django_db(transaction=True)
def test_fifty_editors_on_twenty_claims_lose_nothing(live_server) -> None:
    source = make_source("Concurrency Wire")
    article = make_article(source, " ".join(f"Claim number {i} says 1{i} people were counted." for i in range(99)))
    claims = [make_claim(article, f"Claim number {i} says 1{i} people were counted.") for i in range(CLAIM_COUNT)]
    claim_ids = [c.pk for c in claims]
    cookies = [_session_cookie(f"editor{i:02d}") for i in range(EDITOR_COUNT)]
    address = urlparse(live_server.url)
    tally = Tally()
    threads = [
        threading.Thread(target=_editor, args=(address.hostname, address.port, cookie, claim_ids, i, tally))
        for i, cookie in enumerate(cookies)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "an editor thread never finished"

    assert tally.server_errors == []
    assert tally.other == []
    assert tally.refusals_without_message == []
    total = sum(tally.accepted.values())
    assert total + tally.refused == EDITOR_COUNT * VERDICTS_EACH
    assert total >= CLAIM_COUNT // 2, "almost nothing was accepted: the test did not exercise concurrent writes"
    assert tally.refused > 0, "no refusal: the editors never raced, so the test proves nothing"
    for claim in Claim.objects.filter(pk__in=claim_ids):
        events = ReviewEvent.objects.filter(claim=claim).count()
        assert events == tally.accepted[claim.pk], f"claim {claim.pk}: audit trail differs from accepted changes"
        assert claim.version == 1 + tally.accepted[claim.pk], f"claim {claim.pk}: a version bump was lost"
