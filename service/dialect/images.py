"""Images written as raw HTML (``<img src="assets/x.png">``), pointed where the service
serves them.

Markdown images are rewritten by ``links`` (``![alt](assets/x.png)`` →
``/{locale}/assets/help/…/assets/x.png``); the docs also write ``<img>`` tags
in raw HTML, whose relative ``src`` a browser would resolve against the
article's page URL and miss. This does the same for them, before the
sanitizer sees the HTML (which keeps ``src`` and ``alt`` and drops the rest
it does not allow).
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any
from urllib.parse import quote

from .links import resolve

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r"""(\ssrc\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


def asset_url(locale: str, path: str) -> str:
    """Where the service serves the content file at ``path`` (its locale folder's)."""
    return f"/{locale}/assets/{quote(path)}"


def html_images(html: str, env: Any) -> str:
    """``html`` with each relative ``<img src>`` resolved against the document's path."""
    if "<img" not in html.lower() or not isinstance(env, dict):
        return html
    doc_path, locale = str(env.get("path", "")), str(env.get("locale", "en"))

    def src(m: re.Match[str]) -> str:
        value = unescape(m.group(2).strip("\"'"))
        if not value or _SCHEME.match(value) or value.startswith(f"/{locale}/assets/"):
            return m.group(0)
        resolved = resolve(doc_path, value.partition("?")[0].partition("#")[0])
        return m.group(0) if resolved is None else f'{m.group(1)}"{asset_url(locale, resolved)}"'

    return _IMG.sub(lambda m: _SRC.sub(src, m.group(0), count=1), html)
