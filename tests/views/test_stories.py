"""The story page, the stories list, and the editors' merge, move and same/different decisions."""

from __future__ import annotations

import datetime as dt
import json
import re
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from factcheck.models import Article, Claim, Conflict, FindingDecision, Story, StoryEvent
from factcheck.pipeline import ingest_article
from factcheck.views import stories as story_views

from .builders import (
    hx,
    make_article,
    make_big_story,
    make_claim,
    make_conflict,
    make_copy,
    make_figure,
    make_source,
    put_in_story,
)
from .builders import make_story as build_story

DAY = dt.date(2024, 1, 2)


def at(hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2024, 1, 2, hour, minute))


@pytest.fixture
def desk(source):
    """One morning's story: the wire's toll, a republished copy of it, a later ministry toll."""
    ledger, planet = make_source("The Morning Ledger"), make_source("Daily Planet")
    sentence = "The mayor said 2 people were killed in Kyiv."
    wire = make_article(source, f"Missiles hit Kyiv overnight. {sentence}", title="Strikes on Kyiv", published_at=at(8))
    copy = make_article(ledger, f"Missiles hit Kyiv overnight. {sentence} More follows.", published_at=at(9))
    later = make_article(planet, "The ministry said at least 5 people were killed in Kyiv.", published_at=at(12))
    figures = []
    for article, text, speaker in ((wire, sentence, "The mayor"), (copy, sentence, "The mayor")):
        claim = make_claim(article, text, speaker=speaker, location="Kyiv", event_date=DAY)
        figures.append(make_figure(claim, "2 people were killed", 2))
    claim = make_claim(later, later.text, speaker="The ministry", location="Kyiv", event_date=DAY)
    figures.append(make_figure(claim, "at least 5 people were killed", 5, high=None, qualifier="at_least"))
    story = build_story(wire, copy, later)
    make_copy(copy, wire, 0.94)
    possible = make_conflict(
        [figures[0], figures[2]],
        kind="possible_conflict",
        story=story,
        explanation="The mayor's 2 killed and the ministry's at least 5 may be one toll.",
    )
    other = build_story(make_article(source, "Unrelated report about the harvest.", title="Harvest"))
    return SimpleNamespace(
        story=story, wire=wire, copy=copy, later=later, figures=figures, possible=possible, other=other
    )


def page(client, story, **headers) -> str:
    response = client.get(story.get_absolute_url(), **headers)
    assert response.status_code == 200
    return response.content.decode()


# --- The story page ------------------------------------------------------------------------------


def test_it_shows_the_storys_title_dates_and_sources(editor_client, desk):
    body = page(editor_client, desk.story)
    assert "Strikes on Kyiv" in body and f"#{desk.story.pk}" in body
    assert "2 Jan 08:00–12:00" in body
    for name in ("Wire Agency", "The Morning Ledger", "Daily Planet"):
        assert name in body


def test_it_folds_a_copy_under_its_origin(editor_client, desk):
    body = page(editor_client, desk.story)
    origin = body.index(f'id="story-article-{desk.wire.pk}"')
    assert "republished by <b>The Morning Ledger</b>, 94% the same text" in body[origin:]
    assert body.count(f'id="story-article-{desk.copy.pk}"') == 1


def fact_rows(body: str) -> list[str]:
    return re.findall(r'<tr class="fact-row.*?</tr>', body, re.S)


def cell_claims(row: str) -> list[list[int]]:
    """The claims each source's cell of a fact row links to, column by column."""
    cells = re.findall(r'<td class="cell">(.*?)</td>', row, re.S)
    return [[int(pk) for pk in re.findall(r'href="/claims/(\d+)/"', cell)] for cell in cells]


def test_it_shows_a_fact_row_with_a_column_per_source(editor_client, desk):
    body = page(editor_client, desk.story)
    [row] = fact_rows(body)
    assert "killed in Kyiv" in row
    assert re.findall(r'<th class="source-col">(.*?)</th>', body) == [
        "Wire Agency",
        "The Morning Ledger",
        "Daily Planet",
    ]
    assert cell_claims(row) == [[f.claim_id] for f in desk.figures]
    assert '“at least 5 people were killed”</a> <span class="interval num">[5, ∞)</span>' in body
    assert f'href="{reverse("claim-detail", args=[desk.figures[2].claim_id])}"' in body
    assert "The ministry · 2 Jan 12:00" in body


