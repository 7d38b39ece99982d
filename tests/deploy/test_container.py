"""deploy/Containerfile, deploy/compose.yaml and deploy/publish.sh agree with each other
and with the nginx config the tests run; publish.sh publishes a build the way replicas
take it.

Docker is not run here (the test machines have none): the compose file is parsed and
its names checked against the other files; publish.sh, plain sh, is run for real
between two index directories with a real ``lingodocs serve`` on the shared one.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path
from typing import Any

import yaml

from bench import nginx
from tests.conftest import ARTICLE_PATH, CONTENT
from tests.servers import ROOT, Server, built, serve

DEPLOY = ROOT / "deploy"
PUBLISH = DEPLOY / "publish.sh"


def compose() -> dict[str, Any]:
    data = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_compose_runs_the_tested_nginx_conf_in_front_of_replicas_sharing_one_index() -> None:
    services = compose()["services"]
    assert set(services) == {"publish", "lingodocs", "nginx"}
    proxy = services["nginx"]
    mounts = {v.split(":")[1]: v.split(":")[0] for v in proxy["volumes"]}
    # compose resolves ./ against the compose file's folder: the file the tests render
    assert (DEPLOY / mounts["/etc/nginx/nginx.conf"]).resolve() == nginx.DEPLOY_CONF.resolve()
    conf = nginx.DEPLOY_CONF.read_text(encoding="utf-8")
    assert "server lingodocs:8000 " in conf  # the replicas' service name and port
    assert "listen 80;" in conf and any(p.endswith(":80") for p in proxy["ports"])

    replicas, publish = services["lingodocs"], services["publish"]
    assert replicas["deploy"]["replicas"] >= 2
    shared = replicas["environment"]["LINGODOCS_INDEX"]
    assert f"index:{shared}:ro" in replicas["volumes"]  # read-only: serve never writes
    assert publish["command"][-1] in {v.split(":")[1] for v in publish["volumes"]}
    assert "index:" + publish["command"][-1] in publish["volumes"]
    assert replicas["depends_on"]["publish"]["condition"] == "service_completed_successfully"
    assert "index" in compose()["volumes"]
    assert publish["build"] == {"context": "..", "dockerfile": "deploy/Containerfile"}


def test_the_containerfile_builds_the_index_as_an_artifact_and_serves_it() -> None:
    text = (DEPLOY / "Containerfile").read_text(encoding="utf-8")
    assert "FROM python:3.11-slim" in text
    assert "RUN lingodocs ingest --content /content --index /index" in text
    assert "COPY --from=index /index /index" in text
    assert re.search(
        r'CMD \["lingodocs", "serve", "--host", "0\.0\.0\.0", "--port", "8000"\]', text
    )
    assert "COPY deploy/publish.sh /usr/local/bin/lingodocs-publish" in text
    assert compose()["services"]["publish"]["command"][0] == "lingodocs-publish"
    ignored = (DEPLOY / "Containerfile.dockerignore").read_text(encoding="utf-8")
    for copied in re.findall(r"^COPY (?!--)(\S+)", text, re.M):
        assert f"!{copied}" in ignored, copied


def publish(source: Path, shared: Path) -> str:
    done = subprocess.run(
        ["sh", str(PUBLISH), str(source), str(shared)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def served(server: Server) -> str:
    return str(json.loads(server.get("/readyz").body)["build"])


def test_publish_hands_a_new_build_to_a_running_replica(tmp_path: Path) -> None:
    content, image, shared = tmp_path / "content", tmp_path / "image", tmp_path / "shared"
    subprocess.run(["cp", "-r", str(CONTENT), str(content)], check=True, timeout=30)
    first = built(content, image)
    publish(image, shared)
    assert (shared / "current").readlink() == Path("builds") / first
    assert not list((shared / "builds").glob(".*"))
    kept = (shared / "builds" / first / "build.json").stat().st_ino
    with serve(
        shared, content, log=tmp_path / "serve.log", env={"LINGODOCS_RELOAD_INTERVAL": "0.2"}
    ) as server:
        assert served(server) == first
        publish(image, shared)  # the same build again: its files are left as they are
        assert (shared / "builds" / first / "build.json").stat().st_ino == kept

        article = content / "en" / ARTICLE_PATH
        article.write_text(
            article.read_text(encoding="utf-8").replace("Retrieves data", "Fetches data", 1),
            encoding="utf-8",
        )
        second = built(content, image)
        assert second != first
        publish(image, shared)
        deadline = time.monotonic() + 20
        while served(server) != second:
            assert time.monotonic() < deadline, "the published build was not taken up"
            time.sleep(0.1)
        summary = json.loads(server.get("/api/v1/methods/GET?lang=en").body)["summary"]
        assert summary.startswith("Fetches data"), summary
