"""The daily digest: yesterday's new conflicts on what each reader follows, by email.

The period is the calendar day (in TIME_ZONE) before the digest is sent. A reader gets one
mail per period, with the new open conflicts (kind ``conflict``) involving a source or
speaker they follow, and below them, in a second section, the new possible conflicts
(which an editor still has to confirm). Readers who follow nothing, and readers with no
new finding on what they follow, get no mail. ``DigestSent`` is written in the same
transaction the mail is sent in: a second run (or a second worker at the same moment)
finds it and sends nothing, and a mail that could not be sent leaves no record, so the
next run sends it.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from factcheck.accounts import is_viewer
from factcheck.models import Conflict, DigestSent, Figure, Follow, Source, Speaker

from . import follows_of, involving

log = logging.getLogger(__name__)

SHOWN_PER_SECTION = 50


def period_before(now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    """The local calendar day before ``now``: [yesterday 00:00, today 00:00)."""
    local = timezone.localtime(now or timezone.now())
    end = local.replace(hour=0, minute=0, second=0, microsecond=0)
    start = timezone.make_aware(dt.datetime.combine(end.date() - dt.timedelta(days=1), dt.time()), local.tzinfo)
    return start, end


@dataclass
class Section:
    title: str
    findings: list[Any]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.findings)


@dataclass
class Digest:
    user: Any
    start: dt.datetime
    end: dt.datetime
    sections: list[Section]
    followed: list[str]

    @property
    def conflicts(self) -> int:
        return sum(s.total for s in self.sections)

    def subject(self) -> str:
        counts = " and ".join(
            f"{s.total} {s.title.lower() if s.total != 1 else s.title.lower().removesuffix('s')}"
            for s in self.sections
            if s.total
        )
        return f"Fact-check digest for {self.start:%-d %b %Y}: {counts} on what you follow"

    def message(self) -> EmailMultiAlternatives:
        context = {
            "digest": self,
            "site_url": settings.SITE_URL,
            "follows_url": settings.SITE_URL + reverse("follow-list"),
            "queue_url": settings.SITE_URL + reverse("review-queue") + "?conflict=yes",
        }
        message = EmailMultiAlternatives(
            subject=self.subject(),
            body=render_to_string("email/digest.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[self.user.email],
        )
        message.attach_alternative(render_to_string("email/digest.html", context), "text/html")
        return message


def digest_for(user: Any, start: dt.datetime, end: dt.datetime) -> Digest | None:
    """What ``user`` should hear about for [start, end), or None when there is nothing."""
    sources, speakers = follows_of(user)
    if not sources and not speakers:
        return None
    new = involving(Conflict.objects.open().filter(first_seen__gte=start, first_seen__lt=end), sources, speakers)
    members = Figure.objects.select_related("claim__article__source", "claim__speaker").order_by("pk")
    sections = []
    for kind, title in (
        (Conflict.Kind.CONFLICT, "New conflicts"),
        (Conflict.Kind.POSSIBLE_CONFLICT, "Possible conflicts"),
    ):
        chosen = new.filter(kind=kind)
        total = chosen.count()
        shown = list(
            chosen.select_related("story")
            .prefetch_related(Prefetch("members", queryset=members))
            .order_by("first_seen", "pk")[:SHOWN_PER_SECTION]
        )
        for finding in shown:
            finding.figures = [_figure_line(f, sources, speakers) for f in finding.members.all()]
            finding.story_url = settings.SITE_URL + finding.story.get_absolute_url() if finding.story else ""
        sections.append(Section(title, shown, total))
    if not any(s.total for s in sections):
        return None
    followed = sorted(
        [*Source.objects.filter(pk__in=sources).values_list("name", flat=True)]
        + [*Speaker.objects.filter(pk__in=speakers).values_list("name", flat=True)]
    )
    return Digest(user, start, end, sections, followed)


def _figure_line(figure: Figure, sources: set[int], speakers: set[int]) -> dict[str, Any]:
    claim = figure.claim
    return {
        "text": figure.text,
        "source": claim.article.source.name,
        "speaker": claim.speaker.name if claim.speaker else claim.speaker_name,
        "claim_url": settings.SITE_URL + claim.get_absolute_url(),
        "followed": claim.source_id in sources or (claim.speaker_id is not None and claim.speaker_id in speakers),
    }


@dataclass
class DigestRun:
    start: dt.datetime
    end: dt.datetime
    sent: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    nothing: int = 0

    def summary(self) -> str:
        return (
            f"Digest for {self.start:%Y-%m-%d}: {len(self.sent)} sent, {len(self.already)} already sent, "
            f"{self.nothing} with nothing new, {len(self.failed)} failed"
        )


def recipients() -> Any:
    """Active readers with an email address who follow something."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return users.filter(pk__in=Follow.objects.values("user_id")).order_by("pk")


def send_digests(now: dt.datetime | None = None, dry_run: bool = False) -> DigestRun:
    """Send each reader the digest of the day before ``now``, once; ``dry_run`` only says who would get one."""
    start, end = period_before(now)
    run = DigestRun(start, end)
    for user in recipients():
        name = user.get_username()
        if not is_viewer(user):  # no longer a reader: the links would not open for them
            continue
        if DigestSent.objects.filter(user=user, period_end=end).exists():
            run.already.append(name)
            continue
        digest = digest_for(user, start, end)
        if digest is None:
            run.nothing += 1
            continue
        if dry_run:
            run.sent.append(f"{name} <{user.email}>: {digest.subject()}")
            continue
        try:
            with transaction.atomic():
                DigestSent.objects.create(user=user, period_start=start, period_end=end, conflicts=digest.conflicts)
                digest.message().send()
        except IntegrityError:  # another run sent it meanwhile
            run.already.append(name)
        except Exception as exc:  # noqa: BLE001 - one unreachable mailbox must not stop the rest
            log.exception("digest to %s could not be sent", name)
            run.failed.append(f"{name}: {type(exc).__name__}: {exc}")
        else:
            run.sent.append(name)
    return run