def test_it_marks_cells_of_open_findings_and_copies_with_an_explanation(editor_client, desk):
    body = page(editor_client, desk.story)
    assert '<span class="badge possible" title="The mayor&#x27;s 2 killed and the ministry&#x27;s at least 5' in body
    assert '<span class="badge copy" title="Republished from Wire Agency' in body
    assert 'class="fact-row mark-possible"' in body


def test_it_draws_a_timeline_for_each_fact(editor_client, desk):
    body = page(editor_client, desk.story)
    [svg] = re.findall(r'<svg class="timeline".*?</svg>', body, re.S)
    assert svg.count("<circle") == 3
    assert "<title>Daily Planet, 2 Jan 12:00: “at least 5 people were killed” [5, ∞)</title>" in svg
    assert 'class="arrowhead"' in svg, "an open-ended interval runs off the top"
    assert ">08:00</text>" in svg and ">12:00</text>" in svg


def test_it_lists_open_findings_with_decision_buttons_for_editors(editor_client, desk):
    body = page(editor_client, desk.story)
    assert f'id="finding-{desk.possible.pk}"' in body
    assert "may be one toll." in body
    assert reverse("finding-decision", args=[desk.possible.pk]) in body
    assert 'value="same"' in body and 'value="different"' in body
    assert reverse("story-merge", args=[desk.story.pk]) in body
    assert reverse("article-move-story", args=[desk.later.pk]) in body


def test_it_shows_viewers_the_page_without_forms(viewer_client, desk):
    body = page(viewer_client, desk.story)
    assert "may be one toll." in body and "<svg" in body
    assert 'method="post"' not in body.replace('method="post" action="/logout/"', "")
    assert "hx-post" not in body and "Same fact" not in body and "Move…" not in body


@pytest.mark.parametrize("target", list(story_views.SWAP_TARGETS))
def test_it_renders_only_the_swapped_part_for_htmx(editor_client, desk, target):
    body = page(editor_client, desk.story, **hx(target))
    assert body.lstrip().startswith(f'<section id="{target}"')
    assert "<html" not in body


def test_it_returns_404_for_an_unknown_story(editor_client, db):
    assert editor_client.get(reverse("story-detail", args=[9999])).status_code == 404


def test_it_redirects_a_merged_story_to_where_its_articles_went(editor_client, editor, desk):
    middle = build_story(make_article(make_source("Gazette"), "Another strike report."))
    desk.other.merge_into(middle, editor)
    middle.merge_into(desk.story, editor)
    response = editor_client.get(desk.other.get_absolute_url())
    assert (response.status_code, response["Location"]) == (302, desk.story.get_absolute_url())
    htmx = editor_client.get(desk.other.get_absolute_url(), **hx("story-facts"))
    assert htmx["HX-Redirect"] == desk.story.get_absolute_url()


def page_queries(client, story) -> tuple[int, int, str]:
    """Queries of the page computed afresh (an empty cache), then served again (its fact table cached)."""
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        response = client.get(story.get_absolute_url())
    with CaptureQueriesContext(connection) as warm:
        again = client.get(story.get_absolute_url())
    facts = r'<section id="story-facts".*?</section>'
    assert re.search(facts, again.content.decode(), re.S).group(0) == re.search(
        facts, response.content.decode(), re.S
    ).group(0)
    return len(cold), len(warm), response.content.decode()


def test_it_keeps_the_page_to_a_fixed_number_of_queries_for_500_articles(editor_client, desk):
    small_cold, small_warm, _ = page_queries(editor_client, desk.story)
    big_cold, big_warm, body = page_queries(editor_client, make_big_story(500))
    assert big_cold <= small_cold and big_warm <= small_warm
    assert small_warm < small_cold and small_warm <= 25
    assert body.count('href="/claims/') >= 500, "every figure is linked from its cell, repeats folded"


