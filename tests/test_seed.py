"""The seed graph: repeatable loads, refused inputs, provenance, and the source article's facts."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from errors import DatasetMixError, SeedError
from graph import loading
from graph.db import Db
from scripts.cli import app
from seeds import loader, synth
from seeds.reader import DATA_DIR
from settings import Settings

FRAMEWORK = "framework-2025-10-16"
PROTOCOL = "protocol-ctpc-cid-capgemini-2025"
CTIS = {"ctpc", "cetemco", "cerimme", "cetiev", "cetia", "ctth", "cmtc", "ctiba", "ceric"}
# Technical centres abroad that work with the CTIs (CSTB, CETIM) or their partners (INCDTP).
FOREIGN_CENTRES = {"cstb", "cetim", "incdtp"}
SOURCE = "article-2025-10-16"


async def _seed_load_id(db: Db) -> str:
    rows = await db.read("MATCH (d:Dataset {key: 'seed'}) RETURN d.loadId AS id")
    return str(rows[0]["id"])


async def test_loading_twice_changes_no_count(seeded: Db) -> None:
    before = await loading.counts(seeded)
    await loader.load(seeded)
    after = await loading.counts(seeded)
    assert after == before
    assert before.nodes["Actor"] > 0
    assert before.relationships["PARTY_TO"] > 0


def _append(directory: Path, name: str, record: str) -> int:
    """Append a record to a seed file; return the line it starts on."""
    path = directory / name
    text = path.read_text(encoding="utf-8")
    text += "" if text.endswith("\n") else "\n"
    path.write_text(text + record, encoding="utf-8")
    return text.count("\n") + 1


AGREEMENT = """- key: bad-agreement
  kind: {kind}
  titleFr: "Accord de test"
  titleEn: "Test agreement"
  signedOn: {signed}
  summary: "A record that must be refused."
  parties:
    - {{actor: cid, role: signatory}}
  sources: [article-2025-10-16]
