"""Settings come from the environment and bad values are refused with a clear message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from errors import SettingsError
from settings import Settings

README = Path(__file__).resolve().parent.parent / "README.md"


def test_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.host == "127.0.0.1"
    assert settings.port == 8000
    assert settings.neo4j_database == "neo4j"
    assert settings.provisioned
    assert settings.uri == "bolt://127.0.0.1:7687"


def test_instance_picks_its_own_ports() -> None:
    settings = Settings.from_env({"NEO4J_INSTANCE": "test"})
    assert settings.neo4j_bolt_port == 17687
    assert settings.instance_dir.name == "test"


def test_uri_disables_provisioning() -> None:
    settings = Settings.from_env({"NEO4J_URI": "neo4j+s://abc.databases.neo4j.io"})
    assert not settings.provisioned
    assert settings.uri == "neo4j+s://abc.databases.neo4j.io"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("PORT", "http", "not a number"),
        ("PORT", "70000", "out of range"),
        ("PORT", "80.5", "whole number"),
        ("NEO4J_BOLT_PORT", "0", "out of range"),
        ("MAILLAGE_QUERY_TIMEOUT", "-1", "out of range"),
        ("MAILLAGE_DEBUG_CYPHER", "maybe", "not a boolean"),
        ("MAILLAGE_ENV", "staging", "must be one of"),
        ("NEO4J_INSTANCE", "prod", "must be one of"),
        ("NEO4J_HEAP", "lots", "memory size"),
        ("NEO4J_VERSION", "latest", "not a Neo4j version"),
        ("MAILLAGE_DEFAULT_PAGE_SIZE", "500", "must not exceed"),
    ],
)
def test_bad_values_are_refused(name: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message) as caught:
        Settings.from_env({name: value})
    assert name in str(caught.value)


def test_password_missing_is_explained(tmp_path: Path) -> None:
    settings = Settings.from_env({"NEO4J_HOME_DIR": str(tmp_path)})
    with pytest.raises(SettingsError, match="NEO4J_PASSWORD"):
        settings.password()


def test_every_setting_is_documented() -> None:
    source = (Path(__file__).resolve().parent.parent / "settings.py").read_text()
    names = set(re.findall(r'"((?:NEO4J|MAILLAGE)_[A-Z_]+|HOST|PORT|JAVA_HOME)"', source))
    readme = README.read_text(encoding="utf-8")
    missing = sorted(name for name in names if f"`{name}`" not in readme)
    assert names, "no settings found"
    assert not missing, f"settings missing from the README table: {missing}"
