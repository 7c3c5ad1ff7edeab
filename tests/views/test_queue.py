"""The queue page: order, filters, keyset pagination, counts, partials, query counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from factcheck.models import Claim, bump_queue_generation
from factcheck.views import queue as queue_views

from .builders import hx, make_article, make_claim, make_figure, make_queue, make_source


def row_ids(response) -> list[int]:
    """The claims a response shows, in order, read from the HTML (partials set no test context)."""
    return [int(pk) for pk in re.findall(r'id="claim-row-(\d+)"', response.content.decode())]


def test_it_shows_pending_conflicts_first_then_worthiness(editor_client, source):
    a = make_article(source, "A said one. B said two. C said three. D said four.")
    verified = make_claim(a, "A said one.", checkworthiness=0.99, status="verified")
    worthy = make_claim(a, "B said two.", checkworthiness=0.9)
    conflict = make_claim(a, "C said three.", checkworthiness=0.1, in_conflict=True)
    dull = make_claim(a, "D said four.", checkworthiness=0.2)
    response = editor_client.get(reverse("review-queue"))
    assert response.status_code == 200
    assert row_ids(response) == [conflict.pk, worthy.pk, dull.pk, verified.pk]


def test_it_renders_rows_with_speaker_source_figures_and_badges(editor_client, source):
    article = make_article(source, "The mayor said 2 people were killed in Kyiv.")
    claim = make_claim(article, "The mayor said 2 people were killed in Kyiv.", speaker="The mayor", in_conflict=True)
    make_figure(claim, "2 people were killed", 2)
    page = editor_client.get(reverse("review-queue")).content.decode()
    assert "The mayor" in page
    assert "Wire Agency" in page
    assert "<b>2</b>" in page and "killed" in page
    assert 'class="badge conflict"' in page
    assert "status-pending" in page


def test_it_marks_claims_another_editor_has_open(editor_client, second_editor, source):
    [claim] = make_queue(source, 1)
    claim.mark_opened(second_editor)
    page = editor_client.get(reverse("review-queue")).content.decode()
    assert "being reviewed by bob" in page


def test_it_does_not_mark_claims_i_have_open_myself(editor_client, editor, source):
    [claim] = make_queue(source, 1)
    claim.mark_opened(editor)
    assert "being reviewed by" not in editor_client.get(reverse("review-queue")).content.decode()


def test_it_forgets_the_marker_once_the_lock_expires(editor_client, second_editor, source):
    [claim] = make_queue(source, 1)
    Claim.objects.filter(pk=claim.pk).update(
        opened_by=second_editor, opened_until=timezone.now() - dt.timedelta(seconds=1)
    )
    assert "being reviewed by" not in editor_client.get(reverse("review-queue")).content.decode()


@pytest.fixture
def varied(source):
    other = make_source("Daily Planet")
    jan = timezone.make_aware(dt.datetime(2024, 1, 2, 9))
    feb = timezone.make_aware(dt.datetime(2024, 2, 5, 9))
    a1 = make_article(source, "Mayor Klitschko said 2 people were killed in Kyiv.", published_at=jan)
    a2 = make_article(other, "The governor said 52 were injured in Kharkiv.", published_at=feb)
    a3 = make_article(other, "Police said 4 people were killed in Kharkiv.", published_at=jan)
    c1 = make_claim(a1, a1.text, speaker="Mayor Klitschko", location="Kyiv", in_conflict=True)
    make_figure(c1, "2 people were killed", 2, metric="killed")
    c2 = make_claim(a2, a2.text, speaker="The governor", location="Kharkiv", status="verified")
    make_figure(c2, "52 were injured", 52, metric="injured")
    c3 = make_claim(a3, a3.text, speaker="Police", location="Kharkiv")
    make_figure(c3, "4 people were killed", 4, metric="killed")
    return {"c1": c1, "c2": c2, "c3": c3, "other": other}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "verified"}, ["c2"]),
        ({"speaker": "klitschko"}, ["c1"]),
        ({"metric": "killed"}, ["c1", "c3"]),
        ({"location": "kharkiv"}, ["c3", "c2"]),
        ({"published_from": "2024-02-01"}, ["c2"]),
        ({"published_to": "2024-01-31"}, ["c1", "c3"]),
        ({"conflict": "yes"}, ["c1"]),
        ({"conflict": "no"}, ["c3", "c2"]),
        ({"q": "INJURED"}, ["c2"]),
    ],
)
def test_it_filters_by_each_field(editor_client, varied, params, expected):
    response = editor_client.get(reverse("review-queue"), params)
    assert sorted(row_ids(response)) == sorted(varied[name].pk for name in expected)


def _options(html: str) -> list[tuple[str, bool, str]]:
    select = re.search(r'<select[^>]*name="source"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None
    return [
        (value, bool(chosen), label)
        for value, chosen, label in re.findall(r'<option value="([^"]*)"( selected)?>(.*?)</option>', select.group(1))
    ]


def test_it_lists_every_source_in_the_filter_as_django_would_with_the_chosen_one_marked(editor_client, source):
    hostile = make_source('<script>alert("x")</script> & Co')
    page = editor_client.get(reverse("review-queue"), {"source": hostile.pk}).content.decode()
    assert "<script>alert" not in page
    from django import forms

    from factcheck.forms import QueueFilterForm

    form = QueueFilterForm({"source": str(hostile.pk)})
    form.is_valid()
    plain = forms.Select(choices=form.fields["source"].choices).render("source", hostile.pk)
    assert _options(page) == _options(plain)
    assert [value for value, chosen, _ in _options(page) if chosen] == [str(hostile.pk)]
    assert len(_options(page)) == 3  # "Any source" and both sources


def test_it_filters_by_source(editor_client, varied):
    response = editor_client.get(reverse("review-queue"), {"source": varied["other"].pk})
    assert sorted(row_ids(response)) == sorted([varied["c2"].pk, varied["c3"].pk])


def test_it_combines_filters(editor_client, varied):
    response = editor_client.get(
        reverse("review-queue"),
        {"metric": "killed", "location": "kharkiv", "source": varied["other"].pk, "status": "pending"},
    )
    assert row_ids(response) == [varied["c3"].pk]


def test_it_names_a_malformed_filter_and_lists_nothing_for_it(editor_client, varied):
    response = editor_client.get(reverse("review-queue"), {"published_from": "yesterday", "source": "abc"})
    page = response.content.decode()
    assert response.status_code == 200
    assert row_ids(response) == []
    assert "Invalid filter" in page and "Published from: Give a date" in page and "Source: Select a valid" in page


def test_it_starts_at_the_first_page_for_a_malformed_cursor(editor_client, varied):
    response = editor_client.get(reverse("review-queue"), {"after": "x_y"})
    assert response.status_code == 200
    assert len(row_ids(response)) == 3


def test_it_keeps_filters_in_the_form_so_the_url_round_trips(editor_client, varied):
    page = editor_client.get(reverse("review-queue"), {"q": "killed", "location": "Kyiv"}).content.decode()
    assert 'value="killed"' in page and 'value="Kyiv"' in page
    assert 'hx-push-url="true"' in page


def test_it_renders_only_the_results_for_an_htmx_filter(editor_client, varied):
    response = editor_client.get(reverse("review-queue"), {"conflict": "yes"}, **hx("queue-results"))
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="queue-results"')
    assert "<html" not in body and 'class="filters"' not in body
    assert row_ids(response) == [varied["c1"].pk]


def test_it_renders_the_whole_page_for_an_htmx_history_restore(editor_client, varied):
    response = editor_client.get(reverse("review-queue"), **hx("queue-results"), HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in response.content.decode()


def test_it_pages_with_a_keyset_cursor(editor_client, source, monkeypatch):
    monkeypatch.setattr(queue_views, "PAGE_SIZE", 2)
    claims = make_queue(source, 5)
    Claim.objects.filter(pk=claims[0].pk).update(in_conflict=True)
    Claim.objects.filter(pk=claims[4].pk).update(status="verified", status_rank=2)
    expected = list(Claim.objects.in_queue_order().values_list("pk", flat=True))

    seen, url = [], reverse("review-queue") + "?location=Kyiv"
    while url:
        response = editor_client.get(url)
        seen += row_ids(response)
        url = response.context["next_url"]
        assert "location=Kyiv" in (url or "location=Kyiv"), "the filter is kept across pages"
    assert seen == expected


def test_it_pages_without_offset(editor_client, source, monkeypatch):
    monkeypatch.setattr(queue_views, "PAGE_SIZE", 2)
    make_queue(source, 3)
    first = editor_client.get(reverse("review-queue"))
    with CaptureQueriesContext(connection) as queries:
        editor_client.get(first.context["next_url"])
    claim_selects = [q["sql"] for q in queries if 'FROM "factcheck_claim"' in q["sql"] and "LIMIT" in q["sql"]]
    assert claim_selects and all("OFFSET" not in sql for sql in claim_selects)


def test_it_appends_the_next_page_as_rows_for_htmx(editor_client, source, monkeypatch):
    monkeypatch.setattr(queue_views, "PAGE_SIZE", 2)
    make_queue(source, 3)
    next_url = editor_client.get(reverse("review-queue")).context["next_url"]
    body = editor_client.get(next_url, **hx("queue-more")).content.decode()
    assert body.lstrip().startswith("<tr") and "<table" not in body
    assert body.count('class="claim-row') == 1
    assert 'id="queue-more"' not in body


def test_it_counts_claims_per_status_under_the_filters(editor_client, varied):
    response = editor_client.get(reverse("review-queue"), {"location": "kharkiv", "status": "pending"})
    counts = {c["status"]: c["count"] for c in response.context["counts"]}
    assert counts == {"pending": 1, "verified": 1, "disputed": 0}


def test_it_refreshes_the_counts_partial_on_queue_changed(editor_client, varied):
    page = editor_client.get(reverse("review-queue")).content.decode()
    assert 'hx-trigger="queue-changed from:body"' in page
    response = editor_client.get(reverse("queue-counts"), {"location": "kharkiv"}, **hx("queue-counts"))
    body = response.content.decode()
    assert body.lstrip().startswith('<nav id="queue-counts"')
    assert "location=kharkiv" in body


def test_it_redirects_a_plain_counts_request_to_the_queue(editor_client, varied):
    response = editor_client.get(reverse("queue-counts"), {"location": "kharkiv"})
    assert response.status_code == 302
    assert response["Location"] == reverse("review-queue") + "?location=kharkiv"


def queries_for(client, url: str, **headers: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **headers).status_code == 200
    return len(queries)


@pytest.mark.parametrize("headers", [{}, hx("queue-results")])
def test_it_uses_the_same_number_of_queries_for_5_and_25_rows(
    editor_client, source, headers, django_assert_num_queries
):
    make_queue(source, 5)
    editor_client.get(reverse("review-queue"), **headers)  # the queue totals are counted once, then kept
    few = queries_for(editor_client, reverse("review-queue"), **headers)
    make_queue(make_source("Second"), 20, prefix="More")
    with django_assert_num_queries(few):
        response = editor_client.get(reverse("review-queue"), **headers)
    assert len(row_ids(response)) == 25
    assert few <= 10


def test_it_uses_constant_queries_for_the_claim_page(editor_client, source):
    small = make_queue(source, 1)[0]
    big_article = make_article(source, " ".join(f"Officials said {n} people were killed." for n in range(10, 30)))
    big = make_claim(big_article, big_article.text, location="Kyiv")
    for n in range(10, 30):
        make_figure(big, f"{n} people were killed", n)
    assert queries_for(editor_client, small.get_absolute_url()) == queries_for(editor_client, big.get_absolute_url())


@pytest.mark.parametrize("needle", ["killed in kharkiv", "KYIV", "in", "52 were", "nowhere-to-be-found"])
def test_text_search_finds_the_same_claims_as_a_plain_contains(varied, needle):
    expected = set(Claim.objects.filter(text__icontains=needle).values_list("pk", flat=True))
    assert set(Claim.objects.containing(needle).values_list("pk", flat=True)) == expected


def test_text_search_of_a_common_word_walks_the_queue_order_instead(varied, monkeypatch):
    monkeypatch.setattr("factcheck.models.NARROW_ID_CAP", 1)  # "said" is in all three claims
    found = Claim.objects.containing("said").in_queue_order()
    assert list(found) == list(Claim.objects.filter(text__icontains="said").in_queue_order())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner settings exist on PostgreSQL only")
def test_text_search_leaves_the_planner_settings_as_they_were(varied):
    # The test runs inside a transaction, as a search inside a bulk action would.
    assert list(Claim.objects.containing("killed"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan')")
        assert cursor.fetchone()[0] == "on"


@pytest.mark.parametrize("metric", ["killed", "injured", "missing"])
def test_metric_filter_finds_the_claims_with_a_figure_of_that_metric(varied, metric):
    expected = set(Claim.objects.filter(figures__metric=metric).values_list("pk", flat=True))
    assert set(Claim.objects.with_metric(metric).values_list("pk", flat=True)) == expected


def test_a_common_metric_is_remembered_and_still_filters_right(varied, monkeypatch):
    monkeypatch.setattr("factcheck.models.NARROW_ID_CAP", 1)  # two claims count "killed"
    first = list(Claim.objects.with_metric("killed").in_queue_order())
    again = list(Claim.objects.with_metric("killed").in_queue_order())
    assert first == again == [varied["c1"], varied["c3"]]


def filtered_counts(client, **params: str) -> dict[str, int]:
    response = client.get(reverse("queue-counts"), params, **hx("queue-counts"))
    return {
        status: int(n)
        for status, n in re.findall(r'data-status="(\w+)">\w+ <strong>(\d+)</strong>', response.content.decode())
    }


def count_queries(client, **params: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        filtered_counts(client, **params)
    return [q["sql"] for q in queries if "COUNT(" in q["sql"]]


def test_filtered_counts_follow_verdicts_without_counting_again(
    editor_client, second_editor, varied, django_capture_on_commit_callbacks
):
    assert filtered_counts(editor_client, location="kharkiv") == {"pending": 1, "verified": 1, "disputed": 0}
    with django_capture_on_commit_callbacks(execute=True):
        varied["c3"].set_verdict(second_editor, "disputed")
        varied["c1"].set_verdict(second_editor, "verified")  # outside the filter (Kyiv)
    with CaptureQueriesContext(connection) as queries:
        counts = filtered_counts(editor_client, location="kharkiv")
    assert counts == {"pending": 0, "verified": 1, "disputed": 1}
    assert not [q for q in queries if "COUNT(" in q["sql"]]
    assert filtered_counts(editor_client, location="kyiv") == {"pending": 0, "verified": 1, "disputed": 0}


def test_a_note_alone_changes_no_filtered_count(
    editor_client, second_editor, varied, django_capture_on_commit_callbacks
):
    before = filtered_counts(editor_client, location="kharkiv")
    with django_capture_on_commit_callbacks(execute=True):
        varied["c3"].add_note(second_editor, "Checked with the police.")
    assert count_queries(editor_client, location="kharkiv") == []
    assert filtered_counts(editor_client, location="kharkiv") == before


def test_filtered_counts_are_counted_again_after_other_changes(editor_client, second_editor, varied, source):
    filtered_counts(editor_client, location="kharkiv")
    article = make_article(source, "Firefighters said 9 people were killed in Kharkiv.")
    make_claim(article, article.text, location="Kharkiv")
    bump_queue_generation()  # as ingest does: a change that is not a status move
    assert count_queries(editor_client, location="kharkiv")
    assert filtered_counts(editor_client, location="kharkiv") == {"pending": 2, "verified": 1, "disputed": 0}


@pytest.mark.parametrize("name", ["klitschko", "GOVERNOR", "Po", "nobody at all"])
def test_speaker_filter_finds_the_same_claims_as_a_plain_contains(varied, name):
    condition = Q(speaker__name__icontains=name) | Q(speaker_name__icontains=name)
    expected = set(Claim.objects.filter(condition).values_list("pk", flat=True))
    assert set(Claim.objects.spoken_by(name).values_list("pk", flat=True)) == expected
