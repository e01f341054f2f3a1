"""`maillage import`: the whole file is checked first, then loaded in audited batches."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver
from typer.testing import CliRunner

from errors import ImportFileError
from graph.db import Db
from graph.diffs import Meta
from scripts.cli import app as cli
from seeds import importer
from settings import Settings
from tests.curation_helpers import cypher

pytestmark = pytest.mark.usefixtures("curation_undone")

SOURCE = "article-2025-10-16"
META = Meta(who="import-test", comment="quarterly update")

ACTORS_CSV = """key,kind,nameFr,nameEn,acronym,founded,city,sectors,sources
imp-one,company,Société Une,Company One,SU1,1999,casablanca,automotive;agri-food,{source}
imp-two,federation,Fédération Deux,Federation Two,,,rabat,,{source}
imp-three,agency,  Agence Trois  ,Agency Three,,2010-05-01,,,{source};wikipedia-regions-maroc
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text.format(source=SOURCE), encoding="utf-8")
    return path


def jsonl(tmp_path: Path, name: str, records: list[dict[str, Any]]) -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


async def curated(driver: AsyncDriver, settings: Settings) -> dict[str, int]:
    rows = await cypher(
        driver,
        settings,
        "RETURN COUNT { MATCH (n) WHERE n.dataset = 'curated' RETURN n } AS nodes, "
        "COUNT { MATCH ()-[r]->() WHERE r.dataset = 'curated' RETURN r } AS rels, "
        "COUNT { (:Change) } AS changes",
    )
    return dict(rows[0])


async def test_a_csv_file_loads_and_a_rerun_changes_nothing(
    tmp_path: Path, seeded: Db, driver: AsyncDriver, settings: Settings
) -> None:
    path = write(tmp_path, "actors.csv", ACTORS_CSV)
    report = await importer.run(seeded, path, "actors", meta=META, batch_size=2)
    assert (report.rows, report.created, report.updated, report.unchanged) == (3, 3, 0, 0)
    rows = await cypher(
        driver,
        settings,
        "MATCH (a:Actor) WHERE a.key STARTS WITH 'imp-' RETURN a.key AS key, a.nameFr AS name, "
        "a.foundedYear AS year, a.dataset AS dataset, labels(a) AS labels, "
        "[(a)-[:IN_SECTOR]->(s) | s.key] AS sectors ORDER BY key",
    )
    assert [(r["key"], r["name"], r["year"]) for r in rows] == [
        ("imp-one", "Société Une", 1999),
        ("imp-three", "Agence Trois", 2010),
        ("imp-two", "Fédération Deux", None),
    ]
    assert sorted(rows[0]["sectors"]) == ["agri-food", "automotive"]
    assert {r["dataset"] for r in rows} == {"curated"}
    assert "Company" in rows[0]["labels"]
    changes = await cypher(
        driver, settings, "MATCH (c:Change) RETURN c.who AS who, c.comment AS comment"
    )
    assert changes == [{"who": "import-test", "comment": "quarterly update"}] * 3

    before = await curated(driver, settings)
    again = await importer.run(seeded, path, "actors", meta=META)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert await curated(driver, settings) == before


async def test_a_changed_row_is_an_audited_update(
    tmp_path: Path, seeded: Db, driver: AsyncDriver, settings: Settings
) -> None:
    await importer.run(seeded, write(tmp_path, "a.csv", ACTORS_CSV), "actors", meta=META)
    changed = ACTORS_CSV.replace("Company One", "Company Number One").replace(
        "automotive;agri-food", "automotive"
    )
    report = await importer.run(seeded, write(tmp_path, "b.csv", changed), "actors", meta=META)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    rows = await cypher(
        driver,
        settings,
        "MATCH (c:Change {action: 'update'}) RETURN c.entityKey AS key, c.fields AS fields",
    )
    assert rows == [{"key": "imp-one", "fields": ["IN_SECTOR", "nameEn"]}]  # folds are derived


async def test_one_bad_row_writes_nothing_and_every_bad_row_is_reported(
    tmp_path: Path, seeded: Db, driver: AsyncDriver, settings: Settings
) -> None:
    text = (
        ACTORS_CSV
        + "Bad Key,company,X,X,,,,,{source}\n"
        + "imp-five,company,Cinq,Five,,,atlantis,,{source}\n"
        + "imp-one,company,Doublon,Duplicate,,,,,{source}\n"
    )
    path = write(tmp_path, "actors.csv", text)
    with pytest.raises(ImportFileError) as caught:
        await importer.run(seeded, path, "actors", meta=META)
    problems = caught.value.problems
    assert problems[0].startswith("line 5 (Bad Key): key: String should match pattern")
    assert problems[1] == "line 6: city: unknown city 'atlantis'"
    assert problems[2] == "line 7 (imp-one): duplicate of line 2"
    assert await curated(driver, settings) == {"nodes": 0, "rels": 0, "changes": 0}

    report = await importer.run(seeded, path, "actors", meta=META, skip_invalid=True)
    assert (report.rows, report.created, report.skipped, len(report.problems)) == (6, 3, 3, 3)
    assert (await curated(driver, settings))["changes"] == 3


