"""Records as JSON and back: what ``records.Record``'s ``as_dict`` and ``from_dict`` do.

Kept here rather than done by a library (cattrs, pydantic) because the
records are plain frozen dataclasses shared by every stage, and these two
walks are all the JSON form needs: one without ``dataclasses.asdict``'s deep
copies, one whose loader for each type is worked out once.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from typing import Any, Union

_NAMES: dict[type, tuple[str, ...]] = {}


def _names(cls: type) -> tuple[str, ...]:
    found = _NAMES.get(cls)
    if found is None:
        found = _NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return found


def plain(value: Any) -> Any:
    """``dataclasses.asdict`` for these records, without its deep copies (ingest
    writes every document this way, so its cost counts)."""
    if value is None or isinstance(value, (str, int, float)):  # the most of them
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: plain(getattr(value, name)) for name in _names(type(value))}
    if isinstance(value, (list, tuple)):
        return type(value)(plain(v) for v in value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


Loader = Callable[[Any], Any] | None  # None: the JSON value is the field's value
_LOADERS: dict[Any, Loader] = {}


def loader(tp: Any) -> Loader:
    """How a JSON value becomes a value of type ``tp``, worked out once per type (from
    the annotations, which are strings here): loading was asking ``typing`` about every
    value of every document, 90% of opening a build and a fifth of a page."""
    if tp in _LOADERS:
        return _LOADERS[tp]
    found: Loader = None
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        _LOADERS[tp] = lambda value: made(value)  # a record may hold its own kind
        hints = typing.get_type_hints(tp)
        fields = tuple((f.name, loader(hints[f.name])) for f in dataclasses.fields(tp))

        def made(value: dict[str, Any], cls: Any = tp) -> Any:
            return cls(
                **{
                    name: value[name] if load is None else load(value[name])
                    for name, load in fields
                    if name in value
                }
            )

        found = made
    elif typing.get_origin(tp) in (Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        one = loader(inner[0]) if len(inner) == 1 else None
        if one is not None:
            found = lambda value: None if value is None else one(value)  # noqa: E731
    elif typing.get_origin(tp) is tuple:
        each = loader(typing.get_args(tp)[0])
        found = tuple if each is None else (lambda value: tuple(map(each, value)))
    _LOADERS[tp] = found
    return found
