"""The frame every page shares: its language, translations, notices, caching.

``/{locale}/…`` is the page's language: its UI strings come from that
locale's message catalog, its content from the build. Every page sets
``<html lang>``, lists its translations (switcher and ``hreflang`` links),
and says in one notice (:mod:`.notices`) what applies to what it shows: a
fallback, a machine translation, an outdated one, findings. Its name is
:func:`site_name`. Responses carry the API's caching headers (strong ETag,
``Vary: Accept-Language``); the edge adds the security headers to every
HTML response. Templates extend ``base.html`` (blocks ``title``, ``head``
and ``content``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from service.i18n.locales import display_name, language_of
from service.index.catalog import Catalog

from ..deps import cacheable, choose, settings_of
from ..errors import Moved, NotFound
from ..httpcache import etag_for
from .notices import Notice, combined, reader_notice
from .static import static_url
from .templates import environment

HTML = "text/html; charset=utf-8"


@dataclass(frozen=True, slots=True)
class Alternate:
    locale: str
    name: str  # the language's own name
    url: str


@dataclass(frozen=True, slots=True)
class Versions:
    """An article's versions as a page links them."""

    available: list[str]  # locales it is in
    x_default: str  # the URL for readers of no listed language
    original: tuple[str, str] | None  # (url, locale) of the source, when another is shown


def versions(catalog: Catalog, doc_id: str, shown: str, url_for: Callable[[str], str]) -> Versions:
    """The versions of article ``doc_id`` when its ``shown`` locale is on the page."""
    available = [e.locale for e in catalog.translations_of(doc_id)]
    source = catalog.source_locale if catalog.source_locale in available else None
    original = (url_for(source), source) if source and shown != source else None
    return Versions(available, url_for(source or available[0]), original)


def page_locale(catalog: Catalog, locale: str) -> str:
    """``locale`` when the content has it; another spelling of one it has (``FR``,
    ``fr-CA``, ``fr_FR``) moves there (308); else a 404 that lists the languages."""
    if locale not in catalog.locales:
        if _TAG.fullmatch(locale) and (canonical := language_of(locale)) in catalog.locales:
            raise Moved(locale, canonical)
        raise NotFound(f"no pages in '{locale[:40]}'; languages: {', '.join(catalog.locales)}")
    return locale


_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
FALLBACK_SITE_NAME = "Lingodocs"


def site_name(configured: str | None, catalog: Catalog | None, locale: str) -> str:
    """The site's name in the header and ``<title>``: ``LINGODOCS_SITE_NAME`` when set, else
    the guide's title in the page's language's TOC, else the source language's, else
    "Lingodocs"."""
    if configured:
        return configured
    if catalog is not None:
        for loc in (locale, catalog.source_locale):
            titled = [t.title for t in catalog.navigation.get(loc, ()) if t.title]
            if titled:
                return titled[0]
    return FALLBACK_SITE_NAME


def render(
    locale: str,
    template: str,
    *,
    current: str,
    built: str | None,
    home: str,
    search_url: str | None,
    site: str,
    alternates: Sequence[Alternate] = (),
    x_default: str | None = None,
    canonical: str | None = None,
    public_url: str = "",
    notices: Sequence[Notice] = (),
    q: str = "",
    header_search: bool = True,
    watching: str | None = None,
    **context: Any,
) -> bytes:
    """``template`` in ``locale``, in the frame (error pages too). The head's ``hreflang``
    and canonical links are put under ``public_url`` (absolute), the body's stay
    root-relative. ``watching``: the build id the page is made from, when the server
    runs with ``--watch`` (the page then loads its reload script)."""
    return (
        environment(locale)
        .get_template(template)
        .render(
            lang=locale,
            alternates=alternates,
            x_default=x_default,
            canonical=canonical,
            public_url=public_url,
            current=current,
            notice=combined(notices),
            site_name=site,
            static=static_url,
            built=built,
            home=home,
            search_url=search_url,
            q=q,
            header_search=header_search,
            watching=watching,
            **context,
        )
        .encode("utf-8")
    )


def page(
    request: Request,
    catalog: Catalog,
    locale: str,
    template: str,
    *,
    available: Sequence[str],
    url_for: Callable[[str], str],
    x_default: str,
    what: str = "page",
    notices: Sequence[Notice] = (),
    memo_key: tuple[Any, ...] | None = None,
    header_search: bool = True,
    **context: Any,
) -> Response:
    """Render ``template`` in ``locale`` inside the frame every page shares.

    ``available`` are the locales the page exists in, ``url_for(locale)`` its
    address in each; the switcher, the ``hreflang`` links, the canonical link
    and the fallback notice come from them (the links in the head absolute
    under ``LINGODOCS_PUBLIC_URL`` when it is set). A page has one search form: the
    header's, unless ``header_search`` is False (the search page has its own). With
    ``memo_key`` (from :func:`remembered`) the body is kept for the build's lifetime.
    """
    notes = list(notices)
    if not any(n.kind == "fallback" for n in notes):
        found = reader_notice(request, catalog, locale, available, what)
        if found is not None:
            notes.insert(0, found)
    settings = settings_of(request)
    body = render(
        locale,
        template,
        current=request.url.path,
        built=catalog.created,
        home=f"/{locale}/",
        search_url=f"/{locale}/search",
        site=site_name(settings.site_name, catalog, locale),
        alternates=[Alternate(loc, display_name(loc), url_for(loc)) for loc in sorted(available)],
        x_default=x_default,
        # a page shown in another language than its own (a fallback) is that version's copy
        canonical=url_for(locale) if locale in available else x_default,
        public_url=settings.public_url or "",
        notices=notes,
        header_search=header_search,
        watching=catalog.build_id if settings.watch else None,
        **context,
    )
    etag = etag_for(catalog.build_id, body)
    if memo_key is not None:
        catalog.memo.put(memo_key, (body, etag))
    return respond(request, body, etag, locale)


def respond(request: Request, body: bytes, etag: str, locale: str) -> Response:
    return cacheable(request, body, locale, etag=etag, media_type=HTML)


def remembered(
    request: Request, catalog: Catalog, locale: str, *reads: Any
) -> tuple[tuple[Any, ...], Response | None]:
    """A page already rendered for this build, URL and reader, and the key to keep it under.

    A page depends on its path, on the query parameters its route reads
    (``reads``: their values, never the raw query string, which a client can vary
    without end: ``?utm=1``, ``?utm=2``…) and on whether the reader is sent here as
    a fallback (the notice, by the requested language: one of Babel's). Its links
    are root-relative: no Host header ends up in a body a shared cache keeps.
    """
    choice = choose(request, catalog)
    fallback = choice.requested if choice.fallback and choice.locale == locale else None
    key = ("page", request.url.path, reads, fallback)
    found = catalog.memo.get(key)
    if found is None:
        return key, None
    return key, respond(request, found[0], found[1], locale)
