"""Lingodocs: multilingual documentation, ingested, indexed, served and checked.

The subpackages are the stages, and imports flow one way down them
(``docs/architecture.md``; ``pyproject.toml`` holds the rules that a test
enforces): ``dialect`` → ``ingest`` → ``quality`` → ``index`` → ``search`` →
``pipeline`` | ``web``; ``records`` and ``settings`` beneath all of them,
``i18n`` at the edges, ``app`` and ``cli`` on top.
"""
