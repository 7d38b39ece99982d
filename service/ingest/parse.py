"""One document: Markdown text in, a :class:`Document` out (pure: no I/O).

Front matter, then the dialect's token stream, cut into sections at each
top-level heading; each section rendered, sanitized, and read as plain text;
the HTTP method entries read as facts. Problems come back with file lines.
Admonition titles stay the dialect's English ones: pages and the API show
them in the reader's language, so no UI catalog enters a build.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from service.dialect.frontmatter import as_int, as_text, split_front_matter
from service.dialect.parser import make_parser
from service.records import Document, Problem, Section, TranslationStatus

from . import fields, methods
from .sanitize import clean, inline_plain, markdown_plain, plain, plain_of_clean
from .sources import SourceFile, content_hash

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")  # ids go into URLs as one segment
_LABEL = re.compile(r"\[!(?:UICONTROL|DNL)\s")
_LINE_BREAK = re.compile(r"\r\n?")


@cache
def parser() -> MarkdownIt:
    """The dialect's parser, made once per process."""
    return make_parser()


@dataclass(slots=True)
class Parsed:
    """A file's document (None when it could not be read as one) and its problems."""

    document: Document | None
    problems: list[Problem] = field(default_factory=list)


def parse_file(item: SourceFile) -> Parsed:
    """One source file parsed; one bad file is a problem, never a stop."""
    try:
        return parse_document(
            item.text, item.path, item.locale, source_path=item.where, field_tables=not item.version
        )
    except RecursionError:
        return Parsed(None, [Problem(item.where, 1, "nesting too deep to parse; skipped")])
    except Exception as exc:  # one bad doc never stops the rest
        reason = f"could not parse ({type(exc).__name__}: {exc}); skipped"
        return Parsed(None, [Problem(item.where, 1, reason)])


def path_id(path: str) -> str:
    """A stable, readable id for a document with no ``exl-id``."""
    stem = path.rsplit("/", 1)[-1].removesuffix(".md")
    stem = re.sub(r"[^a-z0-9-]+", "-", stem.lower()).strip("-") or "doc"
    return f"{stem}-{hashlib.sha1(path.encode('utf-8')).hexdigest()[:8]}"


def parse_document(
    text: str,
    path: str,
    locale: str,
    source_path: str | None = None,
    field_tables: bool = True,
) -> Parsed:
    """Parse ``text`` of the file at ``path`` (relative to its locale folder).

    ``source_path`` is how problems name the file (defaults to ``path``). ``field_tables``:
    read an app article's field tables (``Document.app``); an older version of a source
    file is parsed without (nothing compares them, and they are a fifth of its parse).
    """
    warn = _Warnings(source_path or path)
    digest = content_hash(text)  # of the text as given (sources' digest)
    # Lines end as markdown-it (and an editor) ends them, so that every line number agrees.
    text = _LINE_BREAK.sub("\n", text)
    fm = split_front_matter(text)
    for line, message in fm.problems:
        warn(line, message)
    meta, md = fm.meta, parser()
    env: dict[str, Any] = {"path": path, "locale": locale, "links": [], "link_lines": []}
    tokens = md.parse(fm.body, env)
    deepest = max(tokens, key=lambda t: t.level, default=None)
    if deepest is not None and deepest.level >= md.options["maxNesting"] - 2:
        warn(
            fm.body_line + (deepest.map or [0])[0] + 1,
            f"lists or quotes nested too deep (over {md.options['maxNesting'] // 2} levels); "
            "what lies deeper is not shown",
        )
    sections = _sections(tokens, md, env, fm.body_line)
    title = _title(markdown_plain(md, as_text(meta.get("title")) or "", env), sections, path, warn)
    exl_id = _exl_id(meta, text, warn)
    budget = [MAX_META_VALUES, 0]
    front = _jsonable(meta, budget)
    if budget[1]:
        warn(
            2,
            "front matter is nested too deep or too large (YAML aliases?); what lies "
            "beyond the limit is dropped",
        )
    app = None
    if field_tables and fields.is_app_article(path):
        try:
            app, found = fields.extract(
                tokens,
                md,
                env,
                path=path,
                locale=locale,
                title=title,
                exl_id=exl_id,
                line_offset=fm.body_line,
            )
        except Exception as exc:  # the document stays, without its fields
            found = [(1, f"module fields could not be read ({type(exc).__name__}); none kept")]
        for line, message in found:
            warn(line, message)
    doc = Document(
        doc_id=exl_id or path_id(path),
        locale=locale,
        path=path,
        title=title,
        description=markdown_plain(md, as_text(meta.get("description")) or "", env),
        sections=tuple(sections),
        front_matter=front,
        translation=_translation(meta),
        exl_id=exl_id,
        content_hash=digest,
        links=tuple(dict.fromkeys(env["links"])),
        link_lines=tuple((p, fm.body_line + line + 1) for p, line in env["link_lines"]),
        labels=len(_LABEL.findall(fm.body)),
        word_count=sum(len(s.text.split()) for s in sections),
        linked_words=_linked_words(tokens),
        methods=tuple(methods.extract(tokens, md, env, locale, fm.body_line)),
        exl_line=_key_line(text, "exl-id") if exl_id else 0,
        app=app,
    )
    return Parsed(doc, warn.problems)


