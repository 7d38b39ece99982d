"""HTML pages: home, method help, articles and search, in every content locale.

``/{locale}/…`` is the page's language: its UI strings come from the gettext
catalog of that locale (:mod:`service.i18n`), its content from the index.
Every page sets ``<html lang>``, lists its translations (switcher and
``hreflang`` links), and says so when it shows a fallback, a machine
translation or an outdated one. Responses carry the API's caching headers
(strong ETag, ``Vary: Accept-Language``) plus a strict CSP: pages run no
script and load nothing from elsewhere.

Other page modules reuse :func:`page` and ``base.html`` (blocks ``title``,
``head`` and ``content``).
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Query, Request
from starlette.responses import RedirectResponse, Response

from . import languages
from .api import catalog_of, doc_entry, negotiate, pick, run_search, settings_of, translations_of
from .catalog import Catalog
from .dialect.alerts import TITLES
from .errors import InvalidQuery, NotFound, ServiceError
from .httpcache import VARY, conditional, etag_for, matches
from .i18n import N_, environment, gettext_for, ui_locales
from .records import Document, MethodRecord, TranslationStatus, doc_url
from .search import MAX_OFFSET

HTML = "text/html; charset=utf-8"
STATIC = Path(__file__).resolve().parent / "static"
PER_PAGE = 10
MEMO_LIMIT = 10_000
SECURITY = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}

router = APIRouter(include_in_schema=False)
GET = ["GET", "HEAD"]


@dataclass(frozen=True, slots=True)
class Notice:
    kind: str  # "fallback", "machine", "outdated"
    text: str
    lang: str | None = None  # set when the notice is not in the page's language
    link: tuple[str, str] | None = None  # (url, label)


@dataclass(frozen=True, slots=True)
class Alternate:
    locale: str
    name: str  # the language's own name
    url: str


# --- static files ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Static:
    body: bytes
    etag: str
    media_type: str


def _load_static(folder: Path = STATIC) -> dict[str, _Static]:
    files = {}
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.is_file() and not path.name.startswith("."):
            body = path.read_bytes()
            media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if media.startswith("text/") or media == "application/javascript":
                media += "; charset=utf-8"
            digest = hashlib.blake2b(body, digest_size=8).hexdigest()
            files[path.name] = _Static(body, f'"{digest}"', media)
    return files


_STATIC_FILES = _load_static()


def static_url(name: str) -> str:
    """``/static/style.css?v=…``: the version changes with the bytes, so it may be kept a year."""
    found = _STATIC_FILES.get(name)
    return f"/static/{name}?v={found.etag.strip(chr(34))[:10]}" if found else f"/static/{name}"


@router.api_route("/static/{name}", methods=GET)
async def static(request: Request, name: str) -> Response:
    found = _STATIC_FILES.get(name)
    if found is None:
        raise NotFound(f"no static file '{name[:80]}'")
    headers = {
        "ETag": found.etag,
        "Cache-Control": "public, max-age=31536000, immutable",
        "X-Content-Type-Options": "nosniff",
    }
    inm = request.headers.get("if-none-match")
    if inm is not None and matches(inm, found.etag):
        return Response(status_code=304, headers=headers)
    return Response(found.body, media_type=found.media_type, headers=headers)


# --- the page frame -------------------------------------------------------------------------


def _locale(catalog: Catalog, locale: str) -> str:
    if locale not in catalog.locales:
        raise NotFound(f"no pages in '{locale[:40]}'; languages: {', '.join(catalog.locales)}")
    return locale


def reader_notice(
    request: Request, catalog: Catalog, locale: str, available: Sequence[str], what: str = "page"
) -> Notice | None:
    """The reader asked for a language this page is not in and was sent here instead."""
    choice = negotiate(request, catalog, None)
    requested = choice.requested
    if (
        not choice.fallback
        or requested is None
        or choice.locale != locale
        or requested in available
    ):
        return None
    ui = requested if requested in ui_locales() else locale
    return Notice(
        "fallback", _fallback_text(ui, requested, locale, what), lang=ui if ui != locale else None
    )


def _fallback_text(ui: str, requested: str, shown: str, what: str) -> str:
    """Not available in Deutsch (the language's own name); showing English (named in ``ui``)."""
    _ = gettext_for(ui)
    text = (
        _("This article is not available in %(requested)s; showing %(shown)s.")
        if what == "article"
        else _("This page is not available in %(requested)s; showing %(shown)s.")
    )
    return text % {
        "requested": languages.display_name(requested),
        "shown": languages.display_name(shown, ui),
    }


def translation_notices(
    locale: str, status: TranslationStatus, original: tuple[str, str] | None
) -> list[Notice]:
    """Machine-translated and outdated notices, in the page's language.

    ``original`` is (url, language) of the source-language version, if any.
    """
    _ = gettext_for(locale)
    out: list[Notice] = []
    link = None
    if original is not None:
        link = (
            original[0],
            _("Read the original in %(language)s")
            % {"language": languages.display_name(original[1], locale)},
        )
    if status.machine_translated:
        pct = status.human_translated_percent
        if pct:
            text = _(
                "This article was translated by machine; %(percent)s of it was "
                "translated by people."
            ) % {"percent": environment(locale).filters["percent"](pct)}
        else:
            text = _("This article was translated by machine and may contain errors.")
        out.append(Notice("machine", text, link=link))
    if status.outdated:
        out.append(
            Notice(
                "outdated",
                _(
                    "The original has changed since this translation was "
                    "made; this translation may be out of date."
                ),
                link=link,
            )
        )
    return out


def content_notice(locale: str, shown: str, what: str = "article") -> Notice | None:
    """The page's language has no version of this content; another one is shown."""
    if shown == locale:
        return None
    return Notice("fallback", _fallback_text(locale, locale, shown, what))


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
    **context: Any,
) -> Response:
    """Render ``template`` in ``locale`` inside the frame every page shares.

    ``available`` are the locales the page exists in, ``url_for(locale)`` its
    address in each; the switcher, the ``hreflang`` links and the fallback
    notice come from them. With ``memo_key`` (from :func:`remembered`) the
    body is kept for the build's lifetime.
    """
    alternates = [
        Alternate(loc, languages.display_name(loc), url_for(loc)) for loc in sorted(available)
    ]
    notes = list(notices)
    if not any(n.kind == "fallback" for n in notes):
        found = reader_notice(request, catalog, locale, available, what)
        if found is not None:
            notes.insert(0, found)
    body = (
        environment(locale)
        .get_template(template)
        .render(
            lang=locale,
            alternates=alternates,
            x_default=x_default,
            current=request.url.path,
            notices=notes,
            static=static_url,
            built=catalog.created,
            home=f"/{locale}/",
            search_url=f"/{locale}/search",
            q=context.pop("q", ""),
            **context,
        )
        .encode("utf-8")
    )
    etag = etag_for(catalog.build_id, body)
    if memo_key is not None and len(catalog.memo) < MEMO_LIMIT:
        catalog.memo[memo_key] = (body, etag)
    return _respond(request, body, etag, locale)


