"""Track records: the counts, the pages with roles, and the line in a conflict's explanation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from factcheck import track_record
from factcheck.models import Claim, Conflict, Speaker

from .builders import make_article, make_claim, make_conflict, make_figure, make_source
from .conftest import logged_in


def a_claim(source, sentence: str, *, speaker: str = "", status: str = "pending", days_ago: int = 0):  # type: ignore[no-untyped-def]
    published = timezone.now() - dt.timedelta(days=days_ago)
    article = make_article(source, sentence, published_at=published)
    return make_claim(article, sentence, speaker=speaker, status=status, location="Odesa")


@pytest.fixture
def desk(db: None):  # type: ignore[no-untyped-def]
    """The ministry: 4 figures this month (1 verified, 2 disputed, 2 in an open conflict) and 1 figure
    three months ago; a gazette quoting the mayor, whose figure is in the open conflict too."""
    ministry, gazette = make_source("Port Ministry"), make_source("Harbour Gazette")
    verified = a_claim(ministry, "The ministry said 3 ships docked in Odesa.", status="verified")
    disputed = a_claim(ministry, "The ministry said 9 ships and 2 tugs docked in Odesa.", status="disputed")
    pending = a_claim(ministry, "The ministry said 4 cranes worked in Odesa.")
    old = a_claim(ministry, "The ministry said 7 ships docked in Odesa.", status="disputed", days_ago=95)
    quoted = a_claim(gazette, "The mayor said 5 ships docked in Odesa.", speaker="The mayor")
    figures = {
        "verified": make_figure(verified, "3 ships", 3, metric="docked", unit="ships"),
        "disputed": make_figure(disputed, "9 ships", 9, metric="docked", unit="ships"),
        "tugs": make_figure(disputed, "2 tugs", 2, metric="docked", unit="tugs"),
        "pending": make_figure(pending, "4 cranes", 4, metric="worked", unit="cranes"),
        "old": make_figure(old, "7 ships", 7, metric="docked", unit="ships"),
        "quoted": make_figure(quoted, "5 ships", 5, metric="docked", unit="ships"),
    }
    conflict = make_conflict([figures["verified"], figures["disputed"], figures["quoted"]])
    closed = make_conflict([figures["old"], figures["quoted"]])
    Conflict.objects.filter(pk=closed.pk).update(status=Conflict.Status.CLOSED)
    return {"ministry": ministry, "gazette": gazette, "mayor": Speaker.objects.get(name="The mayor"),
            "figures": figures, "conflict": conflict, "claim": quoted}  # fmt: skip


# ---------------------------------------------------------------- the counts


def test_it_counts_a_sources_figures_by_month(desk) -> None:  # type: ignore[no-untyped-def]
    record = track_record.monthly(desk["ministry"])
    assert len(record.months) == 12 and record.months[-1].start == timezone.localdate().replace(day=1)
    this_month = record.months[-1].tally
    # Of 4 figures this month: "3 ships" verified, "9 ships" and "2 tugs" disputed, 2 in the open conflict.
    assert (this_month.reported, this_month.verified, this_month.disputed, this_month.in_conflict) == (4, 1, 2, 2)
    old_month = (timezone.localdate() - dt.timedelta(days=95)).replace(day=1)
    three_back = {m.start: m.tally for m in record.months}[old_month]
    assert (three_back.reported, three_back.disputed, three_back.in_conflict) == (1, 1, 0)  # its conflict is closed
    assert (record.total.reported, record.total.disputed, record.total.conflicts) == (5, 3, 1)


def test_it_counts_a_speakers_figures_wherever_they_were_quoted(desk) -> None:  # type: ignore[no-untyped-def]
    total = track_record.monthly(desk["mayor"]).total
    assert (total.reported, total.verified, total.disputed, total.in_conflict, total.conflicts) == (1, 0, 0, 1, 1)


def test_a_verdict_moves_the_counts(desk, editor) -> None:  # type: ignore[no-untyped-def]
    desk["claim"].set_verdict(editor, Claim.Status.DISPUTED)
    assert track_record.monthly(desk["mayor"]).total.disputed == 1


def test_recent_counts_come_for_sources_and_speakers_at_once(desk, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(1):
        counts = track_record.recent_counts({desk["ministry"].pk, desk["gazette"].pk}, {desk["mayor"].pk})
    ministry = counts[("source", desk["ministry"].pk)]
    assert (ministry.reported, ministry.verified, ministry.disputed, ministry.in_conflict) == (4, 1, 2, 2)
    assert counts[("speaker", desk["mayor"].pk)].in_conflict == 1
    assert counts[("source", desk["gazette"].pk)].reported == 1


# ---------------------------------------------------------------- the pages


def test_an_editor_sees_a_sources_record_with_its_table_and_bars(editor_client, desk) -> None:  # type: ignore[no-untyped-def]
    response = editor_client.get(reverse("source-record", args=[desk["ministry"].pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Port Ministry" in body and 'class="chart record-bars"' in body
    this_month = timezone.localdate().strftime("%B %Y")
    row = body.split(f"<td>{this_month}</td>")[1].split("</tr>")[0]
    assert [cell.split(">")[1] for cell in row.split("</td>") if ">" in cell] == ["4", "1", "2", "2"]
    assert f'id="follow-source-{desk["ministry"].pk}"' in body


def test_a_viewer_sees_a_speakers_record(viewer_client, desk) -> None:  # type: ignore[no-untyped-def]
    response = viewer_client.get(reverse("speaker-record", args=[desk["mayor"].pk]))
    assert response.status_code == 200 and b"The mayor" in response.content


def test_a_user_without_a_role_sees_no_record(desk) -> None:  # type: ignore[no-untyped-def]
    client = logged_in(User.objects.create_user("nobody", password="pw"))
    assert client.get(reverse("source-record", args=[desk["ministry"].pk])).status_code == 403
    anonymous = Client().get(reverse("speaker-record", args=[desk["mayor"].pk]))
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]


def test_a_record_page_is_get_only_and_404s_for_nobody(editor_client, desk) -> None:  # type: ignore[no-untyped-def]
    assert editor_client.post(reverse("source-record", args=[desk["ministry"].pk])).status_code == 405
    assert editor_client.get(reverse("speaker-record", args=[999_999])).status_code == 404


def test_a_record_page_asks_the_same_few_queries_however_many_figures(editor_client, desk) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("source-record", args=[desk["ministry"].pk])
    with CaptureQueriesContext(connection) as few:
        editor_client.get(url)
    for n in range(30):
        a_claim(desk["ministry"], f"The ministry said {n + 10} barges docked in Odesa.", days_ago=n * 9)
    with CaptureQueriesContext(connection) as many:
        assert editor_client.get(url).status_code == 200
    assert len(many) == len(few)
    grouped = [q["sql"] for q in many.captured_queries if "GROUP BY" in q["sql"] and "COUNT(" in q["sql"]]
    assert len(grouped) == 1  # one aggregate for all months


# ---------------------------------------------------------------- in the conflict's explanation


def test_the_claim_page_says_each_partys_record_beside_the_conflict(editor_client, desk) -> None:  # type: ignore[no-untyped-def]
    body = editor_client.get(desk["claim"].get_absolute_url()).content.decode()
    assert "Port Ministry: 2 disputed and 1 verified of 4 figures in the last 30 days; 2 in open conflicts." in body
    assert "The mayor: 0 disputed and 0 verified of 1 figure in the last 30 days; 1 in open conflicts." in body
    assert reverse("speaker-record", args=[desk["mayor"].pk]) in body


def test_the_record_lines_cost_two_queries_for_all_findings(editor_client, desk, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    from factcheck.views.claims import Comparison, mark_record_lines

    conflict = Conflict.objects.prefetch_related("members__claim__article__source", "members__claim__speaker").get(
        pk=desk["conflict"].pk
    )
    found = [Comparison("docked", "Conflict", "", list(conflict.members.all()), None, conflict) for _ in range(5)]
    with django_assert_num_queries(2):  # every figure of the parties, and those in open conflicts
        mark_record_lines(found)
    assert all(len(cmp.record_lines) == 3 for cmp in found)  # type: ignore[attr-defined]
    with django_assert_num_queries(1):  # the first kept in the cache until a claim or verdict changes it
        mark_record_lines(found)


def test_the_queue_links_each_source_and_speaker_to_its_record(editor_client, desk) -> None:  # type: ignore[no-untyped-def]
    body = editor_client.get(reverse("review-queue")).content.decode()
    assert f'href="{reverse("source-record", args=[desk["ministry"].pk])}"' in body
    assert f'href="{reverse("speaker-record", args=[desk["mayor"].pk])}"' in body


def test_a_quiet_source_shows_its_last_active_year_and_its_older_record_in_explanations(db: None) -> None:
    wire = make_source("Quiet Wire")
    old = a_claim(wire, "The wire said 8 ferries sailed from Odesa.", status="disputed", days_ago=400)
    make_figure(old, "8 ferries", 8, metric="sailed", unit="ferries")
    record = track_record.monthly(wire)
    assert record.last_month == (timezone.localdate() - dt.timedelta(days=400)).replace(day=1)
    assert (record.total.reported, record.total.disputed) == (1, 1)
    (tally,) = track_record.recent_counts({wire.pk}, set()).values()
    assert tally.reported == 0 and tally.ever is not None and tally.ever.disputed == 1
    assert track_record.record_line("Quiet Wire", tally) == (
        "Quiet Wire: 1 disputed and 0 verified of 1 figure (none in the last 30 days)."
    )


def test_the_docstring_examples_stay_true() -> None:
    import doctest

    from factcheck.alerts import webhooks

    for module in (track_record, webhooks):
        assert doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed == 0