def _linked_words(tokens: Sequence[Token]) -> int:
    """How many words of the body are the text of a Markdown link (``index.priors``
    tells a contents page by it)."""
    count = 0
    for token in tokens:
        depth = 0
        for child in token.children or ():
            if child.type == "link_open":
                depth += 1
            elif child.type == "link_close":
                depth = max(0, depth - 1)
            elif depth and child.type in ("text", "code_inline"):
                count += len(child.content.split())
    return count


class _Warnings:
    """The problems of one file (its path named in each), all of them warnings: the
    file is still ingested."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: list[Problem] = []

    def __call__(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.where, line, message, "warning"))


def _title(title: str, sections: list[Section], path: str, warn: _Warnings) -> str:
    """The front matter's title (its plain text), else the first ``# `` heading, else
    the file's name."""
    if not title:
        title = next((s.heading for s in sections if s.level == 1), "")
    if not title:
        warn(
            1,
            "document has no title (no front matter title and no '# ' heading); its "
            "file name is used",
        )
        title = plain(path.rsplit("/", 1)[-1].removesuffix(".md"))
    return title


def _exl_id(meta: dict[str, Any], text: str, warn: _Warnings) -> str | None:
    """The ``exl-id`` when it can be one URL segment, else None (and a problem)."""
    exl_id = as_text(meta.get("exl-id"))
    if exl_id is not None and not _ID.fullmatch(exl_id):
        warn(
            _key_line(text, "exl-id") or 1,
            f"exl-id {exl_id[:60]!r} is not an id (letters, digits, '-', '_', '.'); the "
            "document gets an id from its path",
        )
        return None
    return exl_id


def _translation(meta: dict[str, Any]) -> TranslationStatus:
    """What the front matter says of the translation (its freshness is the join's)."""
    workflow = as_text(meta.get("workflow-type")) or ""
    commit = as_text(meta.get("source-git-commit"))
    return TranslationStatus(
        machine_translated="mt" in re.split(r"[^a-z]+", workflow.lower()),
        human_translated_percent=as_int(meta.get("ht-degree")),
        source_commit=plain(commit) if commit is not None else None,
        source_wordcount=as_int(meta.get("source-wordcount")),
    )


def _key_line(text: str, key: str) -> int:
    m = re.search(rf"^{re.escape(key)}\s*:", text[:20000], re.MULTILINE)
    return text.count("\n", 0, m.start()) + 1 if m else 0


def _sections(
    tokens: Sequence[Token], md: MarkdownIt, env: dict[str, Any], line_offset: int
) -> list[Section]:
    """Cut at each heading outside any container; render and read each piece."""
    cuts: list[int] = []
    depth = 0
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and depth == 0:
            cuts.append(i)
        depth += tok.nesting
    if not cuts or cuts[0] != 0:
        cuts.insert(0, 0)
    sections = []
    for n, start in enumerate(cuts):
        stop = cuts[n + 1] if n + 1 < len(cuts) else len(tokens)
        piece = tokens[start:stop]
        if not piece:
            continue
        html = clean(md.renderer.render(piece, md.options, env))
        head = piece[0]
        if head.type == "heading_open":
            inline = piece[1] if len(piece) > 1 and piece[1].type == "inline" else None
            heading, anchor, level = (
                inline_plain(md, inline, env) if inline else "",
                str(head.attrGet("id") or ""),
                int(head.tag[1]),
            )
        else:
            heading, anchor, level = "", "", 0
        text = plain_of_clean(html)
        line = line_offset + head.map[0] + 1 if head.map else 0
        sections.append(
            Section(heading=heading, anchor=anchor, level=level, text=text, html=html, line=line)
        )
    return sections


MAX_META_VALUES = 10_000  # YAML aliases can make a small front matter huge or cyclic
MAX_META_DEPTH = 32


def _jsonable(value: Any, budget: list[int] | None = None, depth: int = 0) -> Any:
    """Front matter as plain JSON values, cut short (``budget[1]`` set) past the limits."""
    budget = budget if budget is not None else [MAX_META_VALUES, 0]
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_META_DEPTH:
        budget[1] = 1
        return None
    if isinstance(value, dict):
        return {str(k): _jsonable(v, budget, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v, budget, depth + 1) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)  # dates and other YAML scalars