def _respond(request: Request, body: bytes, etag: str, locale: str) -> Response:
    return conditional(
        request, body, HTML, etag, locale, settings_of(request).cache_max_age, extra=SECURITY
    )


def remembered(
    request: Request, catalog: Catalog, locale: str
) -> tuple[tuple[Any, ...], Response | None]:
    """A page already rendered for this build, URL and reader, and the key to keep it under.

    A page depends on its URL and on whether the reader is sent here as a
    fallback (the notice). Its links are root-relative: no Host header ends up
    in a body a shared cache keeps.
    """
    choice = negotiate(request, catalog, None)
    fallback = choice.requested if choice.fallback and choice.locale == locale else None
    key = ("page", request.url.path, request.url.query, fallback)
    found = catalog.memo.get(key)
    if found is None:
        return key, None
    return key, _respond(request, found[0], found[1], locale)


# --- pages ----------------------------------------------------------------------------------


@router.api_route("/", methods=GET)
async def root(request: Request) -> Response:
    """302 to the reader's language's home page."""
    catalog = catalog_of(request)
    choice = negotiate(request, catalog, None)
    headers = {
        **SECURITY,
        "Cache-Control": f"public, max-age={settings_of(request).cache_max_age}",
        "Vary": VARY,
    }
    return RedirectResponse(f"/{choice.locale}/", status_code=302, headers=headers)


@router.api_route("/{locale}/", methods=GET)
async def home(request: Request, locale: str) -> Response:
    catalog = catalog_of(request)
    locale = _locale(catalog, locale)
    key, done = remembered(request, catalog, locale)
    if done is not None:
        return done
    methods = [pick(catalog, m, locale) for m in catalog.methods]
    articles = sorted(
        (doc_entry(catalog, doc_id, locale) for doc_id in catalog.articles),
        key=lambda e: (e.locale != locale, e.title.casefold()),
    )
    return page(
        request,
        catalog,
        locale,
        "home.html",
        available=catalog.locales,
        url_for=lambda loc: f"/{loc}/",
        x_default="/",
        methods=methods,
        articles=articles,
        memo_key=key,
    )


