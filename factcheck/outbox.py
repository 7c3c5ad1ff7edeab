"""Hand work to the broker, or keep it in the outbox when the broker cannot take it.

Every place that queues background work calls ``send``: when Redis is down the task is
stored as a ``PendingTask`` row instead of failing the request whose change has already
been committed. ``flush`` sends the waiting rows again; it runs at every beat tick and
when a worker starts, so work asked for while the broker was down is done once it is back.

In-process mode (no broker, tasks run eagerly) sends straight through: there is nothing
to keep, and a task's own error must reach the caller as it always has.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Signature, signature
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

BROKER_ERRORS = (KombuOperationalError, RedisConnectionError, RedisTimeoutError, OSError)
# Canvas types whose name is all a stored row needs to be rebuilt from.
CANVAS_TYPES = {"celery.chord": "chord", "celery.group": "group", "celery.chain": "chain"}


def broker_unreachable(exc: BaseException) -> bool:
    """Whether ``exc`` (or what it was raised from) says the broker or result store is gone.

    Celery's result consumer turns a lost connection into a RuntimeError "from" it.
    """
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, BROKER_ERRORS):
            return True
        seen = seen.__cause__
    return False


def send(work: Any, *args: Any, **kwargs: Any) -> bool:
    """Queue ``work`` (a task with its arguments, or a signature such as a chord).

    True when the broker took it; False when it was kept in the outbox.
    """
    sig: Signature = work if isinstance(work, Signature) else work.s(*args, **kwargs)
    if sig.app.conf.task_always_eager:
        sig.apply_async()
        return True
    try:
        _apply(sig)
    except Exception as exc:
        if not broker_unreachable(exc):
            raise
        keep(sig, exc)
        return False
    return True


def keep(sig: Signature, exc: BaseException) -> None:
    from factcheck.models import PendingTask

    detail = f"{type(exc).__name__}: {exc}".strip()
    log.warning("broker unreachable, %s kept in the outbox: %s", sig["task"], detail)
    PendingTask.objects.create(
        task=sig["task"],
        args=list(sig.args),
        kwargs=_plain(sig.kwargs),
        reason="broker unreachable when it was queued",
        last_error=detail[:2000],
    )


def _plain(value: Any) -> Any:
    """Signatures (dicts) nested in a chord's arguments, as plain JSON values."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _apply(sig: Signature) -> None:
    if type(sig) is Signature:
        # Nobody waits for these results: not asking for one also spares the result
        # store's reconnect loop (20 s) when Redis is down.
        sig.apply_async(ignore_result=True)
    else:
        # A chord's header results are its body's input, so they are kept. Ask the broker
        # first: when Redis is down, the result store would retry for 20 s before failing.
        with sig.app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=3)
        sig.apply_async()


def rebuild(task: str, args: list[Any], kwargs: dict[str, Any]) -> Signature:
    from factcheck.celery import app

    return signature(
        {"task": task, "args": args, "kwargs": kwargs, "options": {}, "subtask_type": CANVAS_TYPES.get(task)},
        app=app,
    )


def flush(limit: int = 500) -> int:
    """Send the waiting rows, oldest first; stops at the first the broker refuses.

    Returns how many were sent. Each row is taken under a row lock (skipped when another
    flush holds it), so two flushes at once do not send the same row twice.
    """
    from factcheck.models import PendingTask

    sent = 0
    waiting = PendingTask.objects.filter(sent_at__isnull=True).order_by("created_at", "pk")
    for pk in list(waiting.values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            row = PendingTask.objects.select_for_update(skip_locked=True).filter(pk=pk, sent_at__isnull=True).first()
            if row is None:
                continue
            row.attempts += 1
            try:
                _apply(rebuild(row.task, row.args, row.kwargs))
            except Exception as exc:
                row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                row.save(update_fields=["attempts", "last_error"])
                if broker_unreachable(exc):
                    log.warning("outbox: broker still unreachable, %s waiting", waiting.count())
                    return sent
                log.exception("outbox: %s (row %s) could not be sent", row.task, row.pk)
                continue
            row.sent_at = timezone.now()
            row.save(update_fields=["attempts", "sent_at"])
            sent += 1
    if sent:
        log.info("outbox: %s waiting task(s) sent", sent)
    return sent
