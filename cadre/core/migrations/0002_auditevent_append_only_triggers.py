"""Make the audit log append-only in the database itself, not only in the model.

UPDATE of any column but ``actor_id`` is refused (deleting a user may still null its actor), on
SQLite and PostgreSQL. Row DELETE is refused on PostgreSQL; on SQLite it is left to the model,
because the test runner's flush of SQLite issues DELETE (PostgreSQL's flush uses TRUNCATE, which
fires no row trigger).
"""

from django.db import migrations

COLUMNS = "administration_id, region_id, actor_name, action, entity_type, entity_id, entity_repr, before, after, at"


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TRIGGER auditevent_no_update BEFORE UPDATE OF {COLUMNS} ON core_auditevent "
            "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION cadre_audit_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$ LANGUAGE plpgsql;"
        )
        schema_editor.execute(
            f"CREATE TRIGGER auditevent_no_update BEFORE UPDATE OF {COLUMNS} ON core_auditevent "
            "FOR EACH ROW EXECUTE FUNCTION cadre_audit_append_only();"
        )
        schema_editor.execute(
            "CREATE TRIGGER auditevent_no_delete BEFORE DELETE ON core_auditevent "
            "FOR EACH ROW EXECUTE FUNCTION cadre_audit_append_only();"
        )


def remove(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute("DROP TRIGGER IF EXISTS auditevent_no_update" + (" ON core_auditevent" if vendor == "postgresql" else ""))
    if vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS auditevent_no_delete ON core_auditevent")
        schema_editor.execute("DROP FUNCTION IF EXISTS cadre_audit_append_only()")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(install, remove)]