@router.api_route("/{locale}/methods/{method}", methods=GET)
async def method_page(request: Request, locale: str, method: str) -> Response:
    catalog = catalog_of(request)
    locale = _locale(catalog, locale)
    name = method.upper()
    if name not in catalog.methods:
        raise NotFound(f"the docs describe no method '{method[:40]}'")
    if name != method:
        return RedirectResponse(f"/{locale}/methods/{name}", status_code=301, headers=SECURITY)
    key, done = remembered(request, catalog, locale)
    if done is not None:
        return done
    record = pick(catalog, name, locale)
    available = [loc for loc in catalog.locales if name in catalog.lookup.get(loc, {})]
    source = catalog.lookup.get(catalog.source_locale, {}).get(name)
    notices = [n for n in [content_notice(locale, record.locale, "page")] if n]
    original = None
    if record.locale != catalog.source_locale and source is not None:
        original = (f"/{catalog.source_locale}/methods/{name}", catalog.source_locale)
    notices += translation_notices(locale, record.translation, original)
    return page(
        request,
        catalog,
        locale,
        "method.html",
        available=available,
        url_for=lambda loc: f"/{loc}/methods/{name}",
        x_default=f"/{catalog.source_locale if source else record.locale}/methods/{name}",
        notices=notices,
        record=record,
        content_lang=record.locale,
        methods=catalog.methods,
        agree=_agree(record),
        memo_key=key,
    )


def _agree(record: MethodRecord) -> bool | None:
    """Whether the docs' idempotency matches RFC 9110 (None: the docs do not say)."""
    return None if record.idempotent is None else record.idempotent == record.spec.idempotent


_HEADING = re.compile(r'(<h([1-6]) id="([^"]+)"[^>]*>)(.*?)(</h\2>)', re.DOTALL)


def anchored(html: str, label: str) -> str:
    """Each heading with an id gets a link to itself (html is already sanitized)."""
    label = escape(label, quote=True)

    def link(m: re.Match[str]) -> str:
        return (
            f'{m.group(1)}{m.group(4)} <a class="anchor" href="#{m.group(3)}" '
            f'aria-label="{label}">#</a>{m.group(5)}'
        )

    return _HEADING.sub(link, html)


@router.api_route("/{locale}/docs/{doc_id}", methods=GET)
async def doc_page(request: Request, locale: str, doc_id: str) -> Response:
    catalog = catalog_of(request)
    locale = _locale(catalog, locale)
    key, done = remembered(request, catalog, locale)
    if done is not None:
        return done
    entry = doc_entry(catalog, doc_id, locale)
    doc = catalog.docs.get(entry.locale, entry.doc_id)
    if doc is None:
        raise NotFound(f"no document with id '{doc_id[:80]}'")
    versions = translations_of(catalog, entry.doc_id)
    available = [e.locale for e in versions]
    source = catalog.source_locale if catalog.source_locale in available else None
    notices = [n for n in [content_notice(locale, doc.locale)] if n]
    original = (doc_url(source, doc.doc_id), source) if source and doc.locale != source else None
    notices += translation_notices(locale, doc.translation, original)
    return page(
        request,
        catalog,
        locale,
        "doc.html",
        available=available,
        url_for=lambda loc: doc_url(loc, entry.doc_id),
        x_default=doc_url(source or available[0], entry.doc_id),
        what="article",
        notices=notices,
        doc=doc,
        content_lang=doc.locale,
        sections=_sections(doc, locale),
        toc=_toc(doc),
        memo_key=key,
    )


_TITLE = re.compile(r'(<p class="admonition-title">|<a class="video-link"[^>]*>)([^<]*)(</)')
_ENGLISH_TITLES = frozenset(TITLES.values())


def translated_titles(html: str, locale: str) -> str:
    """Admonition titles ingest left in English, in the article's language."""
    _ = gettext_for(locale)

    def swap(m: re.Match[str]) -> str:
        title = unescape(m.group(2))
        if title not in _ENGLISH_TITLES:
            return m.group(0)
        return f"{m.group(1)}{escape(_(title), quote=False)}{m.group(3)}"

    return _TITLE.sub(swap, html)


def _sections(doc: Document, locale: str) -> list[str]:
    _ = gettext_for(locale)
    label = _("Link to this section")
    return [anchored(translated_titles(s.html, doc.locale), label) for s in doc.sections]


def _toc(doc: Document) -> list[tuple[str, str, int]]:
    return [
        (s.heading, s.anchor, s.level)
        for s in doc.sections
        if s.anchor and s.heading and 2 <= s.level <= 3
    ]


@router.api_route("/{locale}/path/{path:path}", methods=GET)
async def doc_by_path(request: Request, locale: str, path: str) -> Response:
    """Links between docs that ingest could not resolve: find the article by its path."""
    catalog = catalog_of(request)
    locale = _locale(catalog, locale)
    entry = catalog.by_path.get((locale, path)) or next(
        (catalog.by_path[loc, path] for loc in catalog.locales if (loc, path) in catalog.by_path),
        None,
    )
    if entry is None:
        raise NotFound(f"no document at '{path[:200]}'")
    return RedirectResponse(doc_url(locale, entry.doc_id), status_code=302, headers=SECURITY)


