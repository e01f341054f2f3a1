"""The local Neo4j server: one process per instance, clear errors when it cannot start."""

from __future__ import annotations

import socket
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from neo4j import AsyncDriver

from errors import ServerError
from scripts import neo4j_server
from settings import Settings


async def test_driver_round_trip(driver: AsyncDriver, settings: Settings) -> None:
    records, _, _ = await driver.execute_query(
        "RETURN $word + '!' AS echoed", word="maillage", database_=settings.neo4j_database
    )
    assert records[0]["echoed"] == "maillage!"


def test_second_start_reuses_the_running_server(settings: Settings) -> None:
    if not settings.provisioned:
        pytest.skip("NEO4J_URI points at a server Maillage does not manage")
    first = neo4j_server.start(settings)
    second = neo4j_server.start(settings)
    assert first.pid == second.pid
    home = str(settings.instance_dir)
    pgrep = subprocess.run(
        ["pgrep", "-f", "--", f"--home-dir={home} "], capture_output=True, text=True, check=False
    )
    assert pgrep.stdout.split() == [str(first.pid)]


def test_busy_port_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        settings = replace(
            Settings.from_env({}), neo4j_home=tmp_path, neo4j_bolt_port=port, neo4j_http_port=1
        )
        with pytest.raises(ServerError, match=f"Port {port} .*already in use"):
            neo4j_server.start(settings)


def test_missing_jdk_is_a_clear_error(tmp_path: Path) -> None:
    settings = replace(Settings.from_env({}), neo4j_home=tmp_path, java_home=tmp_path / "nojdk")
    with pytest.raises(ServerError, match=r"needs Java 17 or newer.*JAVA_HOME"):
        neo4j_server.find_java(settings)


def test_too_old_jdk_is_a_clear_error(tmp_path: Path) -> None:
    java_home = tmp_path / "jdk11"
    (java_home / "bin").mkdir(parents=True)
    java = java_home / "bin" / "java"
    java.write_text("#!/bin/sh\necho 'openjdk version \"11.0.2\" 2019-01-15' >&2\n")
    java.chmod(0o755)
    settings = replace(Settings.from_env({}), java_home=java_home)
    with pytest.raises(ServerError, match=r"needs Java 17 or newer; found: .*\(Java 11\)"):
        neo4j_server.find_java(settings)


def test_calendar_versions_need_java_21() -> None:
    assert neo4j_server.main_class("2025.10.1") == "org.neo4j.server.Neo4jCommunity"
    assert neo4j_server.main_class("5.26.30") == "org.neo4j.server.CommunityEntryPoint"
