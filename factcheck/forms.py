"""Forms for the review queue and the stories: the GET filters and the editors' actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from factcheck.models import Claim, ClaimQuerySet, Source, Verdict

STATUS_CHOICES = [(value, label) for value, label in Claim.Status.choices]
# The largest id a database row can have (a signed 64-bit key): larger input is refused
# as a form error instead of overflowing in the query.
MAX_ID = 2**63 - 1
# The dates a filter may name: wide enough for any archive, narrow enough that a day's
# bounds (the next midnight, in any time zone's offset) are still dates Python and the
# database can hold.
FIRST_DATE = dt.date(1800, 1, 1)
LAST_DATE = dt.date(2999, 12, 31)


class StoryNumberField(forms.IntegerField):
    """A story's number, as an editor types it: a positive whole number of sane size."""

    default_error_messages = {
        "invalid": "Give a story number, like 42.",
        "min_value": "Story numbers start at 1.",
        "max_value": "No story has a number that large.",
    }

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def widget_attrs(self, widget: forms.Widget) -> dict[str, str]:
        # No max attribute: a 19-digit bound helps nobody in the page.
        attrs = super().widget_attrs(widget)
        attrs.pop("max", None)
        return attrs


class FilterDateField(forms.DateField):
    """A day, as a filter takes it: between FIRST_DATE and LAST_DATE."""

    default_error_messages = {
        "invalid": "Give a date, like 2024-01-31.",
        "out_of_range": f"Give a date from {FIRST_DATE.year} to {LAST_DATE.year}.",
    }

    def validate(self, value: dt.date | None) -> None:
        super().validate(value)
        if value is not None and not FIRST_DATE <= value <= LAST_DATE:
            raise forms.ValidationError(self.error_messages["out_of_range"], code="out_of_range")


class QuickSelect(forms.Select):
    """A ``<select>`` written in one pass instead of one template per option: the queue's source
    filter lists every source a desk has (hundreds), and Django's per-option templates made that
    one field most of the page's time (about 15 ms for 900 sources). Same markup and attributes."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        final = self.build_attrs({"name": name, **self.attrs}, attrs)
        chosen = {str(v) for v in self.format_value(value)}
        parts = [f"<select{flatatt(final)}>"]
        for option, label in self.choices:
            code = "" if option is None else str(option)
            selected = " selected" if code in chosen else ""
            parts.append(f'<option value="{conditional_escape(code)}"{selected}>{conditional_escape(label)}</option>')
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value and label is escaped above


class _SourceNames(forms.models.ModelChoiceIterator):
    """The sources as (id, name) rows, without building a model object for each one."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")


class SourceChoiceField(forms.ModelChoiceField):
    """A source by id; its choices list every source by name (see :class:`QuickSelect`)."""

    iterator = _SourceNames


class QueueFilterForm(forms.Form):
    """The queue's filters. Every field is optional and they combine (AND)."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Text contains… ( / )"}),
    )
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *STATUS_CHOICES])
    source = SourceChoiceField(
        label="Source", required=False, queryset=Source.objects.all(), empty_label="Any source", widget=QuickSelect
    )
    speaker = forms.CharField(label="Speaker", required=False, max_length=200)
    metric = forms.CharField(
        label="Metric", required=False, max_length=80, widget=forms.TextInput(attrs={"placeholder": "e.g. killed"})
    )
    location = forms.CharField(label="Location", required=False, max_length=200)
    published_from = FilterDateField(
        label="Published from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    published_to = FilterDateField(label="to", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    conflict = forms.ChoiceField(
        label="Conflict",
        required=False,
        choices=[("", "Any"), ("yes", "In conflict"), ("possible", "Possible conflict"), ("no", "No conflict")],
    )
    story = StoryNumberField(
        label="Story", required=False, widget=forms.NumberInput(attrs={"placeholder": "#", "class": "story-number"})
    )

    def apply(self, claims: ClaimQuerySet) -> ClaimQuerySet:
        """Narrow ``claims`` by the filters; none match an invalid filter (``problem()`` says why).

        Ignoring the field instead would list claims the filter was meant to leave out
        (a search too long to run showed the whole queue).
        """
        if not self.is_valid():
            return claims.none()
        data = self.cleaned_data
        if data.get("q"):
            claims = claims.containing(data["q"])
        if data.get("status"):
            claims = claims.with_status(data["status"])
        if data.get("source"):
            claims = claims.filter(source=data["source"])
        if data.get("speaker"):
            claims = claims.spoken_by(data["speaker"])
        if data.get("metric"):
            # Metrics are stored as lower-case identifiers ("missiles_launched"): an exact,
            # indexable match on the normalised input instead of a case-insensitive scan.
            metric = "_".join(data["metric"].casefold().split())
            claims = claims.with_metric(metric)
        if data.get("location"):
            claims = claims.filter(location__icontains=data["location"])
        if data.get("published_from"):
            claims = claims.filter(article__published_at__gte=_start_of(data["published_from"]))
        if data.get("published_to"):
            claims = claims.filter(article__published_at__lt=_start_of(data["published_to"] + dt.timedelta(days=1)))
        if data.get("conflict") == "yes":
            claims = claims.filter(in_conflict=True)
        elif data.get("conflict") == "possible":
            claims = claims.filter(conflict_level=Claim.ConflictLevel.POSSIBLE)
        elif data.get("conflict") == "no":
            claims = claims.filter(in_conflict=False)
        if data.get("story"):
            claims = claims.filter(article__story_id=data["story"])
        return claims

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        first, last = data.get("published_from"), data.get("published_to")
        if first and last and first > last:  # type: ignore[operator]
            raise forms.ValidationError("The “to” date is before the “from” date.")
        return data

    def is_filtered(self) -> bool:
        return any(getattr(self, "cleaned_data", {}).get(name) for name in self.fields)

    def problem(self) -> str:
        """What is wrong with the filters, field by field ("" when they are valid)."""
        named = {"published_to": "Published to"}  # its label ("to") reads after "Published from"
        parts = []
        for name, errors in self.errors.items():
            label = named.get(name, self.fields[name].label) if name in self.fields else ""
            parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return " ".join(parts)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class EvidenceURLField(forms.URLField):
    """Only http and https links: evidence is shown as a link to other editors."""

    default_validators = [URLValidator(schemes=["http", "https"])]

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)  # type: ignore[arg-type]


class ReviewForm(forms.Form):
    """Note and evidence, shared by every review action."""

    note = forms.CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    evidence_url = EvidenceURLField(label="Evidence URL", required=False, max_length=2000)


class VerdictForm(ReviewForm):
    status = forms.ChoiceField(choices=STATUS_CHOICES)
    version = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)

    def verdict(self) -> Verdict:
        data = self.cleaned_data
        return Verdict(status=data["status"], note=data["note"], evidence_url=data["evidence_url"])


class NoteForm(ReviewForm):
    version = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("note") and not data.get("evidence_url"):
            raise forms.ValidationError("Write a note or give an evidence link.")
        return data


class BulkVerdictForm(ReviewForm):
    """A verdict for several claims; their ids and versions are read from the POST alongside."""

    status = forms.ChoiceField(choices=STATUS_CHOICES)

    def verdict(self) -> Verdict:
        data = self.cleaned_data
        return Verdict(status=data["status"], note=data["note"], evidence_url=data["evidence_url"])


class StoryFilterForm(forms.Form):
    """The stories list's filter."""

    min_articles = forms.IntegerField(
        label="At least",
        required=False,
        min_value=1,
        max_value=1_000_000,
        error_messages={
            "invalid": "Give a whole number of articles.",
            "max_value": "That is more articles than any story has.",
        },
        widget=forms.NumberInput(attrs={"placeholder": "articles", "class": "story-number"}),
    )


