"""The Celery app: Redis broker from REDIS_URL; in-process when it is unset."""

import os

from celery import Celery
from celery.schedules import crontab
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["factcheck"])
app.conf.beat_schedule = {
    "fetch-feeds-hourly": {"task": "factcheck.tasks.fetch_feeds", "schedule": crontab(minute=5)},
    # Stories are re-clustered first; the cross-check follows when that is done.
    "recluster-and-crosscheck-nightly": {
        "task": "factcheck.tasks.recluster",
        "schedule": crontab(hour=2, minute=0),
        "kwargs": {"then_crosscheck": True},
    },
    # A cross-check whose workers died: its lost chunks queued again, or the run abandoned.
    "crosscheck-watchdog-every-minute": {
        "task": "factcheck.tasks.crosscheck_watchdog",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Work kept in the outbox while the broker was down (also sent when a worker starts).
    "flush-outbox-every-minute": {"task": "factcheck.tasks.flush_outbox", "schedule": 60.0},
    # Webhook deliveries whose retry was lost (the broker was down when it was to be queued).
    "sweep-webhook-deliveries-every-5-minutes": {
        "task": "factcheck.tasks.sweep_webhook_deliveries",
        "schedule": 300.0,
        "options": {"expires": 290},
    },
    # The digest of yesterday's new conflicts, once a day (DigestSent keeps it to once per user).
    "send-digest-daily": {
        "task": "factcheck.tasks.send_digests",
        "schedule": crontab(hour=settings.DIGEST_HOUR, minute=15),
    },
}
