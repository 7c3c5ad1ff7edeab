"""Figures as a newsroom writes them, in the queue and on the claim page (issue 12's screenshot)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from factcheck import pipeline
from factcheck.models import Claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Our own words: a dateline, money in two currencies, a change, a count.
REPORT = (
    "KUALA LUMPUR, March 3 (Wire Agency) - The finance ministry said the state fund lost RM45 million last year.\n\n"
    "The trade minister said exports rose 4.5% to $1.5bn in the first quarter.\n\n"
    "According to the labour office, 1,200 workers were laid off at the port."
)


def test_the_queue_and_the_claim_page_show_money_and_metrics_in_words(log_in, editor, source, screenshots):
    result = pipeline.ingest_article(source, text=REPORT, published_at="2024-03-03T09:00:00+00:00")
    assert result.ok, result.reason
    page = log_in(editor)
    rows = page.locator("tr.claim-row")
    expect(rows.first).to_be_visible()
    queue = page.locator("table").first
    expect(queue).to_contain_text("MYR45m")
    expect(queue).to_contain_text("$1.5bn")
    expect(queue).to_contain_text("up 4.5%")  # the change before its value, the unit not repeated
    text = queue.inner_text()
    for raw in ("1.5e+09", "4.5e+07", "money USD", "money MYR", "percent %", "exactly"):
        assert raw not in text, f"{raw!r} shown raw in the queue"
    page.screenshot(path=str(screenshots / "queue-figures.png"), full_page=True)

    claim = Claim.objects.get(article=result.article, figures__text="$1.5bn")
    # The dateline ("March 3") is no figure of any claim.
    assert not Claim.objects.filter(article=result.article, figures__text__icontains="March").exists()
    page.goto(page.url.split("?")[0] + f"claims/{claim.pk}/")
    table = page.locator("table", has_text="$1.5bn")
    expect(table).to_contain_text("$1.5bn")
    expect(table).not_to_contain_text("1.5e+09")
    expect(table.locator("tr", has_text="“4.5%”")).to_contain_text("up")
    page.screenshot(path=str(screenshots / "claim-figures.png"), full_page=True)
