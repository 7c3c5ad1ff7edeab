"""What only a browser shows: htmx swaps, the keyboard, two editors at once, inert payloads."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from factcheck.models import Claim, ReviewEvent
from tests.views.builders import make_article, make_claim, make_conflict, make_figure, make_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def at(day: int, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2024, 1, day, hour))


@pytest.fixture
def desk(source):
    """A small morning on the desk: one toll disputed between sources, a few other claims."""
    planet, star = make_source("Daily Planet"), make_source("Evening Star")
    a1 = make_article(
        source,
        "Missiles hit the capital overnight. According to its mayor, Vitali Klitschko, two people "
        "were killed and 49 injured in Kyiv. Air defences were active.",
        title="Overnight strikes on Kyiv",
        published_at=at(2, 8),
    )
    c1 = make_claim(
        a1,
        "According to its mayor, Vitali Klitschko, two people were killed and 49 injured in Kyiv.",
        speaker="Vitali Klitschko",
        role="mayor",
        cue="according to",
        quote="indirect",
        location="Kyiv",
        checkworthiness=0.92,
        checkworthiness_reasons=["casualty figures", "named official"],
    )
    killed = make_figure(c1, "two people were killed", 2)
    make_figure(c1, "49 injured", 49, metric="injured")
    a2 = make_article(
        planet,
        "The interior ministry said at least five people were killed in Kyiv on Tuesday.",
        title="Ministry toll",
        published_at=at(2, 11),
    )
    c2 = make_claim(a2, a2.text, speaker="The interior ministry", location="Kyiv", checkworthiness=0.8)
    five = make_figure(c2, "at least five people were killed", 5, high=None, qualifier="at_least")
    a3 = make_article(star, "Officials said between 3 and 4 people were killed in Kyiv.", published_at=at(2, 14))
    c3 = make_claim(a3, a3.text, speaker="Officials", location="Kyiv", checkworthiness=0.6)
    make_figure(c3, "between 3 and 4 people were killed", 3, low=3, high=4, qualifier="range")
    make_conflict(
        [killed, five],
        explanation="The mayor's exact 2 killed cannot hold if the ministry's 'at least five' does: 2 is below 5.",
    )
    a4 = make_article(star, "The governor said more than 52 people were injured in Kharkiv.", published_at=at(3, 9))
    c4 = make_claim(a4, a4.text, speaker="The governor", location="Kharkiv", checkworthiness=0.7)
    make_figure(c4, "more than 52 people were injured", 52, high=None, qualifier="more_than", metric="injured")
    a5 = make_article(planet, "Moscow said it had only attacked military installations.", published_at=at(3, 10))
    make_claim(a5, a5.text, speaker="Moscow", checkworthiness=0.4)
    return {"mayor": c1, "ministry": c2, "governor": c4}


def test_it_filters_and_verifies_with_the_keyboard_without_reloading(log_in, editor, desk, screenshots):
    page = log_in(editor)
    expect(page.locator("tr.claim-row")).to_have_count(5)
    expect(page.locator("tr.claim-row").first).to_contain_text("Klitschko")  # the conflict is on top
    page.screenshot(path=str(screenshots / "queue.png"), full_page=True)
    page.evaluate("window.__sameDocument = true")

    page.fill("#id_location", "Kharkiv")
    page.keyboard.press("Tab")  # "change" runs the filter through htmx
    expect(page).to_have_url(re.compile(r"location=Kharkiv"))
    expect(page.locator("tr.claim-row")).to_have_count(1)
    counts = page.locator("#queue-counts")
    expect(counts.locator('[data-status="verified"] strong')).to_have_text("0")

    page.keyboard.press("Escape")
    page.keyboard.press("j")
    row = page.locator(f"#claim-row-{desk['governor'].pk}")
    expect(row).to_have_class(re.compile(r"\bselected\b"))
    page.keyboard.press("v")
    expect(row.locator(".status")).to_have_text("Verified")
    expect(row).to_have_class(re.compile(r"\bselected\b"))
    expect(counts.locator('[data-status="verified"] strong')).to_have_text("1")
    expect(counts.locator('[data-status="pending"] strong')).to_have_text("0")
    assert page.evaluate("window.__sameDocument") is True, "the page must not reload"
    page.screenshot(path=str(screenshots / "queue-after-verify.png"), full_page=True)
    assert Claim.objects.get(pk=desk["governor"].pk).status == "verified"

    page.go_back()  # the filter lives in the URL: back returns to the whole queue
    expect(page.locator("tr.claim-row")).to_have_count(5)
    expect(page.locator("#id_location")).to_have_value("")


def test_it_tells_the_second_editor_that_the_claim_changed(log_in, editor, second_editor, desk, screenshots):
    claim = desk["mayor"]
    alice = log_in(editor)
    alice.goto(alice.url + f"claims/{claim.pk}/")
    bob = log_in(second_editor)
    bob.goto(bob.url + f"claims/{claim.pk}/")
    expect(bob.locator("#review-panel")).to_contain_text("Also being reviewed by alice")
    expect(bob.locator("svg.chart").first).to_be_visible()
    bob.screenshot(path=str(screenshots / "claim.png"), full_page=True)

    alice.fill("#id_note", "Ministry toll is later and larger")
    alice.keyboard.press("Escape")
    alice.keyboard.press("d")
    expect(alice.locator("#review-panel .status").first).to_have_text("Disputed")
    expect(alice.locator("#review-panel .history")).to_contain_text("Ministry toll is later and larger")

    bob.keyboard.press("v")
    refusal = bob.locator("#review-panel .flash.error")
    expect(refusal).to_contain_text(re.compile(r"Changed by alice at \d\d:\d\d — reload"))
    expect(bob.locator("#review-panel .status").first).to_have_text("Disputed")
    bob.screenshot(path=str(screenshots / "claim-refused.png"), full_page=True)
    assert ReviewEvent.objects.filter(claim=claim).count() == 1
    assert Claim.objects.get(pk=claim.pk).status == "disputed"


def test_it_shows_the_keyboard_help_and_closes_it_with_escape(log_in, editor, desk):
    page = log_in(editor)
    page.keyboard.press("?")
    expect(page.locator("#keys-help")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#keys-help")).to_be_hidden()
    page.keyboard.press("/")
    expect(page.locator("#id_q")).to_be_focused()
    page.keyboard.type("v")  # typed into the search box, not a verdict
    expect(page.locator("#id_q")).to_have_value("v")


def test_it_keeps_a_script_in_article_text_inert(log_in, editor, source):
    payload = '<script>window.__pwned = 1; alert("xss")</script><img src=x onerror="window.__pwned = 1; alert(1)">'
    article = make_article(source, f"Intro. Police said 3 people were killed {payload}. End.", title=payload)
    claim = make_claim(article, f"Police said 3 people were killed {payload}.", speaker="Police")
    page = log_in(editor)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(page.url + f"claims/{claim.pk}/")
    expect(page.locator(".article-text")).to_contain_text("<script>window.__pwned = 1;")
    page.goto(page.url.split("/claims/")[0] + f"/articles/{article.pk}/")
    expect(page.locator(".article-text")).to_contain_text('<img src=x onerror="window.__pwned = 1; alert(1)">')
    page.goto(page.url.split("/articles/")[0] + "/")
    expect(page.locator("tr.claim-row")).to_have_count(1)
    assert dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_it_opens_the_selected_claim_with_o(log_in, editor, desk):
    page = log_in(editor)
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    page.keyboard.press("o")
    page.wait_for_url(re.compile(rf"/claims/{desk['mayor'].pk}/$"))
    expect(page.locator(".claim-text")).to_contain_text("Vitali Klitschko")
    page.keyboard.press("n")
    expect(page.locator("#id_note")).to_be_focused()
