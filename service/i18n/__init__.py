"""Languages at the edges: locale tags and negotiation (Babel), the UI's message catalogs.

- ``locales``: the one ``language_of``, folder tags, Accept-Language negotiation, names;
- ``catalogs``: the UI strings through gettext, from the compiled ``locales/`` catalogs;
- ``formats``: dates and numbers in the reader's locale.

Only the edges use it: ``ingest`` reads folder tags with ``locales``; ``web``
negotiates and translates. Inner stages receive a plain language code, and
mark the UI strings they name with :func:`N_`.
"""


def N_(message: str) -> str:
    """Mark a string for ``pybabel extract``; it is translated where it is shown."""
    return message