@router.api_route("/{locale}/search", methods=GET)
async def search_page(
    request: Request,
    locale: str,
    q: Annotated[str, Query(max_length=1000)] = "",
    page_number: Annotated[int, Query(alias="page", ge=1, le=MAX_OFFSET // PER_PAGE)] = 1,
) -> Response:
    catalog = catalog_of(request)
    locale = _locale(catalog, locale)
    query = q.strip()
    found: dict[str, Any] | None = None
    if query:
        found = run_search(
            catalog,
            query,
            languages.Choice(locale, locale, False),
            PER_PAGE,
            (page_number - 1) * PER_PAGE,
        )

    def url(loc: str, **more: Any) -> str:
        params = {"q": query, **more} if query else more
        return f"/{loc}/search" + (f"?{urlencode(params)}" if params else "")

    pages = None
    if found is not None:
        for hit in found["hits"]:  # stay in the reader's language, whatever the hit's
            hit["url"] = doc_url(locale, hit["doc_id"]) + (
                f"#{hit['anchor']}" if hit["anchor"] else ""
            )
        last = min((found["total"] + PER_PAGE - 1) // PER_PAGE, MAX_OFFSET // PER_PAGE)
        pages = {
            "number": page_number,
            "last": last,
            "prev": url(locale, page=page_number - 1) if page_number > 1 else None,
            "next": url(locale, page=page_number + 1) if page_number < last else None,
        }
    return page(
        request,
        catalog,
        locale,
        "search.html",
        available=catalog.locales,
        url_for=url,
        x_default=url(catalog.source_locale),
        q=query,
        found=found,
        pages=pages,
        suggestion_url=url(locale)
        if found is None
        else (
            f"/{locale}/search?{urlencode({'q': found['suggestion']})}"
            if found["suggestion"]
            else None
        ),
    )


# --- errors ---------------------------------------------------------------------------------

_ERRORS: dict[int, tuple[str, str]] = {
    400: (N_("Bad request"), N_("This address or search could not be understood.")),
    404: (
        N_("Page not found"),
        N_("There is no page at this address. It may have moved, or the address may be mistyped."),
    ),
    405: (N_("Method not allowed"), N_("Pages can only be read here.")),
    503: (N_("Service unavailable"), N_("The help is not ready yet; try again in a moment.")),
    500: (
        N_("Something went wrong"),
        N_("The service failed on this request; the failure has been logged."),
    ),
}
_QUERY_ERROR = (
    N_("This search cannot be run"),
    N_("The search is too long or has too many words; shorten it and try again."),
)


def error_locale(request: Request) -> tuple[str, Catalog | None]:
    """The URL's language when it names one; else the reader's, among the UI catalogs."""
    catalog: Catalog | None = getattr(request.app.state.live, "catalog", None)
    known = set(ui_locales()) | set(catalog.locales if catalog else ())
    first = request.url.path.strip("/").split("/", 1)[0]
    if first in known:
        return first, catalog
    available = tuple(sorted(known))
    default = settings_of(request).default_locale
    choice = languages.negotiate(
        request.headers.get("accept-language") or "",
        available,
        default if default in available else available[0],
    )
    return choice.locale, catalog


async def error_page(request: Request, error: ServiceError) -> Response:
    locale, catalog = error_locale(request)
    title, message = (
        _QUERY_ERROR
        if isinstance(error, InvalidQuery)
        else _ERRORS.get(error.status, _ERRORS[500 if error.status >= 500 else 400])
    )
    home = f"/{locale}/" if catalog is not None and locale in catalog.locales else None
    body = (
        environment(locale)
        .get_template("error.html")
        .render(
            lang=locale,
            alternates=[],
            x_default=None,
            current=request.url.path,
            notices=[],
            static=static_url,
            built=catalog.created if catalog else None,
            home=home or "/",
            search_url=f"/{locale}/search" if home else None,
            q="",
            status=error.status,
            error_title=title,
            message=message,
        )
    )
    headers = {
        **error.headers,
        **SECURITY,
        "Cache-Control": "no-store",
        "Vary": "Accept-Language",
        "Content-Language": locale,
    }
    return Response(
        body.encode("utf-8"), status_code=error.status, media_type=HTML, headers=headers
    )


def install(app: FastAPI) -> None:
    """Mount the pages and make errors outside the API pages in the reader's language."""
    app.include_router(router)
    app.state.error_page = error_page
