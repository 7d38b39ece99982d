"""Synthetic corpus in the Experience League Markdown dialect, for scale runs.

Vocabulary, UI labels, product names and article sizes are drawn from the real
corpus per language (so stemming and posting lists look real); the output is
deterministic for a given (source, articles, seed).

    python -m bench.gen_corpus --articles 2165 --out /tmp/corpus-5x [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

LOCALES = ("en", "fr-FR", "nl-NL", "sv-SE")
# Share of English articles that have a translation (433 / 433 / 403 / 403 in the real corpus).
SHARE = {"en": 1.0, "fr-FR": 1.0, "nl-NL": 403 / 433, "sv-SE": 403 / 433}
REAL_EN_ARTICLES = 433
ACCESS_TITLE = {
    "en": "Expand to view access requirements for the functionality in this article.",
    "fr-FR": "Développez pour afficher les exigences d’accès aux fonctionnalités de cet article.",
    "nl-NL": "Breid uit om de toegangseisen voor de functionaliteit in dit artikel weer te geven.",
    "sv-SE": "Expandera om du vill visa åtkomstkrav för funktionerna i den här artikeln.",
}
SECTIONS = (
    "build-practice-scenarios",
    "create-scenarios",
    "manage-scenarios",
    "get-started-with-fusion",
    "references/apps-and-modules/adobe-connectors",
    "references/apps-and-modules/third-party-connectors",
    "references/mapping-panel/functions",
    "references/modules",
    "set-up-and-manage-workfront-fusion",
)
ALERTS = ("NOTE", "NOTE", "NOTE", "IMPORTANT", "TIP", "WARNING", "INFO", "CAUTION")
HT_DEGREES = ("0%", "0%", "0%", "0%", "0%", "0%", "0%", "0%", "100%", "1%", "55%", "82%")
YAML_SAFE = re.compile(r"[^:#\[\]{}`\n]+")
FRONT_RE = re.compile(r"\A---\n.*?\n---\n", re.S)
WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
LABEL_RE = re.compile(r"\[!UICONTROL ([^\[\]\n]{1,60})\]")
DNL_RE = re.compile(r"\[!DNL ([^\[\]\n]{1,60})\]")
STRIP_RE = re.compile(
    r"\[![A-Z]+\]|<[^>]*>|\]\([^)]*\)|\[!(?:UICONTROL|DNL) |`[^`]*`|https?://\S+|\{#[^}]*\}"
)


@dataclass(frozen=True, slots=True)
class Weighted:
    """Items with cumulative weights, for `random.choices`."""

    items: tuple[str, ...]
    cum: tuple[float, ...]

    @classmethod
    def of(cls, counts: Counter[str], min_count: int = 1) -> Weighted:
        ranked = sorted(
            ((w, c) for w, c in counts.items() if c >= min_count), key=lambda x: (-x[1], x[0])
        )
        if not ranked:
            return cls(("Workfront",), (1.0,))
        return cls(tuple(w for w, _ in ranked), tuple(accumulate(float(c) for _, c in ranked)))

    def pick(self, rng: random.Random, k: int = 1) -> list[str]:
        return rng.choices(self.items, cum_weights=self.cum, k=k)


@dataclass(frozen=True, slots=True)
class Language:
    words: Weighted
    labels: Weighted
    names: Weighted


@dataclass(frozen=True, slots=True)
class Profile:
    """What the generator learns from the real corpus."""

    languages: dict[str, Language]
    en_sizes: tuple[int, ...]


def learn(source: Path) -> Profile:
    """Read the real corpus once: per-language vocabulary, labels, names; en sizes."""
    languages: dict[str, Language] = {}
    sizes: list[int] = []
    for loc in LOCALES:
        words: Counter[str] = Counter()
        labels: Counter[str] = Counter()
        names: Counter[str] = Counter()
        for path in sorted((source / loc).rglob("*.md")):
            text = path.read_text(encoding="utf-8", errors="replace")
            if loc == "en" and path.name not in ("LICENSE.md", "TOC.md"):
                sizes.append(len(text.encode()))
            body = FRONT_RE.sub("", text, count=1)
            labels.update(m.strip() for m in LABEL_RE.findall(body))
            names.update(m.strip() for m in DNL_RE.findall(body))
            words.update(w for w in WORD_RE.findall(STRIP_RE.sub(" ", body)) if len(w) <= 30)
        languages[loc] = Language(Weighted.of(words, 2), Weighted.of(labels), Weighted.of(names))
    if not sizes:
        raise SystemExit(f"no English articles under {source / 'en'}")
    return Profile(languages, tuple(sorted(sizes)))


def slug(words: list[str]) -> str:
    text = "-".join(w.lower() for w in words)
    return re.sub(r"[^a-z0-9-]+", "", text.replace("’", "").replace("'", "")).strip("-") or "x"


@dataclass(frozen=True, slots=True)
class Plan:
    """Language-independent shape of one article, shared by its translations."""

    index: int
    path: str
    exl_id: str
    commit: str
    blocks: tuple[tuple[str, int], ...]  # (kind, size parameter)
    anchors: tuple[str, ...]
    links: tuple[str, ...]
    locales: tuple[str, ...]


BLOCK_KINDS = ("para", "list", "steps", "section", "alert", "image", "table", "collapse")
BLOCK_WEIGHTS = (30, 14, 10, 14, 6, 6, 16, 4)
SENTENCE_BYTES = 120  # average rendered English sentence, inline markup included


def plan_article(index: int, seed: int, profile: Profile, n_articles: int) -> Plan:
    rng = random.Random(f"{seed}:plan:{index}")
    en = profile.languages["en"]
    target = rng.choice(profile.en_sizes)
    section = SECTIONS[index % len(SECTIONS)]
    path = f"help/workfront-fusion/{section}/{slug(en.words.pick(rng, 3))}-{index}.md"
    blocks: list[tuple[str, int]] = [("para", rng.randint(1, 3))]
    if rng.random() < 0.46:
        blocks.append(("access", 0))
    estimate = 400
    anchors: list[str] = []
    while estimate < target:
        kind = rng.choices(BLOCK_KINDS, weights=BLOCK_WEIGHTS)[0]
        size = rng.randint(1, 6)
        blocks.append((kind, size))
        if kind == "section":
            anchors.append(slug(en.words.pick(rng, rng.randint(2, 4))))
        estimate += block_bytes(kind, size)
    exl = "".join(rng.choice("0123456789abcdef") for _ in range(32))
    exl_id = f"{exl[:8]}-{exl[8:12]}-{exl[12:16]}-{exl[16:20]}-{exl[20:]}"
    commit = "".join(rng.choice("0123456789abcdef") for _ in range(40))
    links = tuple(str(rng.randrange(n_articles)) for _ in range(4))
    locales = tuple(loc for loc in LOCALES if rng.random() < SHARE[loc])
    return Plan(index, path, exl_id, commit, tuple(blocks), tuple(anchors), links, locales)


def block_bytes(kind: str, size: int) -> int:
    """Rough rendered size of a block in English, to stop planning near the target size."""
    row = 260 + SENTENCE_BYTES  # a table row: markup, a label, one sentence
    return {
        "para": size * SENTENCE_BYTES,
        "list": (size + 1) * (SENTENCE_BYTES + 3),
        "steps": (size + 1) * (SENTENCE_BYTES + 4) + 20,
        "section": size * SENTENCE_BYTES + 40,
        "alert": size * SENTENCE_BYTES + 40,
        "image": 60,
        "table": 80 + (size + 1) * row,
        "collapse": 2 * SENTENCE_BYTES + 80 + max(1, size // 2) * row + 60,
    }[kind]


class Writer:
    """Renders one plan in one language."""

    def __init__(self, lang: Language, rng: random.Random, paths: list[str]) -> None:
        self.lang = lang
        self.rng = rng
        self.paths = paths
        self.wordcount = 0

    def words(self, n: int) -> list[str]:
        self.wordcount += n
        return self.lang.words.pick(self.rng, n)

    def inline(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.35:
            return f"[!UICONTROL {self.lang.labels.pick(rng)[0]}]"
        if roll < 0.45:
            return f"**[!UICONTROL {self.lang.labels.pick(rng)[0]}]**"
        if roll < 0.60:
            return f"[!DNL {self.lang.names.pick(rng)[0]}]"
        if roll < 0.66:
            name = self.lang.names.pick(rng)[0]
            return f"[!UICONTROL [!DNL {name}] {self.lang.labels.pick(rng)[0]}]"
        if roll < 0.90:
            target = self.paths[rng.randrange(len(self.paths))]
            return f"[{' '.join(self.words(rng.randint(2, 5)))}](/{target})"
        if roll < 0.95:
            return f"`{self.words(1)[0].lower()}`"
        return f"**{' '.join(self.words(rng.randint(1, 3)))}**"

    def sentence(self) -> str:
        rng = self.rng
        parts = self.words(rng.randint(5, 20))
        parts[0] = parts[0][:1].upper() + parts[0][1:]
        if rng.random() < 0.55:
            parts.insert(rng.randrange(1, len(parts) + 1), self.inline())
        return " ".join(parts) + rng.choice(".....:?")

    def paragraph(self, n: int) -> str:
        return " ".join(self.sentence() for _ in range(n))

    def title(self, n: int) -> str:
        parts = self.words(n)
        return " ".join([parts[0][:1].upper() + parts[0][1:], *parts[1:]])

    def table(self, rows: int) -> str:
        out = ['<table style="table-layout:auto">', " <col> ", " <col> ", " <tbody> "]
        for _ in range(rows):
            label = self.lang.labels.pick(self.rng)[0]
            if self.rng.random() < 0.3:
                items = "".join(f"<li><p>{self.title(2)}</p></li>" for _ in range(2))
                cell = f"<p>{self.sentence()}</p> <ul> {items} </ul>"
            else:
                cell = f"<p>{self.sentence()}</p>"
            out += [
                '  <tr data-mc-conditions=""> ',
                f'   <td role="rowheader"> <p><b>[!UICONTROL {label}]</b></p> </td> ',
                f"   <td> {cell} </td> ",
                "  </tr> ",
            ]
        out += [" </tbody> ", "</table>"]
        return "\n".join(out)

    def block(self, kind: str, size: int, anchors: list[str]) -> str:
        rng = self.rng
        if kind == "para":
            return self.paragraph(size)
        if kind == "list":
            items = [f"* {self.sentence()}" for _ in range(size + 1)]
            if rng.random() < 0.3:
                items.insert(1, f"   * {self.sentence()}")
            return "\n".join(items)
        if kind == "steps":
            steps = [f"1. {self.sentence()}" for _ in range(size + 1)]
            if rng.random() < 0.4:
                steps.insert(1, f"\n   ![{self.title(2)}](assets/{slug(self.words(2))}.png)\n")
            return "\n".join(steps)
        if kind == "section":
            anchor = anchors.pop(0) if anchors else ""
            level = "##" if rng.random() < 0.7 else "###"
            suffix = f" {{#{anchor}}}" if anchor and rng.random() < 0.35 else ""
            return f"{level} {self.title(rng.randint(2, 5))}{suffix}\n\n{self.paragraph(size)}"
        if kind == "alert":
            lines = [f">[!{rng.choice(ALERTS)}]", ">", f">{self.paragraph(size)}"]
            if rng.random() < 0.3:
                lines += [">", f">* {self.sentence()}", f">* {self.sentence()}"]
            return "\n".join(lines)
        if kind == "image":
            return f"![{self.title(rng.randint(1, 3))}](assets/{slug(self.words(2))}.png)"
        if kind == "table":
            return self.table(size + 1)
        if kind == "collapse":
            head = f"**[!UICONTROL {self.lang.labels.pick(rng)[0]}]**"
            inner = f"{self.paragraph(2)}\n\n{self.table(max(1, size // 2))}"
            return f"+++ {head}\n\n{inner}\n\n+++"
        raise ValueError(kind)

    def access_box(self, loc: str) -> str:
        return f"+++ {ACCESS_TITLE[loc]}\n\n{self.table(4)}\n\n+++"


def render(plan: Plan, loc: str, seed: int, profile: Profile, paths: list[str]) -> str:
    rng = random.Random(f"{seed}:{loc}:{plan.index}")
    writer = Writer(profile.languages[loc], rng, [paths[int(i)] for i in plan.links])
    title = writer.title(rng.randint(2, 6))
    name = next((n for n in writer.lang.names.pick(rng, 5) if YAML_SAFE.fullmatch(n)), "Fusion")
    description = f"{writer.paragraph(1)[:-1]} [!DNL {name}]."
    anchors = list(plan.anchors)
    body: list[str] = [f"# {title}", writer.paragraph(plan.blocks[0][1])]
    for kind, size in plan.blocks[1:]:
        body.append(
            writer.access_box(loc) if kind == "access" else writer.block(kind, size, anchors)
        )
    front = [
        "---",
        f"title: {title}",
        f"description: {description}",
        "author: Becky",
        "feature: Workfront Fusion",
        f"exl-id: {plan.exl_id}",
    ]
    if loc != "en":
        front += [
            f"source-git-commit: {plan.commit}",
            "workflow-type: tm+mt",
            f"source-wordcount: {200 + writer.wordcount}",
            f"ht-degree: {rng.choice(HT_DEGREES)}",
            "",
        ]
    front.append("---")
    return "\n".join(front) + "\n" + "\n\n".join(body) + "\n"


def generate(source: Path, out: Path, articles: int, seed: int = 7) -> dict[str, int]:
    """Write `articles` English articles and their translations under out/<locale>/."""
    profile = learn(source)
    plans = [plan_article(i, seed, profile, articles) for i in range(articles)]
    paths = [p.path for p in plans]
    counts = {"files": 0, "bytes": 0}
    for plan in plans:
        for loc in plan.locales:
            text = render(plan, loc, seed, profile, paths)
            target = out / loc / plan.path
            target.parent.mkdir(parents=True, exist_ok=True)
            data = text.encode("utf-8")
            target.write_bytes(data)
            counts["files"] += 1
            counts["bytes"] += len(data)
    return counts


def main(argv: list[str] | None = None) -> int:
    default_source = Path(__file__).resolve().parents[2] / "shared/corpus/workfront-fusion"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=REAL_EN_ARTICLES, help="English articles")
    parser.add_argument("--out", type=Path, required=True, help="output content directory")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--source", type=Path, default=default_source, help="real corpus")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    counts = generate(args.source, args.out, args.articles, args.seed)
    seconds = time.perf_counter() - start
    print(
        f"generated {counts['files']} files, {counts['bytes'] / 1e6:.1f} MB "
        f"({args.articles} en articles, seed {args.seed}) in {seconds:.1f} s -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
