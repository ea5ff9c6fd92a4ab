"""The retention period of public subscriptions (L10, docs/privacy.md): a confirmed one is
kept until the subscriber unsubscribes (the row is deleted then); a sign-up not confirmed is
deleted by the sweep when its link has expired (seven days), at the latest after the period."""

from django.db import migrations


def load(apps, schema_editor):
    RetentionPeriod = apps.get_model("privacy", "RetentionPeriod")
    RetentionPeriod.objects.get_or_create(
        kind="subscription",
        defaults={
            "name": "Abonnement på e-post (adresse og hva den følger)",
            "months": 1,
            "counted_from": "påmeldingen (ubekreftet påmelding); bekreftet abonnement varer til avmelding",
            "legal_basis": "GDPR art. 6 nr. 1 bokstav a (samtykke, bekreftet med lenke)",
            "action": "erase",
            "note": "Avmelding sletter adressen med en gang. En ubekreftet påmelding slettes "
            "når bekreftelseslenken er utløpt (7 dager), og senest etter perioden.",
        },
    )


def unload(apps, schema_editor):
    apps.get_model("privacy", "RetentionPeriod").objects.filter(kind="subscription").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("subscriptions", "0001_initial"),
        ("privacy", "0002_retention_defaults"),
    ]
    operations = [migrations.RunPython(load, unload)]
