"""Ingest baseline: bare Whoosh indexing of the corpus's plain text, no Markdown work.

Same per-language analyzers as the service (bench.inprocess.analyzer_for), same
writer settings; front matter split off with a string search, the body indexed
as it is. Run as a process so interpreter start-up counts on both sides:

    python -m bench.bare_ingest --content DIR --index DIR
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from typing import Any

from bench.inprocess import analyzer_for

TITLE_RE = re.compile(r"^title:\s*(.*)$", re.M)


def language_of(folder: str) -> str:
    return folder.split("-")[0].split("_")[0].lower()


def schema(languages: list[str]) -> Any:
    from whoosh.fields import ID, TEXT, Schema

    fields: dict[str, Any] = {
        "key": ID(unique=True, stored=True),
        "locale": ID(stored=True),
    }
    for lang in languages:
        fields[f"title_{lang}"] = TEXT(analyzer=analyzer_for(lang), field_boost=4.0)
        fields[f"body_{lang}"] = TEXT(analyzer=analyzer_for(lang), phrase=True)
    return Schema(**fields)


def split_front(text: str) -> tuple[str, str]:
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            return text[4:end], text[end + 4 :]
    return "", text


def build(content: Path, index: Path) -> int:
    from whoosh import index as whoosh_index

    folders = sorted(p for p in content.iterdir() if p.is_dir() and not p.name.startswith("."))
    languages = sorted({language_of(p.name) for p in folders})
    index.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(index), schema(languages))
    writer = ix.writer(limitmb=256)
    count = 0
    for folder in folders:
        lang = language_of(folder.name)
        for path in sorted(folder.rglob("*.md")):
            front, body = split_front(path.read_text(encoding="utf-8", errors="replace"))
            match = TITLE_RE.search(front)
            writer.add_document(
                key=f"{folder.name}|{path.relative_to(folder)}",
                locale=lang,
                **{f"title_{lang}": match.group(1) if match else "", f"body_{lang}": body},
            )
            count += 1
    writer.commit()
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="bare Whoosh ingest baseline")
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--index", type=Path, required=True)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    count = build(args.content, args.index)
    print(f"bare-whoosh: {count} files indexed in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
