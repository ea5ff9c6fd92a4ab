"""PostgreSQL: the entry's adjacent word pairs, so a phrase of common words is one GIN lookup.

``word_pairs`` is a stored generated column: for every two lexemes of ``document`` at adjacent
positions (title and text concatenated exactly as in ``document``, so the positions are the
same), a 32-bit hash of «first second», taken from MD5 so it never changes between PostgreSQL
versions. A phrase can only match an entry holding all of the phrase's own pairs, so the
back end looks a phrase up in this column's GIN index and then checks the positions in
``document`` (``<->``); a hash collision only adds a candidate the check removes.

Adding the column rewrites the table and fills it (no separate backfill); on SQLite nothing
changes (FTS5 keeps positions in its own index).
"""

from django.db import migrations

POSTGRES = [
    """
    CREATE FUNCTION search_word_pairs(document tsvector) RETURNS integer[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT
            ('x' || left(md5(a.lexeme || ' ' || b.lexeme), 8))::bit(32)::integer), '{}')
        FROM (SELECT lexeme, unnest(positions) AS pos FROM unnest(document)) AS a
        JOIN (SELECT lexeme, unnest(positions) AS pos FROM unnest(document)) AS b
            ON b.pos = a.pos + 1
    $$
    """,
    """
    ALTER TABLE search_searchentry ADD COLUMN word_pairs integer[] GENERATED ALWAYS AS (
        search_word_pairs(
            to_tsvector('norwegian'::regconfig, title) || to_tsvector('norwegian'::regconfig, body)
        )
    ) STORED
    """,
    "CREATE INDEX search_searchentry_word_pairs_gin ON search_searchentry USING gin (word_pairs)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_searchentry_word_pairs_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS word_pairs",
    "DROP FUNCTION IF EXISTS search_word_pairs(tsvector)",
]


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES}),
            _run({"postgresql": POSTGRES_REVERSE}),
            elidable=False,
        ),
    ]
