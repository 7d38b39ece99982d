"""Records in, findings out: how far each translation is from its source.

- ``findings``: the one record of a thing wrong, its severities and id;
- ``freshness``: outdated, missing and orphaned translations, word counts;
- ``facts``: method facts (methods, idempotency, status codes) and numbers;
- ``structure``: headings, UI labels, links;
- ``alignment``: which section and sentence of a translation says what the source's does;
- ``figures``: numbers read alike in every language (10,000 = 10 000, 3 PM = 15 h);
- ``report``: all of it for a build, and the finding ids put on the records.
"""
