"""A build's apps by id and by label: what field-help lookups resolve, made once per build.

A module editor knows what it shows: the app's title, the module's name and
the field's label in the source language ("HTTP", "Make a request",
"Method"), or their ids. Both are keys here, compared without case or spaces
(``make a request``, ``MakeARequest``). The records themselves stay in the
document store; this keeps the source language's names and each language's
list of apps (read from the store once, on the first lookup).
"""

from __future__ import annotations

import difflib
import re
import threading
from dataclasses import dataclass, field

from service.records import App

from .catalog import Catalog
from .store import DocStore

NEAR = 3  # "did you mean" suggestions given
_SUFFIX = re.compile(r"\s+(?:modules?|connectors?|apps?)$", re.IGNORECASE)


def key(text: str) -> str:
    """What a label is compared by: case and spaces aside."""
    return "".join(text.casefold().split())


@dataclass(frozen=True, slots=True)
class AppSummary:
    app_id: str
    title: str
    modules: int
    fields: int


@dataclass(slots=True)
class Names:
    """Keys of one level (apps, one app's modules, one module's fields) → id, and the
    names suggestions quote."""

    ids: dict[str, str] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)  # id → name as written

    def add(self, ident: str, name: str) -> None:
        self.shown.setdefault(ident, name)
        for k in (key(ident), key(name)):
            self.ids.setdefault(k, ident)

    def find(self, text: str) -> str | None:
        return self.ids.get(key(text))

    def near(self, text: str) -> list[str]:
        """The names closest to ``text`` (for a 404's "did you mean")."""
        by_key = {key(name): name for name in self.shown.values()}
        return [by_key[k] for k in difflib.get_close_matches(key(text), by_key, NEAR, 0.5)]


@dataclass(frozen=True, slots=True)
class Modules:
    """One app's modules and their fields, by name, as the source language has them."""

    modules: Names
    fields: dict[str, Names]  # module_id → its fields
    pickers: frozenset[tuple[str, str]]  # (module_id, field_id) whose help is the methods'

    @classmethod
    def of(cls, app: App | None, pickers: frozenset[str]) -> Modules:
        names, fields, picks = Names(), {}, set()
        for module in app.modules if app else ():
            names.add(module.module_id, module.name)
            names.ids.setdefault(key(module.module_id.partition(".")[2]), module.module_id)
            labels = fields[module.module_id] = Names()
            for f in module.fields:
                labels.add(f.field_id, f.label)
                if pickers.intersection(f.links):
                    picks.add((module.module_id, f.field_id))
        return cls(names, fields, frozenset(picks))


class AppIndex:
    """The apps of one build: names of the source language, summaries per language.

    Opening it reads only the apps' ids and titles (columns of the store); an app's
    modules and fields are read the first time a lookup names the app. (Every app's
    whole record was read when a build opened: 0.4 s on the real corpus, 8 s at 20×.)"""

    def __init__(self, docs: DocStore, source_locale: str, pickers: frozenset[str] = frozenset()):
        """``pickers``: the paths of the articles that document the HTTP methods."""
        self.docs = docs
        self.source_locale = source_locale
        self.pickers = pickers
        self.apps = Names()
        self._modules: dict[str, Modules] = {}  # app_id → its modules, once read
        self._summaries: dict[str, list[AppSummary]] = {}
        self._lock = threading.Lock()
        listed = self._summary(source_locale)
        for app in listed:
            self.apps.add(app.app_id, app.title)
            # "Adobe Firefly modules" is "Adobe Firefly" in the editor
            self.apps.ids.setdefault(key(_SUFFIX.sub("", app.title)), app.app_id)
        self._summaries[source_locale] = listed

    def _summary(self, locale: str) -> list[AppSummary]:
        found = [AppSummary(*row) for row in self.docs.app_list(locale)]
        return sorted(found, key=lambda s: (s.title.casefold(), s.app_id))

    def summaries(self, locale: str) -> list[AppSummary]:
        """Every app of ``locale`` (its own titles), by title."""
        with self._lock:
            found = self._summaries.get(locale)
            if found is None:
                found = self._summaries[locale] = self._summary(locale)
            return found

    def modules(self, app_id: str) -> Modules:
        """The modules of an app (none for an app the source language lacks)."""
        with self._lock:
            found = self._modules.get(app_id)
        if found is None:  # read outside the lock: another app's lookup need not wait
            found = Modules.of(self.docs.app(self.source_locale, app_id), self.pickers)
            with self._lock:
                found = self._modules.setdefault(app_id, found)
        return found

    def fields(self, module_id: str) -> Names:
        """The fields of a module (``{app_id}.{module}``) by label."""
        return self.modules(module_id.partition(".")[0]).fields.get(module_id, Names())

    def picks_method(self, module_id: str, field_id: str) -> bool:
        """Whether the field's source help points at the articles on the HTTP methods
        (the module's Method picker)."""
        return (module_id, field_id) in self.modules(module_id.partition(".")[0]).pickers

    def app(self, locale: str, app_id: str) -> App | None:
        """The app in ``locale``, else in the source language."""
        return self.docs.app(locale, app_id) or self.docs.app(self.source_locale, app_id)


def apps_of(catalog: Catalog) -> AppIndex:
    """The build's app index, made on its first use."""

    def make(c: Catalog) -> AppIndex:
        paths = frozenset(e.path for d in c.method_articles() for e in c.articles[d].values())
        return AppIndex(c.docs, c.source_locale, paths)

    return catalog.part("apps", make)
