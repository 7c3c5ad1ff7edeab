"""On PostgreSQL, trigram indexes make the queue's text search ("contains") fast.

Creating the pg_trgm extension needs a privileged role; where it is refused
the migration leaves a note and carries on (search still works, just slower).
"""

from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        try:
            cursor.execute("SAVEPOINT trgm")
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS claim_text_trgm ON factcheck_claim USING gin (UPPER(text) gin_trgm_ops)"
            )
            cursor.execute("RELEASE SAVEPOINT trgm")
        except Exception as exc:  # noqa: BLE001 - a missing privilege must not block the upgrade
            cursor.execute("ROLLBACK TO SAVEPOINT trgm")
            print(f"\n  note: no trigram index for claim search ({exc}); ask a DBA to run CREATE EXTENSION pg_trgm")


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS claim_text_trgm")


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