async def test_jsonl_agreements_load_framework_first_even_when_listed_last(
    tmp_path: Path, seeded: Db, driver: AsyncDriver, settings: Settings
) -> None:
    base = {
        "kind": "specific_contract",
        "titleFr": "Contrat",
        "titleEn": "Contract",
        "signedOn": "2025-11-03",
        "summary": "A contract.",
        "sources": [SOURCE],
    }
    child = {
        **base,
        "key": "imp-contract",
        "parent": "imp-framework",
        "parties": [{"actor": "cid", "role": "signatory"}],
    }
    parent = {
        **base,
        "key": "imp-framework",
        "kind": "framework_agreement",
        "parties": [{"actor": "mic", "role": "signatory", "confidence": "uncertain"}],
        "themes": ["decarbonisation"],
    }
    path = jsonl(tmp_path, "agreements.jsonl", [child, parent])
    report = await importer.run(seeded, path, "agreements", meta=META, batch_size=1)
    assert report.created == 2
    rows = await cypher(
        driver,
        settings,
        "MATCH (:Agreement {key: 'imp-contract'})-[:UNDER]->(p:Agreement)<-[r:PARTY_TO]-(a) "
        "RETURN p.key AS parent, a.key AS actor, r.confidence AS confidence",
    )
    assert rows == [{"parent": "imp-framework", "actor": "mic", "confidence": "uncertain"}]
    assert (await importer.run(seeded, path, "agreements", meta=META)).unchanged == 2


async def test_csv_parties_and_file_problems(
    tmp_path: Path, seeded: Db, driver: AsyncDriver, settings: Settings
) -> None:
    text = (
        "key,kind,titleFr,titleEn,signedOn,summary,parties,sources\n"
        "imp-protocol,collaboration_protocol,Protocole,Protocol,2025-12-01,Text.,"
        "cid:signatory;ctpc:partner,{source}\n"
        "imp-bad-date,memorandum,M,M,2025-02-30,Text.,cid:signatory,{source}\n"
    )
    path = write(tmp_path, "agreements.csv", text)
    report = await importer.run(seeded, path, "agreements", meta=META, skip_invalid=True)
    assert report.created == 1
    assert report.problems[0].startswith("line 3 (imp-bad-date): signedOn:")
    rows = await cypher(
        driver,
        settings,
        "MATCH (a:Actor)-[r:PARTY_TO]->(:Agreement {key: 'imp-protocol'}) "
        "RETURN a.key AS actor, r.role AS role ORDER BY actor",
    )
    assert rows == [{"actor": "cid", "role": "signatory"}, {"actor": "ctpc", "role": "partner"}]

    unknown = write(tmp_path, "x.csv", "key,colour\nimp-x,red\n")
    with pytest.raises(ImportFileError, match="unknown column"):
        await importer.run(seeded, unknown, "actors", meta=META)
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"actor": "ctpc"\n[1]\n', encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        await importer.run(seeded, broken, "competencies", meta=META)
    assert caught.value.problems[0].startswith("line 1: not valid JSON")
    assert caught.value.problems[1] == "line 2: expected one JSON object per line"


async def test_relationship_kinds_import(
    tmp_path: Path, seeded: Db, driver: AsyncDriver, settings: Settings
) -> None:
    competencies = write(
        tmp_path,
        "competencies.csv",
        "actor,theme,evidence,sources\nctpc,decarbonisation,Pilot line.,{source}\n",
    )
    links = jsonl(
        tmp_path,
        "links.jsonl",
        [{"from": "amica", "type": "member_of", "to": "rectim", "sources": [SOURCE]}],
    )
    joins = jsonl(
        tmp_path,
        "participations.jsonl",
        [{"actor": "ofppt", "project": "cetiev-2-0", "role": "trainer", "sources": [SOURCE]}],
    )
    for path, kind in ((competencies, "competencies"), (links, "links"), (joins, "participations")):
        assert (await importer.run(seeded, path, kind, meta=META)).created == 1
        assert (await importer.run(seeded, path, kind, meta=META)).unchanged == 1
    assert (await curated(driver, settings))["rels"] == 3


def test_the_import_command_checks_then_loads(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEO4J_URI", settings.uri)
    monkeypatch.setenv("NEO4J_PASSWORD", settings.password())
    monkeypatch.setenv("NEO4J_DATABASE", settings.neo4j_database)
    path = write(tmp_path, "actors.csv", ACTORS_CSV)
    runner = CliRunner()
    dry = runner.invoke(cli, ["import", str(path), "--kind", "actors", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Dry run" in dry.stdout
    assert "would be created" in dry.stdout
    done = runner.invoke(cli, ["import", str(path), "--kind", "actors", "--who", "ops"])
    assert done.exit_code == 0, done.output
    assert "Import done" in done.stdout
    bad = write(tmp_path, "bad.csv", ACTORS_CSV + "imp-four,robot,R,R,,,,,{source}\n")
    refused = runner.invoke(cli, ["import", str(bad), "--kind", "actors"])
    assert refused.exit_code == 1
    assert "line 5 (imp-four): kind" in refused.stderr
    wrong = runner.invoke(cli, ["import", str(path), "--kind", "robots"])
    assert wrong.exit_code == 1
    assert "unknown kind" in wrong.stderr


async def test_a_dry_run_writes_nothing(
    tmp_path: Path, seeded: Db, driver: AsyncDriver, settings: Settings
) -> None:
    path = write(tmp_path, "actors.csv", ACTORS_CSV)
    report = await importer.run(seeded, path, "actors", meta=META, dry_run=True)
    assert (report.created, report.dry_run) == (3, True)
    assert await curated(driver, settings) == {"nodes": 0, "rels": 0, "changes": 0}
