"""Claims carry their article's source, so the queue filtered by source has its own index."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_sources(apps, schema_editor):  # type: ignore[no-untyped-def]
    Article = apps.get_model("factcheck", "Article")
    Claim = apps.get_model("factcheck", "Claim")
    Claim.objects.filter(source__isnull=True).update(
        source=Subquery(Article.objects.filter(pk=OuterRef("article_id")).values("source_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0004_queue_indexes")]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="source",
            field=models.ForeignKey(
                null=True,
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="factcheck.source",
            ),
        ),
        migrations.RunPython(copy_sources, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="claim",
            name="source",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="factcheck.source",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                models.F("source"),
                models.F("status_rank"),
                models.F("in_conflict").desc(),
                models.F("checkworthiness").desc(),
                models.F("id").desc(),
                name="claim_source_queue_order",
            ),
        ),
    ]
