"""Links and images: repo links to ``.md`` files point at the service's pages.

``/help/…/x.md#a`` and ``../x.md`` are resolved against the document's own
path and rewritten to ``/{locale}/path/help/…/x.md#a``, a route that
redirects to the article's page; the ingest later replaces each one it can
resolve with the article's own URL. Relative images are served from
``/{locale}/assets/…``. External URLs are left alone (the sanitizer still
decides which schemes may stay).
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote, unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
DOC_LINK_PREFIX = "path/"


def resolve(doc_path: str, target: str) -> str | None:
    """Repo-relative path of ``target`` seen from ``doc_path``; None if outside."""
    target = unquote(target)
    joined = (
        target.lstrip("/")
        if target.startswith("/")
        else posixpath.join(posixpath.dirname(doc_path), target)
    )
    norm = posixpath.normpath(joined)
    if norm.startswith("..") or norm.startswith("/") or norm == ".":
        return None
    return norm


def links_rule(state: StateCore) -> None:
    env = state.env if isinstance(state.env, dict) else {}
    doc_path = str(env.get("path", ""))
    locale = str(env.get("locale", "en"))
    found: list[str] = env.setdefault("links", []) if isinstance(state.env, dict) else []
    for block in state.tokens:
        for token in block.children or ():
            if token.type == "link_open":
                href = str(token.attrGet("href") or "")
                if _SCHEME.match(href) or href.startswith(("#", "//")):
                    continue
                path, _, frag = href.partition("#")
                if not path.endswith(".md"):
                    continue
                resolved = resolve(doc_path, path)
                if resolved is None:
                    continue
                found.append(resolved)
                new = f"/{locale}/{DOC_LINK_PREFIX}{quote(resolved)}"
                token.attrSet("href", new + (f"#{frag}" if frag else ""))
            elif token.type == "image":
                src = str(token.attrGet("src") or "")
                if _SCHEME.match(src) or src.startswith("//") or not src:
                    continue
                resolved = resolve(doc_path, src)
                if resolved is not None:
                    token.attrSet("src", f"/{locale}/assets/{quote(resolved)}")


def links_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("exl_links", links_rule)