def test_it_shows_a_change_to_the_storys_figures_claims_or_sources_at_once(editor_client, desk):
    page(editor_client, desk.story)  # the fact table is cached now
    claim = make_claim(desk.later, desk.later.text, speaker="The ministry", location="Kyiv", event_date=DAY)
    make_figure(claim, "at least 5 people were killed", 5, high=None, qualifier="at_least")
    [row] = fact_rows(page(editor_client, desk.story))
    assert cell_claims(row)[2] == [desk.figures[2].claim_id, claim.pk]
    Claim.objects.filter(pk=claim.pk).update(speaker=None, speaker_name="A ministry spokesman")  # as admin edits
    assert "A ministry spokesman · 2 Jan 12:00" in page(editor_client, desk.story)
    desk.later.source.__class__.objects.filter(pk=desk.later.source_id).update(name="The Daily Planet")
    assert '<th class="source-col">The Daily Planet</th>' in page(editor_client, desk.story)


def test_it_shows_a_decided_finding_and_a_moved_article_at_once(editor_client, editor, desk):
    page(editor_client, desk.story)
    desk.possible.decide(editor, same=False)
    body = page(editor_client, desk.story)
    [row] = fact_rows(body)
    assert 'class="badge possible"' not in row and 'class="fact-row mark-possible"' not in body
    desk.later.move_to_story(desk.other, editor)
    assert [len(claims) for claims in cell_claims(fact_rows(page(editor_client, desk.story))[0])] == [1, 1]


def test_it_folds_a_big_storys_articles_after_each_sources_first(editor_client, desk):
    big = make_big_story(500)
    body = page(editor_client, big)
    shown = body.count('<li id="story-article-')
    assert 10 <= shown <= story_views.ARTICLES_SHOWN + 50, "each of the 10 sources keeps its first articles"
    all_url = f"{big.get_absolute_url()}?articles=all"
    assert f'href="{all_url}#story-articles" hx-get="{all_url}"' in body
    assert "Show all 500 articles" in body
    assert page(editor_client, big, QUERY_STRING="articles=all").count('<li id="story-article-') == 500
    swapped = editor_client.get(all_url, **hx("story-articles")).content.decode()
    assert swapped.lstrip().startswith('<section id="story-articles"')
    assert swapped.count('<li id="story-article-') == 500
    assert swapped.count('name="articles" value="all"') == 500, "a move from the whole list answers with it"


def test_it_keeps_an_article_with_a_move_error_in_the_folded_list(editor_client, desk):
    big = make_big_story(500)
    last = Article.objects.filter(story=big).order_by("-published_at").first()
    response = move(editor_client, last, "424242", **hx("story-articles"))
    assert response.status_code == 400
    body = response.content.decode()
    assert f'id="story-article-{last.pk}"' in body and "There is no story #424242." in body


def test_it_shows_a_findings_first_figures_and_all_of_them_on_request(editor_client, desk):
    extra = [make_figure(make_claim(desk.later, desk.later.text, location="Kyiv"), "5 people", 5) for _ in range(8)]
    desk.possible.members.add(*extra)
    card = rf'<article id="finding-{desk.possible.pk}".*?</article>'
    shown = re.search(card, page(editor_client, desk.story), re.S).group(0)
    assert shown.count("<li>") == story_views.MEMBERS_SHOWN
    assert "“2 people were killed”" in shown and "“at least 5 people were killed”" in shown, "each value first"
    url = f"{desk.story.get_absolute_url()}?members={desk.possible.pk}"
    assert f'href="{url}#finding-{desk.possible.pk}"' in shown and "Show all 10 figures" in shown
    assert (
        re.search(card, page(editor_client, desk.story, QUERY_STRING=url.split("?")[1]), re.S).group(0).count("<li>")
        == 10
    )
    swapped = editor_client.get(url, **hx(f"finding-{desk.possible.pk}")).content.decode()
    assert swapped.lstrip().startswith(f'<article id="finding-{desk.possible.pk}"') and swapped.count("<li>") == 10
    assert 'value="same"' in swapped, "the card keeps its decision buttons"


def test_it_shows_all_figures_only_of_a_finding_in_the_story(editor_client, desk):
    elsewhere = make_conflict(
        [make_figure(make_claim(desk.other.articles.get(), "Unrelated report about the harvest."), "harvest", 1)] * 2
    )
    url = f"{desk.story.get_absolute_url()}?members={elsewhere.pk}"
    assert editor_client.get(url, **hx(f"finding-{elsewhere.pk}")).status_code == 404


def test_it_draws_many_reports_of_one_fact_as_shared_dots(editor_client, desk):
    body = page(editor_client, make_big_story(500))
    [svg] = re.findall(r'<svg class="timeline".*?</svg>', body, re.S)
    assert 7 <= svg.count("<circle") <= 60, "500 reports of 7 values"
    assert 'class="dot shared"' in svg and "figures, " in svg


