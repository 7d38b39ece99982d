"""Front matter: split it from the body and read it leniently.

Adobe's YAML is not always YAML: numbers come quoted or not, and at least one
real file has ``product_v2: id: …`` on one line, which PyYAML rejects. We read
the block as a whole first; if that fails we read it key by key, keep every
key that parses, and report each one that does not with its file line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

# libyaml's parser when PyYAML has it (same safe constructor, ~5x faster).
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)  # a safe loader (no arbitrary objects)


_FENCE = re.compile(r"^---[ \t]*$")
_TOP_KEY = re.compile(r"^([A-Za-z0-9_][\w.-]*)[ \t]*:(?:[ \t]|$)")


@dataclass(slots=True)
class FrontMatter:
    meta: dict[str, Any]
    body: str
    body_line: int  # 0-based line of the body's first line in the file
    problems: list[tuple[int, str]] = field(default_factory=list)  # (1-based line, message)


def split_front_matter(text: str) -> FrontMatter:
    """Return the metadata, the body, and any problems (pure: no I/O)."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0].lstrip("\ufeff")):
        return FrontMatter({}, text, 0)
    for end in range(1, len(lines)):
        if _FENCE.match(lines[end]):
            break
    else:
        return FrontMatter({}, text, 0, [(1, "front matter opened with '---' is never closed")])
    meta, problems = _read_yaml(lines[1:end], first_line=2)
    return FrontMatter(meta, "\n".join(lines[end + 1 :]), end + 1, problems)


def _read_yaml(lines: list[str], first_line: int) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    block = "\n".join(lines)
    try:
        data = _load(block)
    except (yaml.YAMLError, ValueError, RecursionError):  # bad dates raise ValueError
        return _read_keys(lines, first_line)
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        kind = type(data).__name__
        return {}, [(first_line, f"front matter is a YAML {kind}, not a mapping; ignored")]
    return {str(k): v for k, v in data.items()}, []


def _read_keys(lines: list[str], first_line: int) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    """Parse each top-level key with its indented continuation on its own."""
    starts = [i for i, line in enumerate(lines) if _TOP_KEY.match(line)]
    meta: dict[str, Any] = {}
    problems: list[tuple[int, str]] = []
    for n, start in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(lines)
        chunk = "\n".join(lines[start:stop])
        key = _TOP_KEY.match(lines[start]).group(1)  # type: ignore[union-attr]
        try:
            value = _load(chunk)
        except (yaml.YAMLError, ValueError, RecursionError) as exc:
            reason = getattr(exc, "problem", None) or (str(exc).splitlines() or ["?"])[0]
            problems.append(
                (
                    first_line + start,
                    f"front matter key '{key}' is not valid YAML ({reason}); key ignored",
                )
            )
            continue
        if isinstance(value, dict):
            meta.update({str(k): v for k, v in value.items()})
    return meta, problems


def as_int(value: Any) -> int | None:
    """``'283'``, ``303`` and ``'55%'`` all become ints; anything else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d+)\s*%?\s*", value)
        return int(m.group(1)) if m else None
    return None


def as_text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)
