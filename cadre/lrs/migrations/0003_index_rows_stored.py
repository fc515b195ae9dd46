"""Agent and activity index rows carry the statement's ``stored``: queries walk one index newest first.

The statement-level actor index goes: agent queries use the agent index rows, and every index
costs a random page write per statement on ingest.
"""

from django.db import migrations, models

FILL = "UPDATE {table} SET stored = (SELECT s.stored FROM lrs_statement s WHERE s.id = {table}.statement_id)"


class Migration(migrations.Migration):
    dependencies = [
        ("lrs", "0002_launch_credential"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="statement", name="lrs_st_actor"),
        migrations.RemoveIndex(model_name="statementagent", name="lrs_sa_ifi"),
        migrations.RemoveIndex(model_name="statementactivity", name="lrs_sact_iri"),
        migrations.AddField(
            model_name="statementagent", name="stored", field=models.DateTimeField(null=True)
        ),
        migrations.AddField(
            model_name="statementactivity", name="stored", field=models.DateTimeField(null=True)
        ),
        migrations.RunSQL(FILL.format(table="lrs_statementagent"), migrations.RunSQL.noop),
        migrations.RunSQL(FILL.format(table="lrs_statementactivity"), migrations.RunSQL.noop),
        migrations.AlterField(model_name="statementagent", name="stored", field=models.DateTimeField()),
        migrations.AlterField(model_name="statementactivity", name="stored", field=models.DateTimeField()),
        migrations.AddIndex(
            model_name="statementagent",
            index=models.Index(
                fields=["administration", "ifi", "stored", "statement", "direct"], name="lrs_sa_ifi_stored"
            ),
        ),
        migrations.AddIndex(
            model_name="statementactivity",
            index=models.Index(
                fields=["administration", "iri", "stored", "statement", "direct"], name="lrs_sact_iri_stored"
            ),
        ),
    ]