WIRE = (
    "Russian missiles struck Kyiv before dawn on Tuesday, shattering windows across three districts. "
    "The city's mayor, Vitali Klitschko, said two people were killed and 49 injured in the capital. "
    "Air defences shot down most of the incoming missiles, the Ukrainian air force said."
)


def test_it_shows_a_story_the_way_ingest_makes_it(editor_client, source):
    first = ingest_article(source, text=WIRE, title="Missiles strike Kyiv", published_at="2024-01-02T08:00:00Z")
    again = ingest_article(
        make_source("The Morning Ledger"),
        text=WIRE + " The Ledger will update this report.",
        title="Kyiv hit before dawn",
        published_at="2024-01-02T09:30:00Z",
    )
    assert (first.status, again.status) == ("ingested", "ingested")
    story = Article.objects.get(pk=first.article.pk).story
    assert Article.objects.get(pk=again.article.pk).story_id == story.pk
    body = page(editor_client, story)
    assert "Missiles strike Kyiv" in body
    assert "republished by <b>The Morning Ledger</b>" in body
    assert "“two people were killed”" in body


# --- The stories list ----------------------------------------------------------------------------


def story_ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'id="story-row-(\d+)"', response.content.decode())]


def test_it_lists_live_stories_newest_first_with_counts(editor_client, desk):
    Story.objects.filter(pk=desk.other.pk).update(last_activity=timezone.now() + dt.timedelta(minutes=1))
    empty = Story.objects.create(title="Nothing left")
    response = editor_client.get(reverse("story-list"))
    assert story_ids(response) == [desk.other.pk, desk.story.pk]
    assert empty.pk not in story_ids(response)
    row = re.search(rf'id="story-row-{desk.story.pk}".*?</tr>', response.content.decode(), re.S).group(0)
    assert [int(n) for n in re.findall(r'<td class="num">(?:<span[^>]*>)?(\d+)', row)] == [3, 3, 0, 0]


def test_it_pages_the_list_with_a_cursor(editor_client, source, monkeypatch):
    monkeypatch.setattr(story_views, "PAGE_SIZE", 2)
    made = [build_story(make_article(source, f"Report number {i}.")) for i in range(5)]
    seen, url = [], reverse("story-list") + "?min_articles=1"
    while url:
        response = editor_client.get(url)
        seen += story_ids(response)
        url = response.context["next_url"]
        assert "min_articles=1" in (url or "min_articles=1")
    assert sorted(seen) == sorted(s.pk for s in made) and len(seen) == 5


def test_it_filters_the_list_by_article_count(editor_client, desk):
    response = editor_client.get(reverse("story-list"), {"min_articles": 2})
    assert story_ids(response) == [desk.story.pk]


@pytest.mark.parametrize("bad", ["abc", "0", "-2", "1.5", "9" * 40])
def test_it_ignores_a_bad_article_count_with_a_message(editor_client, desk, bad):
    for headers in ({}, hx()):
        response = editor_client.get(reverse("story-list"), {"min_articles": bad}, **headers)
        assert response.status_code == 200
        assert "The filter was ignored." in response.content.decode()
        assert len(story_ids(response)) == 2
    assert editor_client.get(reverse("story-list"), {"after": "not-a-cursor"}).status_code == 200


# --- Who may do what -----------------------------------------------------------------------------


def change_requests(desk) -> list[tuple[str, dict[str, str]]]:
    return [
        (reverse("story-merge", args=[desk.other.pk]), {"into": str(desk.story.pk)}),
        (reverse("article-move-story", args=[desk.later.pk]), {"story": str(desk.other.pk)}),
        (reverse("finding-decision", args=[desk.possible.pk]), {"decision": "different"}),
    ]


def test_it_redirects_anonymous_users_to_login(desk):
    urls = [reverse("story-list"), desk.story.get_absolute_url()] + [url for url, _ in change_requests(desk)]
    for url in urls:
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url
    for url, data in change_requests(desk):
        assert Client().post(url, data)["Location"].startswith(reverse("login")), url
    assert not StoryEvent.objects.exists() and not FindingDecision.objects.exists()


