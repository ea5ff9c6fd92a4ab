"""Seed the retention periods (L10) with the defaults docs/privacy.md explains. Operators
change months, basis and action in the admin; a later run of this migration (a reload after a
test flush) leaves an existing row as the operators left it."""

from django.db import migrations

PERIODS = [
    # kind, name, months, counted from, legal basis, action, note
    ("absence_reason", "Årsak til forfall", 12, "møtedatoen",
     "GDPR art. 6 nr. 1 bokstav e; kommuneloven § 8-1 (møteplikt, gyldig forfall)", "erase",
     "At noen hadde forfall, står i møteboka. Årsaken trengs bare til innkalling av vara."),
    ("contact_details", "Kontaktopplysninger (e-post)", 6, "siste verv ble avsluttet",
     "GDPR art. 6 nr. 1 bokstav e; kommuneloven kap. 11 (innkalling)", "erase",
     "Navn og tittel beholdes: de står i godkjente møtebøker og i oversikten over verv."),
    ("account", "Pålogging (konto, SSO-identitet, API-nøkler, totrinnsenheter)", 3,
     "siste verv ble avsluttet", "GDPR art. 6 nr. 1 bokstav e og art. 32 (sikkerhet)", "erase",
     "Kontoen stenges og anonymiseres; den slettes ikke, så revisjonsloggen henger sammen."),
    ("guest_name", "Gjesters navn i invitasjoner", 12, "møtedatoen",
     "GDPR art. 6 nr. 1 bokstav e; partnerskapsavtalen (A13)", "pseudonymise",
     "Gjester som står i en godkjent møtebok, beholder navnet (L4, L9)."),
    ("mail_log", "E-postlogg (mottakeradresse)", 24, "e-posten ble lagt i kø",
     "GDPR art. 6 nr. 1 bokstav e og art. 5 nr. 2 (ansvar)", "pseudonymise",
     "Raden beholdes uten adresse, så en ny kjøring aldri sender samme e-post to ganger."),
    ("roles", "Verv og utvalgsmedlemskap", None, "–",
     "kommuneloven § 11-4 (møtebok); arkivlova § 6", "keep",
     "Hvem som hadde hvilket verv, er offentlig og arkivverdig."),
    ("attendance", "Oppmøte og møteledelse", None, "–",
     "kommuneloven § 11-4 (møtebok); arkivlova § 6", "keep",
     "Står i møteboka; arkivet beholder den (L9)."),
    ("votes", "Stemmegivning", None, "–",
     "kommuneloven § 11-4 (møtebok); arkivlova § 6", "keep",
     "Stemmer avgis per part og står i møteboka."),
    ("audit_log", "Revisjonslogg", None, "–",
     "GDPR art. 5 nr. 2 og art. 32; arkivlova § 6", "keep",
     "Loggen endres aldri; en stengt konto vises med sitt anonyme navn."),
]


def load(apps, schema_editor):
    RetentionPeriod = apps.get_model("privacy", "RetentionPeriod")
    for kind, name, months, counted_from, basis, action, note in PERIODS:
        RetentionPeriod.objects.get_or_create(
            kind=kind,
            defaults={"name": name, "months": months, "counted_from": counted_from,
                      "legal_basis": basis, "action": action, "note": note},
        )


def unload(apps, schema_editor):
    apps.get_model("privacy", "RetentionPeriod").objects.filter(
        kind__in=[p[0] for p in PERIODS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
