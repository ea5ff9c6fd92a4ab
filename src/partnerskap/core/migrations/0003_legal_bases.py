"""Seed the maintained list of legal bases (L3, L8). The wording of kommuneloven § 11-5 (3)
was not verified against Lovdata; the secretariat can correct the descriptions as data."""

from django.db import migrations

BASES = [
    ("kl-11-5-2-a", "kommuneloven § 11-5 andre ledd bokstav a", "meeting", True,
     "Møtet skal lukkes når det behandles en sak som gjelder en arbeidstakers tjenstlige forhold."),
    ("kl-11-5-2-b", "kommuneloven § 11-5 andre ledd bokstav b", "meeting", True,
     "Møtet skal lukkes når det behandles opplysninger som er underlagt lovbestemt taushetsplikt."),
    ("kl-11-5-3-a", "kommuneloven § 11-5 tredje ledd bokstav a", "meeting", False,
     "Møtet kan lukkes når hensynet til personvern krever det."),
    ("kl-11-5-3-b", "kommuneloven § 11-5 tredje ledd bokstav b", "meeting", False,
     "Møtet kan lukkes når hensynet til tungtveiende offentlige interesser krever det."),
    ("offl-13", "offentleglova § 13", "document", True,
     "Opplysninger som er underlagt teieplikt i lov eller i medhold av lov, er unntatt frå innsyn."),
    ("offl-14", "offentleglova § 14", "document", False,
     "Organinterne dokument kan unntakast frå innsyn."),
    ("offl-15", "offentleglova § 15", "document", False,
     "Dokument innhenta utanfrå for den interne saksførebuinga kan unntakast frå innsyn."),
]


def load(apps, schema_editor):
    LegalBasis = apps.get_model("core", "LegalBasis")
    for code, reference, applies_to, mandatory, description in BASES:
        LegalBasis.objects.update_or_create(
            code=code,
            defaults={"reference": reference, "applies_to": applies_to, "mandatory": mandatory,
                      "description": description},
        )


def unload(apps, schema_editor):
    apps.get_model("core", "LegalBasis").objects.filter(code__in=[b[0] for b in BASES]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_legal_basis")]
    operations = [migrations.RunPython(load, unload)]
