"""The retention periods' seeded basis and notes without rule IDs («(A13)», «(L4, L9)»): the
privacy pages show them to secretariats, who read words, not the rule table. Only a text still
as seeded is changed; one an operator edited is left as it is."""

from django.db import migrations

CHANGES = [
    # kind, field, as seeded, in words
    ("guest_name", "legal_basis", "GDPR art. 6 nr. 1 bokstav e; partnerskapsavtalen (A13)",
     "GDPR art. 6 nr. 1 bokstav e; partnerskapsavtalen (gjester i møtene)"),
    ("guest_name", "note", "Gjester som står i en godkjent møtebok, beholder navnet (L4, L9).",
     "Gjester som står i en godkjent møtebok, beholder navnet der; arkivet tar vare på den."),
    ("attendance", "note", "Står i møteboka; arkivet beholder den (L9).",
     "Står i møteboka; arkivet beholder den."),
]


def forward(apps, schema_editor):
    RetentionPeriod = apps.get_model("privacy", "RetentionPeriod")
    for kind, field, seeded, words in CHANGES:
        RetentionPeriod.objects.filter(kind=kind, **{field: seeded}).update(**{field: words})


def backward(apps, schema_editor):
    RetentionPeriod = apps.get_model("privacy", "RetentionPeriod")
    for kind, field, seeded, words in CHANGES:
        RetentionPeriod.objects.filter(kind=kind, **{field: words}).update(**{field: seeded})


class Migration(migrations.Migration):
    dependencies = [("privacy", "0002_retention_defaults")]
    operations = [migrations.RunPython(forward, backward)]
