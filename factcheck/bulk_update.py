"""Write changed fields of many rows in one ``executemany``.

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
