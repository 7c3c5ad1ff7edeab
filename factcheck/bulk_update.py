"""Write many rows in few statements: :func:`update_rows` and :func:`insert_rows`.

Django's ``bulk_update`` builds one ``CASE WHEN`` expression per field over every row;
on a batch of a few hundred rows compiling it costs more than the write (measured on the
ingest of real news: 11 s of a 75 s profile). :func:`update_rows` sends the plain
``UPDATE ... SET ... WHERE id = ...`` once per row through the driver's ``executemany``
instead (pipelined by psycopg, a prepared statement on SQLite), with each value prepared
by its field as ``save()`` would.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, models, router


def update_rows(rows: Sequence[models.Model], fields: Sequence[str]) -> int:
    """Save ``fields`` of ``rows`` (all of one model, already stored); returns the rows sent."""
    if not rows:
        return 0
    model = type(rows[0])
    meta = model._meta
    db = router.db_for_write(model)
    connection = connections[db]
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(field.column)} = %s" for field in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {quote(meta.pk.column)} = %s"
    params = [
        [field.get_db_prep_save(getattr(row, field.attname), connection) for field in columns] + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return len(params)


# Fields whose Python value is already what the driver takes: no per-value preparation.
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.FloatField,
    models.BooleanField,
    models.ForeignKey,
    models.AutoField,
)


def insert_rows(rows: Sequence[models.Model], batch_size: int = 500) -> int:
    """Insert new ``rows`` (all of one model) in a few statements; sets their pk.

    On SQLite, a multi-row ``INSERT ... RETURNING id``: what ``bulk_create`` does for a
    plain model (no signals, no ``save()``), without its per-value SQL compilation, which
    cost three times the write (12,000 claims: 1.7 s CPU against 0.55 s):
    the statement is built once per batch size, values the driver takes as they are
    (text, numbers, keys) are passed through, the others (dates, JSON) are prepared by
    their field as ``save()`` would, and ``auto_now_add`` fields get their ``pre_save``.
    """
    if not rows:
        return 0
    model = type(rows[0])
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    if connection.vendor == "postgresql":
        # Django 5.2 inserts there with one array per column (INSERT ... SELECT FROM UNNEST),
        # which measured twice as fast as a multi-row VALUES list (12,000 claims: 1.2 s CPU
        # against 2.4 s, psycopg parsing the long statement's placeholders each time).
        model._base_manager.bulk_create(rows, batch_size=batch_size)
        return len(rows)
    fields = [f for f in meta.concrete_fields if not f.primary_key and not f.generated]
    quote = connection.ops.quote_name
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    for row in rows:
        row._prepare_related_fields_for_save(operation_name="insert_rows")  # parent keys, as bulk_create
        for field in stamped:
            field.pre_save(row, add=True)
    plain = [isinstance(f, _PLAIN) and not isinstance(f, models.JSONField) for f in fields]
    attnames = [f.attname for f in fields]
    # SQLite allows 999 parameters per statement unless built with more; PostgreSQL 65535.
    per_row = len(fields)
    size = max(1, min(batch_size, (connection.features.max_query_params or 65535) // per_row))
    columns = ", ".join(quote(f.column) for f in fields)
    one = "(" + ", ".join(["%s"] * per_row) + ")"
    head = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "
    tail = f" RETURNING {quote(meta.pk.column)}"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            params: list[object] = []
            for row in chunk:
                values = row.__dict__
                for field, name, is_plain in zip(fields, attnames, plain, strict=True):
                    value = values.get(name)
                    params.append(value if is_plain else field.get_db_prep_save(value, connection))
            cursor.execute(head + ", ".join([one] * len(chunk)) + tail, params)
            ids = cursor.fetchall()
            if len(ids) != len(chunk):  # never expected: RETURNING gives one row per inserted row
                raise RuntimeError(f"inserted {len(chunk)} {meta.label} rows, got {len(ids)} ids back")
            for row, (pk,) in zip(chunk, ids, strict=True):
                row.pk = pk
                row._state.adding = False
                row._state.db = connection.alias
    return len(rows)
