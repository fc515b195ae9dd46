"""Drop the single-column administration indexes of statements and their index rows.

Every composite index of these tables starts with the administration, so these served nothing a
query or a cascade needs, and each cost one more B-tree insert per row on ingest. Plain DROP INDEX
(the names Django gave them in 0001) instead of the table rebuild SQLite's AlterField would do.
"""

import django.db.models.deletion
from django.db import migrations, models

INDEXES = {
    "lrs_statement": "lrs_statement_administration_id_4999e113",
    "lrs_statementagent": "lrs_statementagent_administration_id_571c54b6",
    "lrs_statementactivity": "lrs_statementactivity_administration_id_5793797c",
}


def _field() -> models.ForeignKey:
    return models.ForeignKey(
        db_index=False,
        on_delete=django.db.models.deletion.CASCADE,
        related_name="+",
        to="tenancy.administration",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("lrs", "0003_index_rows_stored"),
        ("tenancy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{index}"',
                    f'CREATE INDEX "{index}" ON "{table}" ("administration_id")',
                )
                for table, index in INDEXES.items()
            ],
            state_operations=[
                migrations.AlterField(model_name=model, name="administration", field=_field())
                for model in ("statement", "statementactivity", "statementagent")
            ],
        )
    ]
