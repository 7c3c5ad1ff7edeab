"""The story page in a browser: the fact table and its timeline, deciding a possible conflict in place."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from factcheck import stories
from factcheck.models import Conflict, FindingDecision
from tests.views.builders import (
    make_article,
    make_big_story,
    make_claim,
    make_figure,
    make_queue,
    make_source,
    make_story,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def at(hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2024, 1, 2, hour))


@pytest.fixture
def strike(source):
    """A night of strikes told by three outlets; one names no place. Compared as the app does."""
    planet, star = make_source("Daily Planet"), make_source("Evening Star")
    day = dt.date(2024, 1, 2)
    wire = make_article(
        source,
        "Missiles hit the capital overnight. The mayor said 2 people were killed in Kyiv on Tuesday.",
        title="Overnight strikes on Kyiv",
        published_at=at(8),
    )
    sentence = "The mayor said 2 people were killed in Kyiv on Tuesday."
    mayor = make_claim(wire, sentence, speaker="The mayor", location="Kyiv", event_date=day)
    make_figure(mayor, "2 people were killed", 2)
    vague = make_article(
        planet, "Officials said 5 people were killed.", title="Officials give toll", published_at=at(11)
    )
    make_figure(make_claim(vague, vague.text, speaker="Officials"), "5 people were killed", 5)
    later = make_article(
        star,
        "Later the ministry said at least 7 people were killed in Kyiv on Tuesday.",
        title="Toll rises",
        published_at=at(15),
    )
    ministry = make_claim(later, later.text, speaker="The ministry", location="Kyiv", event_date=day)
    make_figure(ministry, "at least 7 people were killed", 7, high=None, qualifier="at_least")
    story = make_story(wire, vague, later)
    stories.compare_story(story.pk)
    make_queue(source, 2, prefix="Elsewhere")  # claims of other stories the queue filter leaves out
    return story


def test_it_decides_a_possible_conflict_in_place_and_filters_the_queue(log_in, editor, strike, screenshots):
    finding = Conflict.objects.get(story=strike, kind="possible_conflict")
    page = log_in(editor)
    page.goto(page.url + f"stories/{strike.pk}/")
    table = page.locator("table.fact-table")
    expect(table.locator("thead th.source-col")).to_have_text(["Wire Agency", "Daily Planet", "Evening Star"])
    expect(table.locator("tr.fact-row")).to_have_count(1)
    expect(table.locator("tr.fact-row th.fact")).to_contain_text("killed in Kyiv")
    timeline = table.locator("svg.timeline")
    expect(timeline).to_be_visible()
    expect(timeline.locator("circle")).to_have_count(3)
    expect(timeline.locator("title").last).to_contain_text("at least 7 people were killed")
    card = page.locator(f"#finding-{finding.pk}")
    expect(card).to_contain_text("names no place")
    page.screenshot(path=str(screenshots / "story.png"), full_page=True)
    page.evaluate("window.__sameDocument = true")

    card.locator('input[name="note"]').fill("Planet's toll is for another town")
    card.get_by_role("button", name="Different facts").click()
    expect(card.locator(".flash.success")).to_contain_text("Marked as different facts")
    expect(card.locator(".badge.neutral")).to_have_text("Closed")
    expect(card.get_by_role("button", name="Different facts")).to_have_count(0)
    expect(page.locator("#story-history")).to_contain_text("Planet's toll is for another town")  # story-changed
    assert page.evaluate("window.__sameDocument") is True, "the page must not reload"
    page.screenshot(path=str(screenshots / "story-after-decision.png"), full_page=True)
    finding.refresh_from_db()
    assert finding.status == Conflict.Status.CLOSED
    assert set(FindingDecision.objects.values_list("decision", "user__username")) == {("different", "alice")}

    page.goto(page.url.split("/stories/")[0] + "/")
    expect(page.locator("tr.claim-row")).to_have_count(5)
    expect(page.locator(".story-link").first).to_be_visible()
    page.fill("#id_story", str(strike.pk))
    page.keyboard.press("Tab")  # "change" runs the filter through htmx
    expect(page).to_have_url(re.compile(rf"story={strike.pk}"))
    expect(page.locator("tr.claim-row")).to_have_count(3)
    expect(page.locator(".story-filter")).to_contain_text(f"story #{strike.pk}")
    page.screenshot(path=str(screenshots / "queue-by-story.png"), full_page=True)


def test_it_unfolds_a_big_storys_articles_and_a_findings_figures_in_place(log_in, editor, source, screenshots):
    big = make_big_story(120)
    stories.compare_story(big.pk)
    finding = Conflict.objects.filter(story=big).order_by("pk").first()
    page = log_in(editor)
    page.goto(page.url + f"stories/{big.pk}/")
    page.evaluate("window.__sameDocument = true")
    articles = page.locator("#story-articles li[id^=story-article-]")
    expect(articles.first).to_be_visible()
    assert articles.count() < 120, "a big story's list is folded after each source's first articles"
    page.get_by_role("link", name="Show all 120 articles").click()
    expect(articles).to_have_count(120)
    card = page.locator(f"#finding-{finding.pk}")
    card.get_by_role("link", name=re.compile(r"Show all \d+ figures")).click()
    expect(card.locator(".members li")).to_have_count(finding.members.count())
    expect(card.get_by_role("button", name="Same fact")).to_be_visible()
    assert page.evaluate("window.__sameDocument") is True, "both unfold without a reload"
    page.screenshot(path=str(screenshots / "big-story-unfolded.png"), full_page=True)
