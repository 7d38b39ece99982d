"""Error pages, in the reader's language: the one handler's answer outside the API."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from service.i18n import N_
from service.i18n.catalogs import ui_locales
from service.i18n.locales import display_name, negotiate
from service.index.catalog import Catalog

from ..deps import settings_of
from ..errors import InvalidQuery, ServiceError
from ..httpcache import VARY
from .frame import HTML, Alternate, render, site_name

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
_METHOD_ERROR = N_("The search filters on a method that does not exist; use one of: %(methods)s.")


def error_locale(request: Request) -> tuple[str, Catalog | None]:
    """The URL's language when it names one; else the reader's, among the UI catalogs."""
    catalog: Catalog | None = getattr(request.app.state.live, "catalog", None)
    known = set(ui_locales()) | set(catalog.locales if catalog else ())
    first = request.url.path.strip("/").split("/", 1)[0]
    if first in known:
        return first, catalog
    available = tuple(sorted(known))
    default = settings_of(request).default_locale
    choice = negotiate(
        request.headers.get("accept-language") or "",
        available,
        default if default in available else available[0],
    )
    return choice.locale, catalog


def switcher(path: str, catalog: Catalog | None) -> list[Alternate]:
    """The error page's language switcher: the same address in each language the content
    has when it names one (``/fr/docs/x`` → ``/sv/docs/x``: the same error, in Swedish),
    else each language's home page; none without content."""
    if catalog is None:
        return []
    first, _, rest = path.lstrip("/").partition("/")
    same = first in catalog.locales
    return [
        Alternate(loc, display_name(loc), f"/{loc}/{quote(rest)}" if same else f"/{loc}/")
        for loc in sorted(catalog.locales)
    ]


async def error_page(request: Request, error: ServiceError) -> Response:
    locale, catalog = error_locale(request)
    title, message = (
        _QUERY_ERROR
        if isinstance(error, InvalidQuery)
        else _ERRORS.get(error.status, _ERRORS[500 if error.status >= 500 else 400])
    )
    if isinstance(error, InvalidQuery) and error.extra.get("methods"):
        message = _METHOD_ERROR
    home = f"/{locale}/" if catalog is not None and locale in catalog.locales else None
    body = render(
        locale,
        "error.html",
        current=request.url.path,
        built=catalog.created if catalog else None,
        watching=(catalog.build_id if catalog else "") if settings_of(request).watch else None,
        home=home or "/",
        search_url=f"/{locale}/search" if home else None,
        site=site_name(settings_of(request).site_name, catalog, locale),
        alternates=switcher(request.url.path, catalog),
        status=error.status,
        error_title=title,
        message=message,
        message_args={"methods": ", ".join(error.extra.get("methods", ()))},
    )
    headers = {
        **error.headers,
        "Cache-Control": "no-store",
        "Vary": VARY,
        "Content-Language": locale,
    }
    return Response(body, status_code=error.status, media_type=HTML, headers=headers)