def test_it_refuses_users_without_a_role(desk):
    client = Client()
    client.force_login(User.objects.create_user("nobody", password="pw"))
    for url in (reverse("story-list"), desk.story.get_absolute_url()):
        assert client.get(url).status_code == 403, url


def test_it_refuses_viewers_every_change(viewer_client, desk):
    for url, data in change_requests(desk):
        assert viewer_client.post(url, data).status_code == 403, url
        assert viewer_client.post(url, data, **hx()).status_code == 403, url
    assert not StoryEvent.objects.exists() and not FindingDecision.objects.exists()
    assert Article.objects.get(pk=desk.later.pk).story_id == desk.story.pk


def test_it_refuses_get_on_every_change(editor_client, desk):
    for url, _ in change_requests(desk):
        assert editor_client.get(url).status_code == 405, url
        assert editor_client.get(url, **hx()).status_code == 405, url


# --- Merging -------------------------------------------------------------------------------------


def merge(client, story, into, **headers):
    return client.post(reverse("story-merge", args=[story.pk]), {"into": into, "note": "same strike"}, **headers)


def test_it_merges_a_story_and_redirects_to_the_one_it_went_into(editor_client, editor, desk):
    response = merge(editor_client, desk.other, desk.story.pk)
    assert (response.status_code, response["Location"]) == (302, desk.story.get_absolute_url())
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Story #{desk.other.pk} merged into story #{desk.story.pk} (1 article)."
    ]
    event = StoryEvent.objects.get()
    assert (event.action, event.user, event.story_id, event.other_story_id, event.note) == (
        "merge",
        editor,
        desk.story.pk,
        desk.other.pk,
        "same strike",
    )
    assert Story.objects.get(pk=desk.story.pk).article_count == 4


def test_it_merges_for_htmx_with_a_client_redirect_and_story_changed(editor_client, desk):
    response = merge(editor_client, desk.other, desk.story.pk, **hx("story-tools"))
    assert response.status_code == 200
    assert response["HX-Redirect"] == desk.story.get_absolute_url()
    assert set(json.loads(response["HX-Trigger"])) == {"story-changed", "queue-changed"}


@pytest.mark.parametrize(
    ("into", "message"),
    [
        ("", "This field is required."),
        ("abc", "Give a story number, like 42."),
        ("-3", "Story numbers start at 1."),
        ("99999999999999999999999", "No story has a number that large."),
        ("9" * 5000, "Give a story number, like 42."),
        ("424242", "There is no story #424242."),
        ("self", "A story cannot be merged into itself."),
        ("merged", "was merged into story"),
    ],
)
def test_it_refuses_a_bad_merge_with_400_and_says_why(editor_client, editor, desk, into, message):
    gone = build_story(make_article(make_source("Gazette"), "A report merged away."))
    gone.merge_into(desk.other, editor)
    StoryEvent.objects.all().delete()
    into = {"self": str(desk.story.pk), "merged": str(gone.pk)}.get(into, into)
    for headers in ({}, hx("story-tools")):
        response = merge(editor_client, desk.story, into, **headers)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert hx_fragment(response, "story-tools")
    assert not StoryEvent.objects.exists()
    assert Story.objects.get(pk=desk.story.pk).merged_into_id is None


def hx_fragment(response, section: str) -> bool:
    return response.content.decode().lstrip().startswith(f'<section id="{section}"')


def test_it_refuses_to_merge_a_story_merged_already(editor_client, editor, desk):
    desk.other.merge_into(desk.story, editor)
    response = merge(editor_client, desk.other, desk.story.pk)
    assert response.status_code == 400
    assert f"was already merged into story #{desk.story.pk}" in response.content.decode()


# --- Moving articles -----------------------------------------------------------------------------


def move(client, article, story, **headers):
    url = reverse("article-move-story", args=[article.pk])
    return client.post(url, {"story": story, "note": "wrong event", "next": "/stories/"}, **headers)


def test_it_moves_an_article_to_another_story(editor_client, editor, desk):
    response = move(editor_client, desk.later, desk.other.pk)
    assert (response.status_code, response["Location"]) == (302, "/stories/")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Article #{desk.later.pk} moved to story #{desk.other.pk}."
    ]
    article = Article.objects.get(pk=desk.later.pk)
    assert (article.story_id, article.story_pinned) == (desk.other.pk, True)
    event = StoryEvent.objects.get()
    assert (event.action, event.user, event.article_id, event.story_id, event.other_story_id) == (
        "move",
        editor,
        desk.later.pk,
        desk.other.pk,
        desk.story.pk,
    )
    assert Story.objects.get(pk=desk.story.pk).article_count == 2


