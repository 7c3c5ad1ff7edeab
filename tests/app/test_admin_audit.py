"""Admin edits are audited: who, when, before → after; a reviewed claim changed in admin is reopened."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from factcheck import pipeline
from factcheck.models import Claim, PlaceAlias, ReviewEvent, Source, Speaker, StaleClaim

TEXT = "Two people were killed and 49 were injured in Kyiv on Tuesday, the mayor, Vitali Klitschko, said."


class _FormFields(HTMLParser):
    """The values a browser would send for the admin change form as it is shown."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in {"submit", "button", "file"}:
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                return
            self.data[name] = a.get("value", "on" if a.get("type") == "checkbox" else "")
        elif tag == "textarea" and name:
            self._textarea, self.data[name] = name, ""
        elif tag == "select" and name:
            self._select, self.data[name] = name, ""
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea] += data.removeprefix("\n") if not self.data[self._textarea] else data


def change_form(client: Client, url: str) -> dict[str, str]:
    page = client.get(url)
    assert page.status_code == 200
    parser = _FormFields()
    parser.feed(page.content.decode())
    parser.data.pop("csrfmiddlewaretoken", None)
    return parser.data


@pytest.fixture
def reviewed_claim(editor: User, source: Source) -> Claim:
    """A claim an editor verified, with its figures, made the way the app makes them."""
    article = pipeline.ingest_article(source, text=TEXT).article
    claim = article.claims.filter(figures__isnull=False).distinct().first()
    assert claim is not None
    claim.set_verdict(editor, Claim.Status.VERIFIED, note="Checked with the city hall.")
    return claim


@pytest.fixture
def admin_client(admin_user: User) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


def claim_url(claim: Claim) -> str:
    return reverse("admin:factcheck_claim_change", args=[claim.pk])


def last_log(obj: object) -> LogEntry:
    entry = LogEntry.objects.get_for_object(obj).order_by("-timestamp", "-id").first()
    assert entry is not None
    return entry


def test_it_reopens_a_verified_claim_whose_text_an_admin_changed(
    admin_client: Client, admin_user: User, editor: User, reviewed_claim: Claim
) -> None:
    before, version = reviewed_claim.text, reviewed_claim.version
    data = change_form(admin_client, claim_url(reviewed_claim))
    data["text"] = before.replace("49", "94")
    response = admin_client.post(claim_url(reviewed_claim), data)
    assert response.status_code == 302, response.content.decode()[:3000]

    reviewed_claim.refresh_from_db()
    assert reviewed_claim.text == before.replace("49", "94")
    assert reviewed_claim.version == version + 1
    assert reviewed_claim.status == Claim.Status.PENDING
    event = reviewed_claim.events.first()
    assert event is not None and event.user == admin_user
    assert (event.from_status, event.to_status) == ("verified", "pending")
    assert "Changed in admin" in event.note and "Back to pending" in event.note and "94 were injured" in event.note
    entry = LogEntry.objects.get_for_object(reviewed_claim).filter(changes_text__isnull=False)
    text_entry = next(e for e in entry if "text" in e.changes_dict)
    assert text_entry.actor == admin_user
    assert text_entry.changes_dict["text"] == [before, before.replace("49", "94")]
    # The editor's open page is now stale: their verdict is refused, naming the admin.
    with pytest.raises(StaleClaim, match=admin_user.username):
        reviewed_claim.set_verdict(editor, Claim.Status.VERIFIED, expected_version=version)


def test_it_shows_the_reopening_in_the_claims_history(
    admin_client: Client, editor: User, reviewed_claim: Claim
) -> None:
    data = change_form(admin_client, claim_url(reviewed_claim))
    data["text"] = "Three people were killed, the mayor said."
    admin_client.post(claim_url(reviewed_claim), data)
    page = Client()
    page.force_login(editor)
    html = page.get(reverse("claim-detail", args=[reviewed_claim.pk])).content.decode()
    assert "Changed in admin" in html and "Back to pending" in html


def test_it_reopens_a_verified_claim_whose_figure_an_admin_changed(
    admin_client: Client, admin_user: User, reviewed_claim: Claim
) -> None:
    figure = reviewed_claim.figures.get(text="49 were injured")
    version = reviewed_claim.version
    data = change_form(admin_client, claim_url(reviewed_claim))
    prefix = next(k for k, v in data.items() if k.endswith("-id") and v == str(figure.pk)).removesuffix("-id")
    data[f"{prefix}-value"] = data[f"{prefix}-low"] = "48"
    data[f"{prefix}-high"] = "48"
    response = admin_client.post(claim_url(reviewed_claim), data)
    assert response.status_code == 302, response.content.decode()[:3000]

    figure.refresh_from_db()
    reviewed_claim.refresh_from_db()
    assert figure.value == 48
    assert reviewed_claim.version == version + 1 and reviewed_claim.status == Claim.Status.PENDING
    event = reviewed_claim.events.first()
    assert (
        event is not None
        and event.to_status == "pending"
        and "figure “49 were injured” value: “49.0” → “48.0”" in event.note
    )
    entry = last_log(figure)
    assert entry.actor == admin_user and entry.changes_dict["value"] == ["49.0", "48.0"]


