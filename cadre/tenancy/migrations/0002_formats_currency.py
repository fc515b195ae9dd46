import cadre.tenancy.models
from django.db import migrations, models


def fill_currency(apps, schema_editor):
    """Give every existing administration the legal tender of its time zone's country."""
    from cadre.core.l10n import currency_for_time_zone

    Administration = apps.get_model("tenancy", "Administration")
    for admin in Administration.objects.filter(currency="").only("pk", "time_zone"):
        admin.currency = currency_for_time_zone(admin.time_zone)
        admin.save(update_fields=["currency"])


class Migration(migrations.Migration):
    dependencies = [
        ("tenancy", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="administration",
            name="currency",
            field=models.CharField(
                blank=True,
                help_text="ISO 4217 code of the money the administration budgets in; blank: its time zone's country's.",
                max_length=3,
                validators=[cadre.tenancy.models.validate_currency],
            ),
        ),
        migrations.RunPython(fill_currency, migrations.RunPython.noop),
    ]