class StoryMergeForm(forms.Form):
    into = StoryNumberField(label="Merge into story #")
    note = forms.CharField(required=False, max_length=2000)


class ArticleStoryForm(forms.Form):
    """Where an editor moves an article: another story, or (empty) out into one of its own."""

    story = StoryNumberField(label="Move to story #", required=False)
    out = forms.BooleanField(required=False, help_text="Out into a story of its own, whatever ``story`` says.")
    note = forms.CharField(required=False, max_length=2000)

    def target_id(self) -> int | None:
        return None if self.cleaned_data["out"] else self.cleaned_data["story"]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("out"):
            self.errors.pop("story", None)  # the number box is ignored when moving out
        return data


class FindingDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("same", "Same fact"), ("different", "Different facts")],
        error_messages={
            "required": "Choose “Same fact” or “Different facts”.",
            "invalid_choice": "Choose “Same fact” or “Different facts”.",
        },
    )
    note = forms.CharField(required=False, max_length=2000)

    @property
    def same(self) -> bool:
        return self.cleaned_data["decision"] == "same"


class CheckCopyForm(forms.Form):
    """A draft to check (``/check/``): pasted, uploaded or fetched; one of the three."""

    text = forms.CharField(
        label="Paste your draft", required=False, strip=False, widget=forms.Textarea(attrs={"rows": 14})
    )
    upload = forms.FileField(label="…or upload a .txt, .md or .html file", required=False)
    url = forms.CharField(
        label="…or give the URL of a page",
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://…"}),
    )
    published = FilterDateField(
        label="Day of the events",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Today when empty: figures meet the reports of the days around it.",
    )

    def clean(self) -> dict[str, object]:
        from factcheck import copy_check
        from factcheck.validation import IngestError, parse_published

        data = super().clean() or {}
        if self.errors:
            return data
        text, upload, url = data.get("text") or "", data.get("upload"), (data.get("url") or "").strip()
        given = [name for name, value in (("text", text.strip()), ("upload", upload), ("url", url)) if value]
        if not given:
            raise forms.ValidationError("Paste a draft, upload a file, or give the URL of a page to check.")
        if len(given) > 1:
            raise forms.ValidationError("Give one draft at a time: the pasted text, a file or a URL.")
        day = data.get("published")
        try:
            when = None
            if isinstance(day, dt.date):
                moment = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
                when = parse_published(moment)
            data["published_at"] = when
        except IngestError as exc:
            self.add_error("published", str(exc))
            return data
        try:
            if given == ["text"]:
                self.draft = copy_check.draft_from_text(text)
            elif given == ["upload"]:
                self.draft = copy_check.draft_from_upload(upload)
            else:
                self.draft = copy_check.draft_from_url(url)
        except IngestError as exc:
            message = str(exc)
            self.add_error(given[0], f"{message[:1].upper()}{message[1:]}. Nothing was checked.")
        return data


class KeepDraftForm(forms.Form):
    """Keep a checked draft as an article: it then enters the queue like any other."""

    source = SourceChoiceField(
        Source.objects.order_by("name"),
        widget=QuickSelect,
        label="Keep as an article from source",
        empty_label="Choose a source…",
        error_messages={"required": "Choose the source the article is from.", "invalid_choice": "Choose a source."},
    )
    title = forms.CharField(label="Title", required=False, max_length=500)
    text = forms.CharField(widget=forms.HiddenInput, strip=False, error_messages={"required": "The draft is empty."})
    url = forms.CharField(widget=forms.HiddenInput, required=False)
    published = forms.DateTimeField(widget=forms.HiddenInput, required=False)
