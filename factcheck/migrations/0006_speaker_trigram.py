"""On PostgreSQL, trigram indexes make the queue's speaker filter ("contains") fast.

Like 0002: where pg_trgm cannot be created the migration leaves a note and carries on.
"""

from django.db import migrations

INDEXES = {
    "claim_speaker_name_trgm": "factcheck_claim USING gin (UPPER(speaker_name) gin_trgm_ops)",
    "speaker_name_trgm": "factcheck_speaker USING gin (UPPER(name) gin_trgm_ops)",
}


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        try:
            cursor.execute("SAVEPOINT trgm")
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for name, target in INDEXES.items():
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
            cursor.execute("RELEASE SAVEPOINT trgm")
        except Exception as exc:  # noqa: BLE001 - a missing privilege must not block the upgrade
            cursor.execute("ROLLBACK TO SAVEPOINT trgm")
            print(
                f"\n  note: no trigram index for the speaker filter ({exc}); ask a DBA to run CREATE EXTENSION pg_trgm"
            )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0005_claim_source")]
    operations = [migrations.RunPython(create, drop)]