"""

REFUSED = {
    "missing key": (
        "actors.yaml",
        '- kind: company\n  nameFr: "Sans clé"\n  nameEn: "No key"\n'
        "  sources: [article-2025-10-16]\n",
        "key: Field required",
    ),
    "duplicate key": (
        "actors.yaml",
        '- key: cid\n  kind: company\n  nameFr: "Doublon"\n  nameEn: "Duplicate"\n'
        "  sources: [article-2025-10-16]\n",
        "duplicate key 'cid'",
    ),
    "unknown actor": (
        "links.yaml",
        "- {from: cid, type: member_of, to: no-such-actor, sources: [article-2025-10-16]}\n",
        "to: unknown actor 'no-such-actor'",
    ),
    "unknown theme": (
        "competencies.yaml",
        '- {actor: cid, theme: no-such-theme, evidence: "None.", sources: [article-2025-10-16]}\n',
        "theme: unknown theme 'no-such-theme'",
    ),
    "bad date": (
        "agreements.yaml",
        AGREEMENT.format(kind="framework_agreement", signed="2025-13-45"),
        "signedOn: Input should be a valid date",
    ),
    "bad quoted date": (
        "agreements.yaml",
        AGREEMENT.format(kind="framework_agreement", signed='"2025-02-30"'),
        "signedOn: Input should be a valid date",
    ),
    "unknown agreement kind": (
        "agreements.yaml",
        AGREEMENT.format(kind="joint_venture", signed='"2025-10-16"'),
        "kind: Input should be 'framework_agreement'",
    ),
    "YAML syntax error": ("themes.yaml", "- key: broken: record\n", "not valid YAML"),
}


@pytest.mark.parametrize("case", list(REFUSED))
async def test_refused_input_names_file_and_line_and_leaves_the_graph(
    seeded: Db, tmp_path: Path, case: str
) -> None:
    name, record, reason = REFUSED[case]
    directory = tmp_path / "data"
    shutil.copytree(DATA_DIR, directory)
    line = _append(directory, name, record)
    before, load_id = await loading.counts(seeded), await _seed_load_id(seeded)

    with pytest.raises(SeedError) as refused:
        await loader.load(seeded, directory)

    matching = [p for p in refused.value.problems if p.startswith(f"{name}:{line}")]
    assert matching, refused.value.problems
    assert any(reason in problem for problem in matching), matching
    assert await loading.counts(seeded) == before
    assert await _seed_load_id(seeded) == load_id


async def test_every_fact_has_a_known_source(seeded: Db) -> None:
    unsourced = await seeded.read(
        "MATCH (n) WHERE NOT n:Dataset AND NOT n:MaillageTestDatabase "
        "AND (n.sources IS NULL OR size(n.sources) = 0) RETURN labels(n) AS labels, n.key AS key"
    )
    assert unsourced == []
    unsourced = await seeded.read(
        "MATCH (a)-[r]->(b) WHERE r.sources IS NULL OR size(r.sources) = 0 "
        "RETURN type(r) AS type, a.key AS from, b.key AS to"
    )
    assert unsourced == []
    unknown = await seeded.read(
        "CALL () { MATCH (n) RETURN n.sources AS sources "
        "UNION ALL MATCH ()-[r]->() RETURN r.sources AS sources } "
        "UNWIND sources AS source WITH DISTINCT source "
        "WHERE NOT EXISTS { MATCH (:Source {key: source}) } RETURN source"
    )
    assert unknown == []


async def test_uncertain_facts_say_why(seeded: Db) -> None:
    silent = await seeded.read(
        "CALL () { MATCH (n) RETURN n.confidence AS confidence, n.note AS note, n.key AS what "
        "UNION ALL MATCH (a)-[r]->(b) "
        "RETURN r.confidence AS confidence, r.note AS note, a.key + '->' + b.key AS what } "
        "WITH * WHERE confidence = 'uncertain' AND (note IS NULL OR trim(note) = '') "
        "RETURN what"
    )
    assert silent == []
    rows = await seeded.read(
        "MATCH (a:Actor {key: 'cid'}) RETURN a.foundedYear AS year, a.confidence AS confidence, "
        "a.note AS note"
    )
    assert rows[0]["year"] == 1982
    assert rows[0]["confidence"] == "uncertain"
    assert "found" in rows[0]["note"].lower()


async def test_framework_agreement_of_the_source_article(seeded: Db) -> None:
    rows = await seeded.read(
        "MATCH (a:Agreement {key: $key}) "
        "RETURN a.kind AS kind, a.signedOn AS signed, a.sources AS sources, "
        "[(a)-[:SIGNED_IN]->(c:City) | c.key] AS cities, "
        "[(p:Actor)-[:PARTY_TO]->(a) | p.key] AS parties",
        key=FRAMEWORK,
    )
    assert len(rows) == 1
    framework = rows[0]
    assert framework["kind"] == "framework_agreement"
    assert framework["signed"].to_native() == dt.date(2025, 10, 16)
    assert framework["cities"] == ["rabat"]
    assert SOURCE in framework["sources"]
    centres = await seeded.read("MATCH (t:TechnicalCentre) RETURN t.key AS key")
    assert {row["key"] for row in centres} == CTIS | FOREIGN_CENTRES
    assert {"mic", "cid"} | CTIS <= set(framework["parties"])
    assert not FOREIGN_CENTRES & set(framework["parties"])


async def test_one_specific_contract_between_cid_and_each_cti(seeded: Db) -> None:
    rows = await seeded.read(
        "MATCH (cti:TechnicalCentre)-[:MEMBER_OF]->(:Network {key: 'rectim'}) "
        "RETURN cti.key AS cti, COUNT { "
        "  MATCH (:Actor {key: 'cid'})-[:PARTY_TO]->(s:Agreement)<-[:PARTY_TO]-(cti) "
        "  WHERE s.kind = 'specific_contract' AND (s)-[:UNDER]->(:Agreement {key: $key}) "
        "} AS contracts",
        key=FRAMEWORK,
    )
    assert {row["cti"]: row["contracts"] for row in rows} == dict.fromkeys(CTIS, 1)
    foreign = await seeded.read(
        "MATCH (t:TechnicalCentre)-[:PARTY_TO]->(s:Agreement {kind: 'specific_contract'}) "
        "WHERE (s)-[:UNDER]->(:Agreement {key: $key}) AND NOT t.key IN $ctis RETURN t.key",
        key=FRAMEWORK,
        ctis=sorted(CTIS),
    )
    assert foreign == []


async def test_protocol_links_and_network(seeded: Db) -> None:
    protocol = await seeded.read(
        "MATCH (a:Agreement {key: $key}) RETURN a.kind AS kind, "
        "[(p:Actor)-[:PARTY_TO]->(a) | p.key] AS parties",
        key=PROTOCOL,
    )
    assert protocol[0]["kind"] == "collaboration_protocol"
    assert set(protocol[0]["parties"]) == {"ctpc", "cid", "capgemini-engineering-maroc"}
    subsidiary = await seeded.read(
        "MATCH (:Actor {key: 'capgemini-engineering-maroc'})-[r:SUBSIDIARY_OF]->"
        "(:Actor {key: 'capgemini'}) RETURN r.sources AS sources"
    )
    assert len(subsidiary) == 1
    assert subsidiary[0]["sources"]
    members = await seeded.read(
        "MATCH (m:Actor)-[:MEMBER_OF]->(:Network {key: 'rectim'}) RETURN m.key AS key"
    )
    assert {row["key"] for row in members} >= CTIS


def _said(text: str) -> str:
    return " ".join(text.split())


# Should a refusal ever fail, the command finds no server here instead of a real instance.
NOWHERE = {"NEO4J_URI": "bolt://127.0.0.1:9", "NEO4J_PASSWORD": "unused"}


@pytest.mark.parametrize(
    ("args", "env"),
    [(["seed", "--instance", "synth"], {}), (["seed"], {"NEO4J_INSTANCE": "synth"})],
)
def test_seed_never_goes_into_the_synth_instance(args: list[str], env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, args, env={**NOWHERE, **env})
    assert result.exit_code == 1
    assert "The seed never goes into the synth instance" in _said(result.stderr)


@pytest.mark.parametrize("instance", ["main", "test"])
def test_synthetic_graph_goes_only_into_synth(instance: str) -> None:
    args = ["synth", "--actors", "10", "--instance", instance]
    result = CliRunner().invoke(app, args, env=NOWHERE)
    assert result.exit_code == 1
    assert "goes only into the synth instance" in _said(result.stderr)


async def test_synthetic_loader_refuses_other_instances(settings: Settings) -> None:
    with pytest.raises(DatasetMixError, match="only into the 'synth' instance"):
        await synth.load_with_settings(settings.with_instance("test"), 10, 1)


async def test_synthetic_load_refuses_a_database_holding_the_seed(seeded: Db) -> None:
    with pytest.raises(DatasetMixError, match="data set"):
        await synth.refuse_foreign_data(seeded)
