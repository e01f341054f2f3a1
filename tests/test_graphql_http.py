"""The GraphQL-over-HTTP audit of graphql-http (web/scripts/audit-graphql-http.mjs, the version
pinned in web/package-lock.json) against a real uvicorn server on the test graph: every MUST
and SHOULD audit passes. The counts are kept in test-artifacts/graphql-http-audit.json and
printed at the end of the run."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.test_explorer import Server, server  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "web" / "scripts" / "audit-graphql-http.mjs"
REPORT = ROOT / "test-artifacts" / "graphql-http-audit.json"


def test_graphql_http_audit_passes_every_must_and_should(server: Server) -> None:  # noqa: F811
    node = shutil.which("node")
    if node is None or not (ROOT / "web" / "node_modules" / "graphql-http").is_dir():
        pytest.fail("node and web/node_modules are needed: run `make web`")
    done = subprocess.run(
        [node, str(SCRIPT), f"{server.url}/graphql", "--json"],
        cwd=ROOT / "web",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.stdout, done.stderr
    report = json.loads(done.stdout)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=2), encoding="utf-8")
    levels = report["levels"]
    assert levels["MUST"]["total"] >= 13
    assert levels["SHOULD"]["total"] >= 23
    required = [miss for miss in report["misses"] if miss["name"].split()[0] != "MAY"]
    assert not required, required
    assert done.returncode == 0, done.stderr
