"""PDF/A renderers for the notice, the minutes, the annual report, the agreement and the
evaluation.

Each document has a context builder (``notice``, ``minutes``, ``annual``, ``agreement``,
``evaluation``) that reads the records and returns plain, JSON-serialisable data with the
Norwegian text already formatted in the partnership's written form (``language``), and one
template under ``templates/documents/pdf/``. ``render.render_pdf`` turns template and context into
PDF/A bytes. The context doubles as the fingerprint of what a stored PDF was made from, so a
second run with unchanged records stores nothing.
"""
