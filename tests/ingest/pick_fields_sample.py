"""Pick the modules of the judged field sample (``tests/data/fields_sample.tsv``).

Run once; a person then reads each picked module's table in the article and
writes its field labels in the sample. The pick does not use the extractor it
judges: a module is any heading of level 3 or more (or a ``+++`` block) below
an app article's "… fields" section heading, with a table before the next
heading, in any of the four languages::

    .venv/bin/python -m tests.ingest.pick_fields_sample > /tmp/picked.tsv
"""

from __future__ import annotations

import random
import re
import sys

from tests.conftest import CORPUS

SEED = 15
SIZE = 30
FOLDERS = {"en": "en", "fr": "fr-FR", "nl": "nl-NL", "sv": "sv-SE"}
APPS = "help/workfront-fusion/references/apps-and-modules"
FIELDS_HEADING = re.compile(r"^## .*(fields|champs|velden|gebieden|fält|områden)", re.IGNORECASE)


def candidates() -> list[tuple[str, str, int, str, bool]]:
    """(locale, path, file line of the module's heading, its text, whether it lies in an
    HTML comment, so is not shown), in a fixed order."""
    found = []
    for locale, folder in FOLDERS.items():
        for file in sorted((CORPUS / folder / APPS).rglob("*.md")):
            lines = file.read_text(encoding="utf-8").split("\n")
            inside, pending, hidden = False, None, False
            for n, line in enumerate(lines, 1):
                starts_hidden = hidden
                if "<!--" in line or "-->" in line:
                    hidden = line.rfind("<!--") > line.rfind("-->")
                if line.startswith("## ") or line.startswith("# "):
                    inside, pending = bool(FIELDS_HEADING.match(line)), None
                elif inside and (re.match(r"^#{3,6} ", line) or line.startswith("+++ ")):
                    pending = (n, line, starts_hidden)
                elif inside and pending and re.search(r"<table|^\s*\|", line):
                    rel = str(file.relative_to(CORPUS / folder))
                    found.append((locale, rel, pending[0], pending[1].strip(), pending[2]))
                    pending = None
    return found


def main() -> None:
    # Drawn in a fixed random order; modules inside an HTML comment (not shown) are passed
    # over. random.sample's first picks do not depend on how many are asked for here.
    drawn = random.Random(SEED).sample(candidates(), 2 * SIZE)
    picked = [c[:4] for c in drawn if not c[4]][:SIZE]
    for locale, path, line, heading in sorted(picked):
        sys.stdout.write(f"{locale}\t{path}\t{line}\t{heading}\n")


if __name__ == "__main__":
    main()
