"""Content in, records out: the source files read, parsed and joined across languages.

- ``sources``: the content directory → source files (one bad file is a problem);
- ``parse``: one file → a :class:`~service.records.Document` (pure);
- ``sanitize``: the one HTML sanitizer (nh3) of every fragment;
- ``methods`` with ``lexicon`` and ``sentences``: HTTP method entries read as facts;
- ``fields`` with ``tables``: an app article's modules and their field tables as an
  :class:`~service.records.App` (read by ``parse``);
- ``history``: when each source article changed (a history file or git);
- ``join``: documents → articles across locales, and their method records;
  ``apps``: each translation's app given its source's ids.

Nothing here writes anything: :mod:`service.pipeline` runs these steps and
the index stage keeps what they make.
"""
