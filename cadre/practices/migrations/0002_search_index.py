"""The full-text index of practices, per database vendor.

SQLite: an FTS5 table with the trigram tokenizer (SQLite >= 3.34), whose rowid is the practice id;
the search service keeps it in step. PostgreSQL: the pg_trgm extension and a GIN trigram index on
``practices_practice.search_text``. Trigrams need no word segmentation, so Japanese, Chinese and
Thai are searched like English.
"""

from django.db import migrations


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS practices_practice_fts "
            "USING fts5(title, body, grams, tokenize='trigram')"
        )
    elif vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS practices_practice_search_trgm "
            "ON practices_practice USING gin (search_text gin_trgm_ops)"
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS practices_practice_title_trgm "
            "ON practices_practice USING gin (title gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS practices_practice_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS practices_practice_search_trgm")
        schema_editor.execute("DROP INDEX IF EXISTS practices_practice_title_trgm")


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
