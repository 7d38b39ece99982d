"""A build in, ranked hits out: what people type, in their own language.

- ``query``: the query syntax and its limits;
- ``spelling``: each language's vocabulary and the corrections of typos;
- ``scoring``: word queries scored from whole posting lists (BM25F, as Whoosh);
- ``searcher``: one build searched in one language;
- ``highlight``: a hit's best section and its snippet;
- ``results``: a page of results in the reader's language, the source language after it.
"""
