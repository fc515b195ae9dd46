"""PostgreSQL: the picker's key columns sort by code point ("C" collation).

With it the (administration, key) B-trees serve a prefix as a range and give the key order, so the
pattern_ops indexes of 0002 on the two keys are no longer needed (the employee number keeps its
own). SQLite already compares these columns by code point (BINARY): nothing to do there.
"""

from django.db import migrations


def keys_collate_c(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE people_officer ALTER COLUMN search_key TYPE varchar(600) COLLATE "C"'
        )
        schema_editor.execute(
            'ALTER TABLE people_officer ALTER COLUMN reading_key TYPE varchar(300) COLLATE "C"'
        )
        schema_editor.execute("DROP INDEX IF EXISTS people_officer_search_key_prefix")
        schema_editor.execute("DROP INDEX IF EXISTS people_officer_reading_key_prefix")


def keys_default_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE people_officer ALTER COLUMN search_key TYPE varchar(600) COLLATE "default"'
        )
        schema_editor.execute(
            'ALTER TABLE people_officer ALTER COLUMN reading_key TYPE varchar(300) COLLATE "default"'
        )
        for column in ("search_key", "reading_key"):
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS people_officer_{column}_prefix "
                f"ON people_officer (administration_id, {column} varchar_pattern_ops)"
            )


class Migration(migrations.Migration):
    dependencies = [("people", "0002_pickers_search_key")]

    operations = [migrations.RunPython(keys_collate_c, keys_default_collation)]