def test_it_bumps_the_version_of_a_pending_claim_without_a_verdict(
    admin_client: Client, admin_user: User, source: Source
) -> None:
    claim = pipeline.ingest_article(source, text=TEXT).article.claims.first()
    assert claim is not None
    data = change_form(admin_client, claim_url(claim))
    data["checkworthiness"] = "0.99"
    admin_client.post(claim_url(claim), data)
    claim.refresh_from_db()
    assert claim.version == 2 and claim.status == Claim.Status.PENDING and claim.checkworthiness == 0.99
    event = ReviewEvent.objects.get(claim=claim)
    assert event.from_status == event.to_status == "pending" and "checkworthiness" in event.note


def test_it_keeps_a_verdict_when_only_the_ranking_changes(admin_client: Client, reviewed_claim: Claim) -> None:
    data = change_form(admin_client, claim_url(reviewed_claim))
    data["checkworthiness"] = "0.11"
    admin_client.post(claim_url(reviewed_claim), data)
    reviewed_claim.refresh_from_db()
    assert reviewed_claim.status == Claim.Status.VERIFIED


def test_it_changes_nothing_when_the_form_is_saved_unchanged(admin_client: Client, reviewed_claim: Claim) -> None:
    version, events = reviewed_claim.version, reviewed_claim.events.count()
    admin_client.post(claim_url(reviewed_claim), change_form(admin_client, claim_url(reviewed_claim)))
    reviewed_claim.refresh_from_db()
    assert reviewed_claim.version == version and reviewed_claim.events.count() == events
    assert reviewed_claim.status == Claim.Status.VERIFIED


@pytest.mark.parametrize(
    ("model", "create", "field", "value"),
    [
        (Source, {"name": "Wire Agency 2"}, "notes", "Owned by a ministry since 2023."),
        (Speaker, {"name": "Vitali Klitschko"}, "name", "Vitaliy Klitschko"),
        (PlaceAlias, {"name": "Kiev", "canonical": "Kyiv"}, "canonical", "Kyiv city"),
    ],
)
def test_it_logs_admin_edits_with_who_and_before_after(
    admin_client: Client, admin_user: User, model: type, create: dict[str, str], field: str, value: str
) -> None:
    obj = model.objects.create(**create)
    url = reverse(f"admin:factcheck_{model._meta.model_name}_change", args=[obj.pk])
    data = change_form(admin_client, url)
    before = data[field]
    data[field] = value
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = last_log(obj)
    assert entry.action == LogEntry.Action.UPDATE and entry.actor == admin_user
    assert entry.changes_dict[field] == [before, value]
    history = admin_client.get(reverse(f"admin:factcheck_{model._meta.model_name}_auditlog", args=[obj.pk]))
    assert history.status_code == 200 and value in history.content.decode()


def test_it_does_not_log_the_hourly_fetch_times(source: Source) -> None:
    source.record_fetch(error="timed out")
    assert not LogEntry.objects.get_for_object(source).filter(action=LogEntry.Action.UPDATE).exists()


def test_it_reopens_a_verified_claim_whose_figure_an_admin_deleted(
    admin_client: Client, admin_user: User, reviewed_claim: Claim
) -> None:
    figure = reviewed_claim.figures.get(text="Two people were killed")
    data = change_form(admin_client, claim_url(reviewed_claim))
    prefix = next(k for k, v in data.items() if k.endswith("-id") and v == str(figure.pk)).removesuffix("-id")
    data[f"{prefix}-DELETE"] = "on"
    response = admin_client.post(claim_url(reviewed_claim), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not reviewed_claim.figures.filter(pk=figure.pk).exists()
    reviewed_claim.refresh_from_db()
    assert reviewed_claim.status == Claim.Status.PENDING
    assert "figure “Two people were killed” deleted" in reviewed_claim.events.first().note  # type: ignore[union-attr]
    entry = LogEntry.objects.filter(object_pk=str(figure.pk), action=LogEntry.Action.DELETE).get()
    assert entry.actor == admin_user


def test_a_text_changed_in_admin_moves_its_copy_key_and_is_cross_checked_again(
    admin_client: Client, reviewed_claim: Claim, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:
    from factcheck import outbox
    from factcheck.models import sentence_key

    sent: list[tuple[str, tuple[object, ...]]] = []
    monkeypatch.setattr(outbox, "send", lambda task, *args, **kwargs: sent.append((task.name, args)))
    old_key = reviewed_claim.sentence_key
    data = change_form(admin_client, claim_url(reviewed_claim))
    data["text"] = "Three people were killed, the mayor said."
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(claim_url(reviewed_claim), data).status_code == 302
    reviewed_claim.refresh_from_db()
    assert reviewed_claim.sentence_key == sentence_key("Three people were killed, the mayor said.") != old_key
    assert ("factcheck.tasks.crosscheck_article", (reviewed_claim.article_id,)) in sent
