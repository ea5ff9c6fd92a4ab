"""The full-text part of the search index, per database (the model does not know it).

PostgreSQL: a stored generated tsvector (``norwegian``; title weight A, body B) and a GIN index.
SQLite: an FTS5 table of Norwegian stems (written by the indexer, keyed by the entry's id) and a
trigger that removes a row's stems whenever the entry is deleted, however it is deleted.
"""

from django.db import migrations

POSTGRES = [
    """
    ALTER TABLE search_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('norwegian'::regconfig, title), 'A')
        || setweight(to_tsvector('norwegian'::regconfig, body), 'B')
    ) STORED
    """,
    "CREATE INDEX search_searchentry_document_gin ON search_searchentry USING gin (document)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_searchentry_document_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
]
SQLITE = [
    """
    CREATE VIRTUAL TABLE search_searchentry_fts USING fts5(
        title, body, tokenize = 'unicode61 remove_diacritics 0'
    )
    """,
    """
    CREATE TRIGGER search_searchentry_fts_delete AFTER DELETE ON search_searchentry
    BEGIN
        DELETE FROM search_searchentry_fts WHERE rowid = old.id;
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_searchentry_fts_delete",
    "DROP TABLE IF EXISTS search_searchentry_fts",
]


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
            elidable=False,
        ),
    ]
