"""Check my copy (/check/): an editor's draft beside the stored sources, kept only on request."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from factcheck.models import Article, Claim, Conflict, Figure, Source, Speaker, Story
from tests.app.test_fetch import PAGES, serve

from .builders import hx, make_article, make_claim, make_figure, make_source

pytestmark = pytest.mark.django_db

CHECK = reverse("check-copy")
KEEP = reverse("check-copy-keep")
# Our own sentences: a draft whose toll one stored report contradicts and another confirms.
DRAFT = (
    "Floodwater swept through the lower town overnight.\n\n"
    "The regional governor said 12 people were killed in Kharkiv.\n\n"
    "Volunteers handed out blankets at the station."
)


def stored_report(source: Source, sentence: str, figure_text: str, value: float, speaker: str) -> Claim:
    article = make_article(source, f"Rescue work went on. {sentence}", published_at=timezone.now())
    claim = make_claim(article, sentence, speaker=speaker, location="Kharkiv")
    make_figure(claim, figure_text, value)
    return claim


@pytest.fixture
def desk(db: None) -> dict[str, Claim]:
    """Two stored reports of the toll: one says 15 killed (disagrees with the draft), one 12 (agrees).

    The draft's 12 comes later and is smaller than 15: a conflict, not an update of the toll.
    """
    ledger, courier = make_source("The Morning Ledger"), make_source("Evening Courier")
    fifteen = stored_report(
        ledger, "The regional governor said 15 people were killed in Kharkiv.", "15 people were killed", 15, "governor"
    )
    twelve = stored_report(
        courier, "Officials said 12 people were killed in Kharkiv.", "12 people were killed", 12, "Officials"
    )
    return {"fifteen": fifteen, "twelve": twelve}


def rows() -> dict[str, int]:
    models = (Article, Claim, Figure, Speaker, Conflict, Story, LogEntry)
    return {m.__name__: m.objects.count() for m in models}


def check(client, data: dict[str, object], **headers: str):  # type: ignore[no-untyped-def]
    return client.post(CHECK, data, **headers)


# ---------------------------------------------------------------- who may


def test_it_shows_the_form_to_an_editor_and_links_it_from_the_nav(editor_client):
    response = editor_client.get(CHECK)
    assert response.status_code == 200
    assert b'name="text"' in response.content and b'name="upload"' in response.content
    assert f'href="{CHECK}"'.encode() in editor_client.get(reverse("review-queue")).content


def test_it_refuses_viewers_and_hides_the_link_from_them(viewer_client, desk):
    assert viewer_client.get(CHECK).status_code == 403
    assert check(viewer_client, {"text": DRAFT}).status_code == 403
    assert f'href="{CHECK}"'.encode() not in viewer_client.get(reverse("review-queue")).content


def test_it_sends_anonymous_visitors_to_log_in(client):
    response = client.get(CHECK)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_it_answers_other_methods_with_405(editor_client):
    assert editor_client.put(CHECK).status_code == 405
    assert editor_client.get(KEEP).status_code == 405


# ---------------------------------------------------------------- the check


def test_it_marks_the_draft_and_lists_the_disagreement_before_the_agreement(editor_client, desk):
    response = check(editor_client, {"text": DRAFT})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<span class="claim"[^>]*>The regional governor said <a class="figure disagrees"', html)
    panel = html[html.index('id="other-sources"') :]
    disagrees = panel.index(reverse("claim-detail", args=[desk["fifteen"].pk]))
    agrees = panel.index(reverse("claim-detail", args=[desk["twelve"].pk]))
    assert disagrees < agrees
    assert "governor via The Morning Ledger" in panel and "15 people killed" in panel
    assert re.search(r"15 people killed</a>\s*<span class=\"relation\">\(disagrees\)", panel)
    assert re.search(r"12 people killed</a>\s*<span class=\"relation\">\(agrees\)", panel)


def test_it_lists_a_source_that_agrees_when_none_disagrees(editor_client, db):
    courier = make_source("Evening Courier")
    twelve = stored_report(
        courier, "Officials said 12 people were killed in Kharkiv.", "12 people were killed", 12, "Officials"
    )
    other_city = make_article(courier, "Officials said 12 people were killed in Lviv.", published_at=timezone.now())
    make_figure(make_claim(other_city, other_city.text, location="Lviv"), "12 people were killed", 12)
    html = check(editor_client, {"text": DRAFT}).content.decode()
    assert 'class="figure agrees"' in html and "(disagrees)" not in html
    assert reverse("claim-detail", args=[twelve.pk]) in html
    assert reverse("claim-detail", args=[other_city.claims.get().pk]) not in html  # another place: another fact


STORY_TEXT = (
    "A dam on the Siversky river burst near the village of Oskil after days of heavy rain. "
    "Rescue teams in boats evacuated families from flooded streets while the water kept rising. "
    "{claim} Engineers from the water agency inspected the broken dam wall and the flooded fields. "
    "Farmers said the flood ruined the sunflower harvest across the valley."
)


def test_it_compares_the_draft_inside_the_story_it_would_join(editor_client, db):
    from factcheck import pipeline

    first = pipeline.ingest_article(
        make_source("Valley Herald"),
        text=STORY_TEXT.format(claim="The regional governor said 30 people were rescued from the flood in Oskil."),
        title="Dam bursts near Oskil",
        published_at=timezone.now(),
    )
    assert first.ok and first.article is not None and first.article.story_id
    draft = STORY_TEXT.format(claim="The regional governor said 18 people were rescued from the flood in Oskil.")
    before = rows()
    html = check(editor_client, {"text": draft}).content.decode()
    assert rows() == before
    story = first.article.story_id
    assert f'href="{reverse("story-detail", args=[story])}"' in html and "it would join" in html
    stored = first.article.claims.get(figures__metric="rescued")
    assert re.search(
        rf'href="{reverse("claim-detail", args=[stored.pk])}">[^<]*30 people rescued</a>\s*'
        r'<span class="relation">\(disagrees\)',
        html,
    )


def test_it_says_when_no_stored_source_reports_a_fact(editor_client, desk):
    response = check(editor_client, {"text": "The ministry said 7 people were injured in Odesa."})
    assert response.status_code == 200
    assert b"No stored source reports this fact." in response.content
    assert b"(disagrees)" not in response.content


def test_it_stores_nothing_when_checking(editor_client, desk):
    before = rows()
    assert check(editor_client, {"text": DRAFT}).status_code == 200
    assert check(editor_client, {"text": DRAFT}, **hx("check-result")).status_code == 200
    assert rows() == before


def test_it_answers_htmx_with_the_result_fragment_only(editor_client, desk):
    response = check(editor_client, {"text": DRAFT}, **hx("check-result"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="check-result">') and "<html" not in html
    assert 'class="figure disagrees"' in html and 'id="keep-panel"' in html


def test_it_checks_with_a_bounded_number_of_queries(editor_client, desk, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        assert check(editor_client, {"text": DRAFT}, **hx("check-result")).status_code == 200


# ---------------------------------------------------------------- files and pages


@pytest.mark.parametrize("name", ["draft.txt", "draft.md"])
def test_it_checks_an_uploaded_text_file(editor_client, desk, name):
    upload = SimpleUploadedFile(name, DRAFT.encode(), content_type="text/plain")
    response = check(editor_client, {"upload": upload})
    assert response.status_code == 200
    assert b'class="figure disagrees"' in response.content


def test_it_reads_an_uploaded_html_file_without_its_markup(editor_client, desk):
    page = (
        "<html><head><title>Flood night</title><script>alert('x')</script></head><body><article>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in DRAFT.split("\n\n"))
        + "</article></body></html>"
    )
    response = check(editor_client, {"upload": SimpleUploadedFile("draft.html", page.encode(), "text/html")})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="figure disagrees"' in html and "“Flood night”" in html
    assert "alert(" not in html


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "is not a .txt, .md or .html file"),
        ("draft.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "looks like binary data"),
        ("draft.txt", b"caf\xe9 au lait", "is not valid UTF-8"),
        ("draft.html", b"<html><body><script>x()</script></body></html>", "Found no article text"),
    ],
)
def test_it_refuses_a_file_it_cannot_read_with_a_message(editor_client, name, content, message):
    before = rows()
    response = check(editor_client, {"upload": SimpleUploadedFile(name, content)})
    assert response.status_code == 422
    assert message in response.content.decode() and "Nothing was checked." in response.content.decode()
    assert rows() == before


@override_settings(MAX_UPLOAD_BYTES=100)
def test_it_refuses_a_file_over_the_upload_limit(editor_client):
    response = check(editor_client, {"upload": SimpleUploadedFile("draft.txt", b"x " * 100)})
    assert response.status_code == 422
    assert b"over the upload limit of 100 bytes" in response.content


@pytest.fixture
def site() -> Iterator[str]:
    yield from serve()


def test_it_fetches_a_page_and_checks_its_text(editor_client, desk, site):
    body = "".join(f"<p>{p}</p>" for p in DRAFT.split("\n\n"))
    PAGES["/draft"] = (200, "text/html; charset=utf-8", f"<html><body><article>{body}</article></body></html>".encode())
    with override_settings(FETCH_ALLOW_PRIVATE=True):
        response = check(editor_client, {"url": f"{site}/draft"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="figure disagrees"' in html
    assert f'name="url" value="{site}/draft"' in html  # kept with its URL, for the duplicate rule


def test_it_refuses_a_private_address_unless_allowed(editor_client, site):
    response = check(editor_client, {"url": f"{site}/kharkiv"})
    assert response.status_code == 422
    assert b"private or loopback address" in response.content


@pytest.mark.parametrize(
    ("path", "message"),
    [("/missing", "answered HTTP 404"), ("/binary", "looks like binary data")],
)
def test_it_says_why_a_page_could_not_be_read(editor_client, site, path, message):
    with override_settings(FETCH_ALLOW_PRIVATE=True):
        response = check(editor_client, {"url": f"{site}{path}"})
    assert response.status_code == 422
    assert message in response.content.decode()


def test_it_says_when_a_host_is_unreachable(editor_client):
    with override_settings(FETCH_ALLOW_PRIVATE=True):
        response = check(editor_client, {"url": "http://127.0.0.1:9/"})  # the discard port: nothing listens
    assert response.status_code == 422
    assert b"Could not fetch http://127.0.0.1:9/" in response.content


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Paste a draft, upload a file, or give the URL of a page to check."),
        ({"text": "  \n\n  "}, "Paste a draft, upload a file, or give the URL of a page to check."),
        ({"text": "Two died.", "url": "https://example.org/"}, "Give one draft at a time"),
        ({"url": "javascript:alert(1)"}, "must be an http or https URL"),
        ({"text": "a\x00b"}, "Null characters are not allowed."),
        ({"text": "Two died.", "published": "2024-02-30"}, "Give a date, like 2024-01-31."),
    ],
)
def test_it_explains_bad_input_in_the_form(editor_client, data, message):
    response = check(editor_client, data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert b'id="check-summary"' not in response.content


@override_settings(MAX_ARTICLE_BYTES=1000)
def test_it_refuses_a_draft_over_the_article_limit(editor_client):
    response = check(editor_client, {"text": "Another paragraph of the draft.\n\n" * 40})
    assert response.status_code == 422
    assert b"over the limit of 1,000" in response.content


def test_it_refuses_a_draft_longer_than_a_check_takes(editor_client, monkeypatch):
    from factcheck import copy_check

    monkeypatch.setattr(copy_check, "CHECK_MAX_CHARS", 500)
    for data in (
        {"text": "Another paragraph of the draft.\n\n" * 40},
        {"upload": SimpleUploadedFile("long.md", b"Another paragraph of the draft.\n\n" * 40)},
    ):
        response = check(editor_client, data)
        assert response.status_code == 422
        assert "a check takes up to 500 at a time" in response.content.decode()


def test_it_never_renders_markup_from_the_draft(editor_client, desk):
    hostile = (
        '<script>alert("draft")</script> <img src=x onerror=alert(1)>\n\n'
        'The regional governor <b onmouseover="x()">said</b> 12 people were killed in Kharkiv.'
    )
    for headers in ({}, hx("check-result")):
        html = check(editor_client, {"text": hostile}, **headers).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html and "<b onmouseover" not in html
        assert "&lt;script&gt;alert(&quot;draft&quot;)&lt;/script&gt;" in html
        assert "&lt;b onmouseover=&quot;x()&quot;&gt;" in html


# ---------------------------------------------------------------- keeping it


def keep(client, source: Source, text: str = DRAFT, **extra: object):  # type: ignore[no-untyped-def]
    headers = {k: v for k, v in extra.items() if k.startswith("HTTP_")}
    fields = {k: v for k, v in extra.items() if not k.startswith("HTTP_")}
    return client.post(KEEP, {"source": source.pk, "text": text, "title": "Flood night", **fields}, **headers)


def test_it_keeps_the_draft_as_an_article_and_records_who(editor_client, editor, desk):
    wire = make_source("Wire Agency")
    response = keep(editor_client, wire, published=timezone.now().isoformat())
    article = Article.objects.get(source=wire)
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert article.ingested_via == "check" and article.title == "Flood night" and article.text == DRAFT
    assert article.claims.filter(status=Claim.Status.PENDING).exists()  # in the queue now
    entry = LogEntry.objects.get_for_object(article).get()
    assert entry.actor == editor and entry.action == LogEntry.Action.CREATE
    page = editor_client.get(response["Location"])
    assert b"Kept as article #" in page.content


def test_it_keeps_through_htmx_and_links_to_the_new_article(editor_client, desk):
    wire = make_source("Wire Agency")
    response = keep(editor_client, wire, **hx("keep-panel"))
    article = Article.objects.get(source=wire)
    assert response.status_code == 200
    assert f'href="{article.get_absolute_url()}"'.encode() in response.content
    assert b"<html" not in response.content


def test_it_refuses_to_keep_a_duplicate_and_links_to_the_first(editor_client, desk):
    wire = make_source("Wire Agency")
    keep(editor_client, wire)
    first = Article.objects.get(source=wire)
    before = rows()
    for headers in ({}, hx("keep-panel")):
        response = keep(editor_client, wire, **headers)
        assert response.status_code == 422
        assert f"Duplicate: same text as article {first.pk} from Wire Agency".encode() in response.content
        assert f'href="{first.get_absolute_url()}"'.encode() in response.content
    assert rows() == before


def test_it_refuses_a_second_article_with_the_same_url(editor_client, desk):
    wire, other = make_source("Wire Agency"), make_source("Other Wire")
    keep(editor_client, wire, url="https://news.example/flood")
    before = rows()
    response = keep(editor_client, other, text=DRAFT + " Updated.", url="https://news.example/flood")
    assert response.status_code == 422 and b"Duplicate: same URL as article" in response.content
    assert rows() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"source": ""}, "Choose the source the article is from."),
        ({"source": "999999"}, "Choose a source."),
        ({"text": ""}, "The draft is empty."),
        ({"url": "ftp://files.example/x"}, "Rejected: url must be an http or https URL"),
    ],
)
def test_it_refuses_to_keep_bad_input_and_saves_nothing(editor_client, desk, data, message):
    wire = make_source("Wire Agency")
    before = rows()
    fields = {"source": wire.pk, "text": DRAFT, **data}
    response = editor_client.post(KEEP, fields, **hx("keep-panel"))
    assert response.status_code == 422 and message in response.content.decode()
    assert rows() == before


def test_it_refuses_to_let_a_viewer_keep_a_draft(viewer_client, desk):
    wire = make_source("Wire Agency")
    before = rows()
    assert keep(viewer_client, wire).status_code == 403
    assert rows() == before


def test_it_keeps_the_day_the_editor_gave(editor_client, desk):
    wire = make_source("Wire Agency")
    day = timezone.now() - dt.timedelta(days=2)
    keep(editor_client, wire, published=day.isoformat())
    assert Article.objects.get(source=wire).published_at.date() == day.date()