def test_it_moves_an_article_out_into_a_story_of_its_own(editor_client, desk):
    response = move(editor_client, desk.later, "")
    article = Article.objects.get(pk=desk.later.pk)
    assert article.story_id not in (desk.story.pk, desk.other.pk)
    assert article.story.article_count == 1
    [message] = get_messages(response.wsgi_request)
    assert f"moved out into a story of its own (#{article.story_id})" in str(message)


def test_it_moves_out_with_the_out_button_whatever_the_number_box_says(editor_client, desk):
    url = reverse("article-move-story", args=[desk.later.pk])
    response = editor_client.post(url, {"story": "not a number", "out": "1"})
    assert response.status_code == 302 and response["Location"] == desk.story.get_absolute_url()
    assert Article.objects.get(pk=desk.later.pk).story.article_count == 1


def test_it_swaps_the_articles_and_triggers_story_changed_for_htmx(editor_client, desk):
    response = move(editor_client, desk.later, desk.other.pk, **hx("story-articles"))
    assert response.status_code == 200 and hx_fragment(response, "story-articles")
    body = response.content.decode()
    assert f"Article #{desk.later.pk} moved to story #{desk.other.pk}." in body
    assert f'id="story-article-{desk.later.pk}"' not in body
    assert set(json.loads(response["HX-Trigger"])) == {"story-changed", "queue-changed"}


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("abc", "Give a story number, like 42."),
        ("0", "Story numbers start at 1."),
        ("9" * 30, "No story has a number that large."),
        ("424242", "There is no story #424242."),
        ("current", "is already in story"),
        ("merged", "was merged into story"),
    ],
)
def test_it_refuses_a_bad_move_with_400_and_says_why(editor_client, editor, desk, target, message):
    gone = build_story(make_article(make_source("Gazette"), "A report merged away."))
    gone.merge_into(desk.other, editor)
    StoryEvent.objects.all().delete()
    target = {"current": str(desk.story.pk), "merged": str(gone.pk)}.get(target, target)
    for headers in ({}, hx("story-articles")):
        response = move(editor_client, desk.later, target, **headers)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert hx_fragment(response, "story-articles")
    assert not StoryEvent.objects.exists()
    assert Article.objects.get(pk=desk.later.pk).story_id == desk.story.pk


def test_it_refuses_to_move_out_an_article_alone_in_its_story(editor_client, desk):
    [alone] = desk.other.articles.all()
    response = move(editor_client, alone, "")
    assert response.status_code == 400
    assert "is already alone in story" in response.content.decode()


# --- Deciding findings ---------------------------------------------------------------------------


def decide(client, finding, decision, **headers):
    url = reverse("finding-decision", args=[finding.pk])
    return client.post(url, {"decision": decision, "note": "checked the ministry", "next": "/stories/"}, **headers)


def test_it_closes_a_possible_conflict_marked_different_facts(editor_client, editor, desk):
    response = decide(editor_client, desk.possible, "different")
    assert (response.status_code, response["Location"]) == (302, "/stories/")
    desk.possible.refresh_from_db()
    assert (desk.possible.status, desk.possible.kind) == ("closed", "possible_conflict")
    assert "Marked as different facts by alice." in desk.possible.explanation
    decision = FindingDecision.objects.get()
    assert (decision.decision, decision.user, decision.conflict, decision.note) == (
        "different",
        editor,
        desk.possible,
        "checked the ministry",
    )
    assert Claim.objects.get(pk=desk.figures[2].claim_id).conflict_level == Claim.ConflictLevel.NONE


def test_it_makes_a_possible_conflict_a_conflict_when_marked_the_same_fact(editor_client, desk):
    claim = Claim.objects.get(pk=desk.figures[2].claim_id)
    assert claim.conflict_level == Claim.ConflictLevel.POSSIBLE
    decide(editor_client, desk.possible, "same")
    desk.possible.refresh_from_db()
    assert (desk.possible.status, desk.possible.kind) == ("open", "conflict")
    claim.refresh_from_db()
    assert (claim.in_conflict, claim.conflict_level) == (True, Claim.ConflictLevel.CONFLICT)
    assert FindingDecision.objects.get().decision == "same"


