"""The dialect's parser: markdown-it-py with every rule of the package (see its
docstring), and raw HTML's images, links and labels rewritten."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common import normalize_url
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .alerts import alerts_plugin
from .anchors import anchors_plugin
from .collapsible import collapsible_plugin
from .images import html_images
from .labels import labels_in_html, labels_plugin
from .links import html_links, links_plugin

__all__ = ["make_parser"]


_RENDERED = "lingodocs-html"  # a raw HTML token's rendering, kept in its meta


def _html_block(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Raw HTML with its images, links and labels rewritten; kept on the token, since
    an app article's field tables render again what its sections rendered (the same
    document's tokens: the same path and locale, which is all the rewriting reads)."""
    token = tokens[idx]
    key = (env.get("path"), env.get("locale")) if isinstance(env, dict) else None
    found = token.meta.get(_RENDERED)
    if found is not None and found[0] == key:
        return str(found[1])
    html = labels_in_html(html_links(html_images(token.content, env), env))
    token.meta[_RENDERED] = (key, html)
    return html


def make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "typographer": False})
    md.enable(["table", "strikethrough"])
    for plugin in (labels_plugin, alerts_plugin, anchors_plugin, collapsible_plugin, links_plugin):
        md.use(plugin)
    md.add_render_rule("html_block", _html_block)
    md.add_render_rule("html_inline", _html_block)
    # markdown-it's hook for link destinations, pure (mdurl's parse, encode, format) and
    # asked again for every link to the same page: the docs link the same few hundred
    # pages thousands of times.
    md.normalizeLink = lru_cache(maxsize=8192)(normalize_url.normalizeLink)  # type: ignore[method-assign]
    return md
