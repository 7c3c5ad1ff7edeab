"""Check my copy in a browser: paste a draft, see the disagreement first, keep it as an article."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from factcheck.models import Article
from tests.views.builders import make_article, make_claim, make_figure, make_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Our own sentences: the draft's toll is lower than a report stored earlier, and equal to another.
DRAFT = (
    "Storms cut power to the eastern districts on Sunday night.\n\n"
    "The city council said 21 people were injured in Dnipro.\n\n"
    "Repair crews were expected to work through the morning."
)


@pytest.fixture
def stored_reports(db):  # type: ignore[no-untyped-def]
    herald, bulletin = make_source("Valley Herald"), make_source("River Bulletin")
    reports = {}
    for source, sentence, figure, value in (
        (herald, "The city council said 34 people were injured in Dnipro.", "34 people were injured", 34),
        (bulletin, "Medics said 21 people were injured in Dnipro.", "21 people were injured", 21),
    ):
        article = make_article(source, f"Power was cut overnight. {sentence}", published_at=timezone.now())
        claim = make_claim(article, sentence, speaker=sentence.split(" said")[0], location="Dnipro")
        make_figure(claim, figure, value, metric="injured")
        reports[value] = claim
    make_source("Desk Wire")
    return reports


def test_it_shows_the_disagreement_first_and_keeps_the_draft(log_in, editor, stored_reports, live_server, screenshots):
    page = log_in(editor)
    page.click("text=Check my copy")
    page.evaluate("window.__sameDocument = true")
    page.fill("#id_text", DRAFT)
    held: list = []  # the check request, held until the progress line has been seen

    def hold(route):  # type: ignore[no-untyped-def]
        held.append(route)

    page.route("**/check/", hold)
    page.click("#check-form button[type=submit]")
    progress = page.locator("#checking")
    expect(progress).to_be_visible()
    expect(progress).to_have_text("Checking… 3 paragraphs")
    expect(page.locator("#check-form button[type=submit]")).to_be_disabled()
    assert len(held) == 1
    held[0].continue_()
    page.unroute("**/check/", hold)

    summary = page.locator("#check-summary")
    expect(summary).to_contain_text("1 disagrees with other sources")
    figure = page.locator("#draft-text a.figure.disagrees")
    expect(figure).to_have_text("21 people were injured")
    first = page.locator("li.draft-figure").first
    expect(first).to_have_class("draft-figure has-disagreement")
    reports = first.locator("li.report")
    expect(reports.nth(0)).to_contain_text("The city council via Valley Herald")
    expect(reports.nth(0)).to_contain_text("(disagrees)")
    expect(reports.nth(1)).to_contain_text("Medics via River Bulletin")
    expect(reports.nth(1)).to_contain_text("(agrees)")
    href = reports.nth(0).locator("a").get_attribute("href")
    assert href == f"/claims/{stored_reports[34].pk}/"
    assert not Article.objects.filter(ingested_via="check").exists()  # nothing stored by the check
    page.screenshot(path=str(screenshots / "check-copy.png"), full_page=True)

    page.select_option("#keep-panel select[name=source]", label="Desk Wire")
    page.click("#keep-panel button[type=submit]")
    kept = page.locator("#keep-panel")
    # The first ingest in a process loads the gazetteer for the story comparison: seconds, once.
    expect(kept).to_contain_text("Kept as article #", timeout=30_000)
    assert page.evaluate("window.__sameDocument") is True  # htmx swapped the panel, no reload
    article = Article.objects.get(ingested_via="check")
    assert article.source.name == "Desk Wire" and article.text == DRAFT
    kept.locator("a").click()
    page.wait_for_url(live_server.url + article.get_absolute_url())
    expect(page.locator(".article-text")).to_contain_text("21 people were injured")
