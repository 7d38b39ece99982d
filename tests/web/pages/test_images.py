"""The content tree's images, served to the articles that use them, on a real server.

The fixture: ``content/`` and an English article with screenshots (Markdown
and raw ``<img>``, relative and from the locale folder, a PNG, an SVG with a
script), its French translation (which has no images of its own: it finds
the English ones), a file beside the content and a link to it from inside.
Requests go out as written (``http.client``): no client tidies ``../`` away.
"""

from __future__ import annotations

import json
import shutil
import struct
import zlib
from collections.abc import Iterator

import pytest

from service.pipeline.run import run as ingest
from service.settings import Settings
from tests.conftest import CONTENT
from tests.servers import Server, serve
from tests.web.pages.dom import Node, _Builder  # the pages' own small DOM

SHOTS = "0c0ffee0-0000-4000-8000-0000000005e7"
ASSETS = "help/guide/assets"
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><script>alert(1)</script></svg>'
)


def png(width: int, height: int) -> bytes:
    """A real PNG (grey pixels), written here so that no binary sits in the repository."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


ARTICLE_EN = f"""---
title: Schedule a scenario
exl-id: {SHOTS}
---
# Schedule a scenario

Open the settings.

![Scheduling dialog with its interval picker](assets/schedule.png)

<img src="assets/raw.png" alt="Heliotrope toolbar button" style="width: 350;">

![Logo](/help/guide/assets/logo.svg)
"""
ARTICLE_FR = f"""---
title: Planifier un scénario
exl-id: {SHOTS}
---
# Planifier un scénario

Ouvrez les paramètres.

![Boîte de dialogue de planification](assets/schedule.png)

<img src="assets/raw.png" alt="Bouton héliotrope">
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("images")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    for locale, text in (("en", ARTICLE_EN), ("fr", ARTICLE_FR)):
        (content / locale / "help/guide").mkdir(parents=True)
        (content / locale / "help/guide/shots.md").write_text(text)
    assets = content / "en" / ASSETS
    assets.mkdir()
    (assets / "schedule.png").write_bytes(png(12, 7))
    (assets / "raw.png").write_bytes(png(3, 3))
    (assets / "logo.svg").write_bytes(SVG)
    (assets / "notes.md.png").write_bytes(png(1, 1))
    (root / "secret.png").write_bytes(png(2, 2))  # beside the content, not in it
    (assets / "outside.png").symlink_to(root / "secret.png")
    (content / "en" / ".hidden").mkdir()
    (content / "en" / ".hidden" / "x.png").write_bytes(png(1, 1))
    settings = Settings(content=content, index=root / "index", reload_interval=0)
    assert ingest(settings, jobs=1).docs == 7
    with serve(root / "index", content, log=root / "server.log") as running:
        yield running


def images(server: Server, path: str) -> list[Node]:
    reply = server.get(path)
    assert reply.status == 200
    builder = _Builder()
    builder.feed(reply.body.decode())
    return [n for n in builder.root.iter() if n.tag == "img"]


def test_a_translation_finds_the_english_images(server: Server) -> None:
    found = images(server, f"/fr/docs/{SHOTS}")
    assert [(i.attrs["src"], i.attrs.get("alt")) for i in found] == [
        (f"/fr/assets/{ASSETS}/schedule.png", "Boîte de dialogue de planification"),
        (f"/fr/assets/{ASSETS}/raw.png", "Bouton héliotrope"),  # raw HTML, rewritten too
    ]
    for img in found:
        reply = server.get(img.attrs["src"])
        assert reply.status == 200, img.attrs["src"]
        assert reply.headers["content-type"] == "image/png"
        assert reply.body.startswith(b"\x89PNG")
    english = server.get(f"/en/assets/{ASSETS}/schedule.png")
    assert english.body == server.get(found[0].attrs["src"]).body == png(12, 7)


def test_images_are_cached_and_revalidated(server: Server) -> None:
    reply = server.get(f"/en/assets/{ASSETS}/schedule.png")
    etag = reply.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')  # strong
    assert reply.headers["cache-control"] == "public, max-age=86400"
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert server.get(f"/fr/assets/{ASSETS}/schedule.png").headers["etag"] == etag
    again = server.get(f"/en/assets/{ASSETS}/schedule.png", {"If-None-Match": etag})
    assert (again.status, again.body, again.headers["etag"]) == (304, b"", etag)
    other = server.get(f"/en/assets/{ASSETS}/raw.png", {"If-None-Match": etag})
    assert other.status == 200 and other.headers["etag"] != etag
    head = server.get(f"/en/assets/{ASSETS}/raw.png", method="HEAD")
    assert (head.status, head.body) == (200, b"")


def test_svg_runs_no_script(server: Server) -> None:
    reply = server.get(f"/en/assets/{ASSETS}/logo.svg")
    assert reply.status == 200 and reply.body == SVG
    assert reply.headers["content-type"] == "image/svg+xml"
    assert reply.headers["content-security-policy"] == "sandbox"


@pytest.mark.parametrize(
    "path",
    [
        "/en/assets/help/guide/assets/../../../../secret.png",
        "/en/assets/help/guide/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/secret.png",
        "/en/assets/..%2f..%2fsecret.png",
        "/en/assets/%2E%2E%2F%2E%2E%2Fsecret.png",
        "/en/assets/..%5c..%5csecret.png",
        "/en/assets//etc/hostname.png",
        "/en/assets/%2Fetc%2Fhostname.png",
        "/en/assets/help/guide/assets/outside.png",  # a link leading out of the content
        "/en/assets/.hidden/x.png",
        "/en/assets/help/guide/shots.md",  # not an image
        "/en/assets/help/guide/assets/missing.png",
        "/en/assets/help/guide/assets/raw.png%00.md",
    ],
)
def test_nothing_outside_the_content_tree_and_nothing_but_images(server: Server, path: str) -> None:
    assert server.get(f"/en/assets/{ASSETS}/raw.png").status == 200  # the route is there
    reply = server.get(path)
    assert reply.status in (400, 404), (path, reply.status)
    assert b"\x89PNG" not in reply.body


def test_alt_text_is_searchable(server: Server) -> None:
    hits = json.loads(server.get("/api/v1/search?q=heliotrope&lang=en").body)["hits"]
    assert [h["doc_id"] for h in hits] == [SHOTS]
    hits = json.loads(server.get("/api/v1/search?q=interval+picker&lang=en").body)["hits"]
    assert SHOTS in [h["doc_id"] for h in hits]
