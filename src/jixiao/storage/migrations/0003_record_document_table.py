"""The evaluation document moves to its own table (lists and counts scan narrow rows)."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def copy_documents(apps: Any, schema_editor: Any) -> None:
    Record = apps.get_model("jixiao_storage", "Record")
    RecordDocument = apps.get_model("jixiao_storage", "RecordDocument")
    db = schema_editor.connection.alias
    batch = []
    for pk, document in Record.objects.using(db).values_list("pk", "document").iterator():
        batch.append(RecordDocument(record_id=pk, document=document))
        if len(batch) >= 1000:
            RecordDocument.objects.using(db).bulk_create(batch)
            batch = []
    RecordDocument.objects.using(db).bulk_create(batch)


def copy_back(apps: Any, schema_editor: Any) -> None:
    Record = apps.get_model("jixiao_storage", "Record")
    RecordDocument = apps.get_model("jixiao_storage", "RecordDocument")
    db = schema_editor.connection.alias
    for doc in RecordDocument.objects.using(db).iterator():
        Record.objects.using(db).filter(pk=doc.record_id).update(document=doc.document)


class Migration(migrations.Migration):
    dependencies = [
        ("jixiao_storage", "0002_public_and_unit_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="RecordDocument",
            fields=[
                (
                    "record",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="doc",
                        serialize=False,
                        to="jixiao_storage.record",
                        verbose_name="记录",
                    ),
                ),
                ("document", models.JSONField(verbose_name="评价文档")),
            ],
            options={"verbose_name": "评价文档", "verbose_name_plural": "评价文档"},
        ),
        migrations.AlterField(
            model_name="record",
            name="document",
            field=models.JSONField(null=True, verbose_name="评价文档"),
        ),
        migrations.RunPython(copy_documents, copy_back),
        migrations.RemoveField(model_name="record", name="document"),
    ]
