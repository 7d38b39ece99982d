"""Content in, a live build out: the ``ingest`` and ``check`` commands' engine.

- ``plan``: the content as it is now, and what of the live build can stay;
- ``workers``: worker processes that parse and index, whose death is always seen;
- ``parse``: the plan's files parsed, here or in workers;
- ``assemble``: joined articles, the quality report, what the build keeps;
- ``run``: ``lingodocs ingest`` from end to end;
- ``check``: ``lingodocs check`` (the report without an index).

It runs every lower stage (ingest, quality, index, search's vocabulary) and
no request ever reaches it: servers only read the builds it writes.
"""