def test_it_swaps_the_finding_card_and_triggers_story_changed_for_htmx(editor_client, desk):
    response = decide(editor_client, desk.possible, "different", **hx(f"finding-{desk.possible.pk}"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<article id="finding-{desk.possible.pk}"')
    assert "Marked as different facts: the finding is closed" in body and "Closed" in body
    assert 'value="different"' not in body
    assert set(json.loads(response["HX-Trigger"])) == {"story-changed", "queue-changed"}


def test_it_swaps_only_the_decision_block_on_a_claim_page(editor_client, desk):
    response = decide(editor_client, desk.possible, "same", **hx(f"decision-{desk.possible.pk}"))
    assert response.content.decode().lstrip().startswith(f'<div id="decision-{desk.possible.pk}"')
    assert "now a conflict" in response.content.decode()


@pytest.mark.parametrize("value", ["", "maybe", "SAME"])
def test_it_refuses_an_unknown_decision_with_400(editor_client, desk, value):
    for headers in ({}, hx(f"finding-{desk.possible.pk}")):
        response = decide(editor_client, desk.possible, value, **headers)
        assert response.status_code == 400
        assert "Choose “Same fact” or “Different facts”." in response.content.decode()
    assert not FindingDecision.objects.exists()


def test_it_refuses_to_decide_an_update_as_same_or_different(editor_client, desk):
    update = make_conflict([desk.figures[0], desk.figures[2]], kind="update", story=desk.story)
    response = decide(editor_client, update, "different", **hx(f"finding-{update.pk}"))
    assert response.status_code == 400
    assert "is not decided as same or different facts" in response.content.decode()
    assert Conflict.objects.get(pk=update.pk).status == "open"


def test_it_tells_the_second_editor_that_the_finding_was_closed(editor_client, second_editor_client, desk):
    decide(second_editor_client, desk.possible, "different")
    response = decide(editor_client, desk.possible, "same", **hx(f"finding-{desk.possible.pk}"))
    assert response.status_code == 409
    assert "This finding was closed meanwhile" in response.content.decode()
    plain = decide(editor_client, desk.possible, "same")
    assert plain.status_code == 302
    assert FindingDecision.objects.count() == 1
    desk.possible.refresh_from_db()
    assert desk.possible.status == "closed"


def test_it_returns_404_for_an_unknown_finding(editor_client, db):
    assert editor_client.post(reverse("finding-decision", args=[999]), {"decision": "same"}).status_code == 404


def test_it_keeps_the_history_of_changes_on_the_page(editor_client, desk):
    decide(editor_client, desk.possible, "different")
    move(editor_client, desk.copy, desk.other.pk)
    body = page(editor_client, desk.story, **hx("story-history"))
    assert "alice" in body and "Different facts" in body and "checked the ministry" in body
    assert "(1 pair of figures)" in body
    assert f"article #{desk.copy.pk}</a>" in body and f"to story #{desk.other.pk}" in body


def test_it_shows_each_partys_track_record_under_a_finding_fresh_after_a_verdict(
    editor_client, editor, desk, django_capture_on_commit_callbacks
):
    # The mayor quoted elsewhere this week, by the same wire: not in the story, so its cached parts stay.
    elsewhere = make_article(desk.wire.source, "The mayor said 4 boats sank in the bay.", published_at=timezone.now())
    claim = make_claim(elsewhere, elsewhere.text, speaker="The mayor", location="Kyiv")
    make_figure(claim, "4 boats sank", 4, metric="sank", unit="boats")
    version = story_views.story_version(desk.story)
    body = page(editor_client, desk.story)
    assert "The mayor: 0 disputed and 0 verified of 1 figure in the last 30 days." in body
    assert "Daily Planet: 0 disputed and 0 verified of 1 figure (none in the last 30 days)." in body
    with django_capture_on_commit_callbacks(execute=True):  # as the request's commit does
        claim.set_verdict(editor, Claim.Status.DISPUTED)
    assert story_views.story_version(desk.story) == version, "the story's own rows did not change"
    body = page(editor_client, desk.story)
    assert "The mayor: 1 disputed and 0 verified of 1 figure in the last 30 days." in body
    assert "Wire Agency: 1 disputed and 0 verified of 1 figure in the last 30 days." in body
    card = editor_client.get(
        desk.story.get_absolute_url(), **hx(f"finding-{desk.possible.pk}"), data={"members": desk.possible.pk}
    )
    assert "The mayor: 1 disputed" in card.content.decode()


def test_it_shows_a_finding_elsewhere_in_the_track_record_at_the_next_view(editor_client, desk):
    # The planet's report of today in another story, and a wire report there too.
    ours = make_article(desk.later.source, "The port said 9 ships docked in Odesa.", published_at=timezone.now())
    theirs = make_article(desk.wire.source, "The port said 12 ships docked in Odesa.", published_at=timezone.now())
    figures = [
        make_figure(make_claim(a, a.text, location="Odesa"), f"{n} ships", n, metric="docked", unit="ships")
        for a, n in ((ours, 9), (theirs, 12))
    ]
    line = "Daily Planet: 0 disputed and 0 verified of 1 figure in the last 30 days"
    assert line + "." in page(editor_client, desk.story)
    version = story_views.story_version(desk.story)
    # Found in conflict as the cross-check stores it, before any claim flag is refreshed.
    found = Conflict.objects.create(kind="conflict", key="docked|odesa", signature="sig-ships", explanation="9 or 12.")
    found.members.add(*figures)
    assert story_views.story_version(desk.story) == version, "nothing of the story itself changed"
    assert line + "; 1 in open conflicts." in page(editor_client, desk.story)


def test_it_groups_the_facts_again_only_when_the_storys_figures_change(editor_client, editor, desk, monkeypatch):
    from factcheck import stories as story_data

    grouped = []
    story_figures = story_data.story_figures
    monkeypatch.setattr(story_data, "story_figures", lambda pk: grouped.append(pk) or story_figures(pk))
    page(editor_client, desk.story)
    assert grouped == [desk.story.pk]
    desk.possible.decide(editor, same=False)  # only a finding changed: the marks move, not the facts
    [row] = fact_rows(page(editor_client, desk.story))
    assert 'class="badge possible"' not in row and grouped == [desk.story.pk]
    claim = make_claim(desk.later, desk.later.text, speaker="The ministry", location="Kyiv", event_date=DAY)
    make_figure(claim, "at least 5 people were killed", 5, high=None, qualifier="at_least")
    [row] = fact_rows(page(editor_client, desk.story))
    assert grouped == [desk.story.pk] * 2 and claim.pk in cell_claims(row)[2]


def test_it_escapes_hostile_source_names_and_figure_text_in_the_timeline(editor_client, desk):
    desk.later.source.name = '<script>alert("x")</script> & Co'
    desk.later.source.save()
    body = page(editor_client, desk.story)
    [svg] = re.findall(r'<svg class="timeline".*?</svg>', body, re.S)
    assert "<script>" not in body.split('<table class="fact-table">')[1].split("</table>")[0]
    assert "<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co, 2 Jan 12:00" in svg


def test_it_draws_again_only_the_fact_rows_whose_marks_changed(editor_client, editor, desk, monkeypatch):
    from factcheck.views import fact_table

    for source, sentence, speaker, value in (
        (desk.wire.source, "The mayor said 40 people were injured.", "The mayor", 40),
        (desk.later.source, "The ministry said 45 people were injured.", "The ministry", 45),
    ):
        article = make_article(source, f"Missiles hit Kyiv overnight. {sentence}", published_at=at(10))
        put_in_story(desk.story, article)
        claim = make_claim(article, sentence, speaker=speaker, event_date=DAY)
        make_figure(claim, f"{value} people were injured", value, metric="injured")
    drawn = []
    draw = fact_table.timeline_chart
    monkeypatch.setattr(fact_table, "timeline_chart", lambda points: drawn.append(len(points)) or draw(points))
    first = fact_rows(page(editor_client, desk.story))
    assert len(first) == 2 and len(drawn) == 2
    desk.possible.decide(editor, same=False)  # the killed row loses its mark; the injured row is as it was
    second = fact_rows(page(editor_client, desk.story))
    assert len(drawn) == 3, "only the row whose figures' marks changed is drawn again"
    assert [row for row in second if "injured" in row] == [row for row in first if "injured" in row]
    assert not any('class="badge possible"' in row for row in second)
