"""Records in, a build on disk; a build opened again for serving.

- ``analysis``: per-language analyzers (stemmer, stop words, accents folded first);
- ``schema``: the Whoosh schema and each document's one entry;
- ``store``: the build's SQLite document store (documents, parse cache, findings);
- ``builds``: the build directories (layout, manifest, lock, writer);
- ``internals``: the Whoosh 2.7 private calls, all in one place;
- ``catalog``: an opened build with its lookups;
- ``live``: the catalog being served, swapped when a new build appears.
"""
