"""Odd input to the queue, its exports and the review forms: a message, never a 500.

The property test (test_any_input.py) looks for 5xx anywhere; these pin the answers.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from factcheck.models import Claim, ReviewEvent
from factcheck.views.common import whole_number

from .builders import hx, make_article, make_claim, make_queue, make_source, make_story


def row_ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'id="claim-row-(\d+)"', response.content.decode())]


def counts(response) -> dict[str, int]:
    found = re.findall(r'data-status="(\w+)">[^<]*<strong>(\d+)</strong>', response.content.decode())
    return {status: int(count) for status, count in found}


# --- Filters -------------------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, hx("queue-results")])
def test_it_names_a_date_past_the_calendars_end_on_the_queue(editor_client, source, headers):
    make_queue(source, 2)
    response = editor_client.get(reverse("review-queue"), {"published_to": "9999-12-31"}, **headers)
    assert response.status_code == 200
    assert "Invalid filter, no claims listed: Published to: Give a date from 1800 to 2999." in response.content.decode()
    assert row_ids(response) == []


def test_it_counts_nothing_for_a_date_past_the_calendars_end(editor_client, source):
    make_queue(source, 2)
    response = editor_client.get(reverse("queue-counts"), {"published_to": "9999-12-31"}, **hx())
    assert response.status_code == 200
    assert counts(response) == {"pending": 0, "verified": 0, "disputed": 0}


@pytest.mark.parametrize("export", ["queue-export-csv", "queue-export-claimreview"])
def test_it_refuses_to_export_a_date_past_the_calendars_end(editor_client, editor, source, export):
    make_queue(source, 2)[0].set_verdict(editor, "verified")
    response = editor_client.get(reverse(export), {"published_to": "9999-12-31"})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "Invalid filter, nothing exported. Published to: Give a date from 1800 to 2999.\n"
    )


@pytest.mark.parametrize("export", ["queue-export-csv", "queue-export-claimreview"])
def test_it_refuses_to_export_a_search_too_long_to_run(editor_client, source, export):
    make_queue(source, 1)
    response = editor_client.get(reverse(export), {"q": "x" * 201})
    assert response.status_code == 400
    assert "Search: Ensure this value has at most 200 characters (it has 201)." in response.content.decode()


def test_it_names_the_first_day_in_a_zone_ahead_of_utc(editor_client, source, settings):
    # Local midnight of 1 Jan year 1 at UTC+14 is the day before UTC's first: no datetime holds it.
    settings.TIME_ZONE = "Pacific/Kiritimati"
    make_queue(source, 1)
    response = editor_client.get(reverse("review-queue"), {"published_from": "0001-01-01"})
    assert response.status_code == 200
    assert "Published from: Give a date from 1800 to 2999." in response.content.decode()


def test_it_still_filters_up_to_the_last_day_it_accepts(editor_client, source):
    claims = make_queue(source, 2)
    response = editor_client.get(
        reverse("review-queue"), {"published_from": "1800-01-01", "published_to": "2999-12-31"}
    )
    assert sorted(row_ids(response)) == sorted(c.pk for c in claims)
    assert "Invalid filter" not in response.content.decode()


def test_it_names_a_date_range_that_ends_before_it_starts(editor_client, source):
    make_queue(source, 1)
    response = editor_client.get(
        reverse("review-queue"), {"published_from": "2024-02-01", "published_to": "2024-01-01"}
    )
    assert "The “to” date is before the “from” date." in response.content.decode()
    assert row_ids(response) == []


def test_it_says_a_search_is_too_long_instead_of_showing_the_whole_queue(editor_client, source):
    make_queue(source, 3)
    response = editor_client.get(reverse("review-queue"), {"q": "x" * 201})
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "Invalid filter, no claims listed: Search: Ensure this value has at most 200 characters (it has 201)." in page
    )
    assert row_ids(response) == []


def test_it_runs_a_search_of_the_longest_length_allowed(editor_client, source):
    [claim] = make_queue(source, 1)
    response = editor_client.get(reverse("review-queue"), {"q": claim.text[:200]})
    assert row_ids(response) == [claim.pk]


def test_it_lists_a_story_list_cursor_no_utc_time_can_hold_as_the_first_page(editor_client, source):
    story = make_story(make_article(source, "A report on the harvest."))
    response = editor_client.get(reverse("story-list"), {"after": "0001-01-01T00:00:00+14:00_1"})
    assert response.status_code == 200
    assert f'href="{story.get_absolute_url()}"' in response.content.decode()


def test_it_ignores_a_unicode_digit_as_the_finding_to_show_in_full(editor_client, source):
    story = make_story(make_article(source, "A report on the harvest."))
    assert editor_client.get(reverse("story-detail", args=[story.pk]), {"members": "²"}).status_code == 200


# --- Ids and versions in the review forms --------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("42", 42),
        (str(2**63 - 1), 2**63 - 1),
        ("²", None),  # isdigit() but not a decimal digit: int() fails
        ("١٢", None),  # Arabic-Indic 12: int() takes it, no page of ours sends it
        ("0", None),
        ("-1", None),
        (" 7", None),
        ("", None),
        (None, None),
        (str(2**63), None),
        ("9" * 5000, None),
    ],
)
def test_it_reads_only_ascii_ids_a_row_can_hold(raw, expected):
    assert whole_number(raw) == expected


def test_it_skips_a_unicode_digit_among_the_ticked_claims(editor_client, source):
    first, second = make_queue(source, 2)
    data = {"status": "verified", "claim": ["²", first.pk], f"version-{first.pk}": first.version}
    response = editor_client.post(reverse("claim-bulk-verdict"), data, **hx())
    assert response.status_code == 200
    assert "1 claim marked verified." in response.content.decode()
    assert Claim.objects.get(pk=first.pk).status == "verified"
    assert Claim.objects.get(pk=second.pk).status == "pending"


def test_it_asks_for_a_claim_when_only_a_unicode_digit_was_ticked(editor_client, source):
    make_queue(source, 1)
    response = editor_client.post(reverse("claim-bulk-verdict"), {"status": "verified", "claim": "²"})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Tick at least one claim."]
    assert not ReviewEvent.objects.exists()


def test_it_refuses_a_bulk_verdict_whose_version_is_a_unicode_digit(editor_client, source):
    [claim] = make_queue(source, 1)
    data = {"status": "verified", "claim": claim.pk, f"version-{claim.pk}": "²"}
    response = editor_client.post(reverse("claim-bulk-verdict"), data, **hx())
    assert response.status_code == 200
    assert f"#{claim.pk}: no version sent — reload" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == "pending"


def test_it_refuses_a_copy_whose_version_is_a_unicode_digit_and_applies_the_rest(editor_client):
    sentence = "Officials said 12 people were killed in the strike."
    origin, copy = (
        make_claim(make_article(make_source(name), f"Intro from {name}. {sentence}"), sentence)
        for name in ("Wire Agency", "Daily Planet")
    )
    data = {"status": "verified", "version": origin.version, f"copy-version-{copy.pk}": "²"}
    response = editor_client.post(reverse("claim-copies-verdict", args=[origin.pk]), data, **hx("review-panel"))
    assert response.status_code == 200
    assert f"#{copy.pk}: appeared after you loaded the page — reload" in response.content.decode()
    assert Claim.objects.get(pk=origin.pk).status == "verified"
    assert Claim.objects.get(pk=copy.pk).status == "pending"


def test_it_refuses_a_version_no_row_can_hold_as_a_form_error(editor_client, source):
    [claim] = make_queue(source, 1)
    data = {"status": "verified", "version": "9" * 25}
    response = editor_client.post(reverse("claim-verdict", args=[claim.pk]), data, **hx("review-panel"))
    assert response.status_code == 422
    assert Claim.objects.get(pk=claim.pk).status == "pending"


def test_it_keeps_the_published_filter_on_claims_of_today(editor_client, source):
    today = timezone.localdate()
    [claim] = make_queue(source, 1)
    response = editor_client.get(reverse("review-queue"), {"published_to": (today + dt.timedelta(days=1)).isoformat()})
    assert row_ids(response) == [claim.pk]
