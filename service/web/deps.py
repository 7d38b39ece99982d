"""What every view needs from the request: the build served, the settings, the language.

Views take the app's state through these (settings are passed to
``create_app``, never read globally). Language: ``?lang=`` wins when given
(it must name a language the content has), then every ``Accept-Language``
entry by its q-value, then the default locale; every JSON body says what
happened (``locale``, ``requested_locale``, ``fallback``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from service.i18n.locales import Choice, lang_param, negotiate
from service.index.catalog import Catalog
from service.index.live import Live
from service.settings import Settings

from .errors import InvalidLocale, Unavailable
from .httpcache import Ready, conditional, etag_for, ready_head

JSON = "application/json"
API = "/api/v1"  # every API route's prefix


def dumps(value: Any) -> bytes:
    """The one JSON encoding of every response body: compact UTF-8, the same bytes as
    ``json.dumps(value, ensure_ascii=False, separators=(",", ":"))`` for what the API
    answers (every search response of the flood's queries compared), made by msgspec
    in a quarter of the time (the standard library's was a twentieth of an
    uncached search's time over HTTP)."""
    return _ENCODER.encode(value)


_ENCODER = msgspec.json.Encoder()


def catalog_of(request: Request) -> Catalog:
    """The build being served, or 503 while there is none (none built, or every build
    damaged: the detail says which)."""
    live: Live = request.app.state.live
    catalog = live.catalog
    if catalog is None:
        raise unavailable(request, live.unavailable(), live)
    return catalog


def unavailable(request: Request, detail: str, live: Live) -> Unavailable:
    """A 503 that says why and when to try again (the index is checked that often); it
    names the build ``current`` points at when that one is refused."""
    refused = live.refused.as_dict() if live.refused is not None else None
    error = Unavailable(detail, refused=refused) if refused else Unavailable(detail)
    error.headers["Retry-After"] = str(max(1, math.ceil(settings_of(request).reload_interval)))
    return error


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def default_locale(catalog: Catalog, settings: Settings) -> str:
    if settings.default_locale in catalog.locales:
        return settings.default_locale
    return catalog.source_locale if catalog.source_locale in catalog.locales else catalog.locales[0]


def choose(request: Request, catalog: Catalog, lang: str | None = None) -> Choice:
    """``?lang=`` (must be valid), then Accept-Language, then the default locale. An empty
    ``?lang=`` is not given, as an empty Accept-Language is: one rule for both."""
    if lang:
        code = lang_param(lang, catalog.locales)
        if code is None:
            raise InvalidLocale(
                f"'{lang[:64]}' is not a language this service has; available: "
                f"{', '.join(catalog.locales)}",
                available=list(catalog.locales),
            )
        return Choice(code, code, False)
    return negotiate(
        request.headers.get("accept-language") or "",
        catalog.locales,
        default_locale(catalog, settings_of(request)),
    )


def served(choice: Choice, locale: str) -> dict[str, Any]:
    """The negotiation fields: what was served, what was asked for, and whether they differ."""
    requested = choice.requested
    return {
        "locale": locale,
        "requested_locale": requested,
        "fallback": requested is not None and locale != requested,
    }


def prepared(
    request: Request,
    catalog: Catalog,
    key: tuple[Any, ...],
    make: Callable[[], dict[str, Any]],
    locale: str | None = None,
) -> Response:
    """The cacheable JSON response kept under ``key`` for the build's life: ``make()``'s
    payload, made once, served in its ``locale`` (or the one given)."""
    found: tuple[bytes, str, str, list[tuple[bytes, bytes]]] | None = catalog.memo.get(key)
    if found is None:
        payload = make()
        body = dumps(payload)
        served_in = locale or payload["locale"]
        etag = etag_for(catalog.build_id, body)
        settings = settings_of(request)
        head = ready_head(
            body, JSON, etag, served_in, settings.cache_max_age, settings.compress_min_bytes
        )
        found = catalog.memo.put(key, (body, etag, served_in, head))
    if "if-none-match" in request.headers:  # maybe a 304
        return cacheable(request, found[0], found[2], etag=found[1])
    return Ready(found[0], found[3])


def cacheable(
    request: Request, body: bytes, locale: str, *, etag: str | None = None, media_type: str = JSON
) -> Response:
    """``body`` in ``locale`` as a cacheable response, or 304: its strong ETag under the
    build served (unless given), kept as long as the settings say."""
    if etag is None:
        etag = etag_for(catalog_of(request).build_id, body)
    settings = settings_of(request)
    return conditional(
        request,
        body,
        media_type,
        etag,
        locale,
        settings.cache_max_age,
        compress_from=settings.compress_min_bytes,
    )
