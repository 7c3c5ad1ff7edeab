"""Forms for the review queue: the GET filter and the review actions."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.validators import URLValidator
from django.utils import timezone

from factcheck.models import Claim, ClaimQuerySet, Source, Verdict

STATUS_CHOICES = [(value, label) for value, label in Claim.Status.choices]


class QueueFilterForm(forms.Form):
    """The queue's filters. Every field is optional and they combine (AND)."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Text contains… ( / )"}),
    )
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *STATUS_CHOICES])
    source = forms.ModelChoiceField(
        label="Source", required=False, queryset=Source.objects.all(), empty_label="Any source"
    )
    speaker = forms.CharField(label="Speaker", required=False, max_length=200)
    metric = forms.CharField(
        label="Metric", required=False, max_length=80, widget=forms.TextInput(attrs={"placeholder": "e.g. killed"})
    )
    location = forms.CharField(label="Location", required=False, max_length=200)
    published_from = forms.DateField(
        label="Published from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    published_to = forms.DateField(label="to", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    conflict = forms.ChoiceField(
        label="Conflict", required=False, choices=[("", "Any"), ("yes", "In conflict"), ("no", "No conflict")]
    )

    def apply(self, claims: ClaimQuerySet) -> ClaimQuerySet:
        """Narrow ``claims`` by every valid filter; an invalid field is ignored, never fatal."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
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
        elif data.get("conflict") == "no":
            claims = claims.filter(in_conflict=False)
        return claims

    def is_filtered(self) -> bool:
        return any(getattr(self, "cleaned_data", {}).get(name) for name in self.fields)


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
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def verdict(self) -> Verdict:
        data = self.cleaned_data
        return Verdict(status=data["status"], note=data["note"], evidence_url=data["evidence_url"])


class NoteForm(ReviewForm):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

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
