"""Every line of the two fact files is in the seed graph or excluded with a reason; the
corrections hold; the data report adds up."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from graph.db import Db
from seeds import idmap, report
from seeds.idmap import Entry, IdMap

TARGET_CONTRACTS = "target-contract-2023-"


def test_every_fact_id_is_mapped_or_excluded() -> None:
    mapped = idmap.read()
    assert idmap.shape_problems(mapped) == []
    for _, entry in mapped.entries():
        assert entry.in_ or (entry.excluded and entry.excluded.strip()), entry.id


def test_a_missing_or_doubled_id_is_reported() -> None:
    mapped = idmap.read()
    without = [e for e in mapped.facts2 if e.id != "P07"] + [mapped.facts2[0]]
    broken = IdMap(facts=mapped.facts, facts2=without, facts2_existing=mapped.facts2_existing)
    problems = idmap.shape_problems(broken)
    assert "facts2: missing P07" in problems
    assert any("ids listed twice: X01" in problem for problem in problems)


@pytest.mark.parametrize(
    "entry",
    [
        {"id": "P99"},
        {"id": "P99", "in": ["Actor:cid"], "excluded": "both"},
        {"id": "P99", "in": ["Nowhere:cid"]},
        {"id": "P99", "in": ["LIKES:cid->mic"]},
    ],
)
def test_an_entry_names_known_elements_or_a_reason(entry: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"needs either|unknown"):
        Entry.model_validate(entry)


async def test_every_mapped_element_is_in_the_seed_graph(seeded: Db) -> None:
    assert await report.check_idmap(seeded, idmap.read()) == []


async def test_an_absent_element_is_found_missing(seeded: Db) -> None:
    absent = Entry.model_validate(
        {
            "id": "P99",
            "in": [
                "Actor:no-such-actor",
                "Actor:cid#noSuchProperty",
                "PARTY_TO:cid->no-such-agreement",
                "MEMBER_OF:ctpc->rectim#noSuchProperty",
                "Actor:cid",
            ],
        }
    )
    probe = IdMap(facts=[absent], facts2=[], facts2_existing=[])
    assert await report.check_idmap(seeded, probe) == [
        "Actor:cid#noSuchProperty",
        "Actor:no-such-actor",
        "MEMBER_OF:ctpc->rectim#noSuchProperty",
        "PARTY_TO:cid->no-such-agreement",
    ]


async def test_target_contract_parties_as_the_source_lists_them(seeded: Db) -> None:
    rows = await seeded.read(
        "MATCH (p:Actor)-[r:PARTY_TO]->(a:Agreement) WHERE a.key STARTS WITH $prefix "
        "RETURN a.key AS contract, p.key AS party, r.confidence AS confidence, r.note AS note",
        prefix=TARGET_CONTRACTS,
    )
    by_contract: dict[str, dict[str, str]] = {}
    for row in rows:
        by_contract.setdefault(row["contract"], {})[row["party"]] = row["confidence"]
    assert len(by_contract) == 9
    # challenge.ma names the federations FMC and FIMME, not CETEMCO and CERIMME.
    assert by_contract[TARGET_CONTRACTS + "cetemco"] == {
        "mic": "certain", "fmc": "certain", "cetemco": "uncertain",
    }  # fmt: skip
    assert by_contract[TARGET_CONTRACTS + "cerimme"] == {
        "mic": "certain", "fimme": "certain", "cerimme": "uncertain",
    }  # fmt: skip
    for centre in ("ctpc", "cetiev", "cetia", "ctth", "cmtc", "ctiba", "ceric"):
        assert by_contract[TARGET_CONTRACTS + centre] == {"mic": "certain", centre: "certain"}
    notes = [row["note"] for row in rows if row["confidence"] == "uncertain"]
    assert all("challenge.ma names" in note for note in notes)


async def test_disputed_amounts_keep_both_sides(seeded: Db) -> None:
    rows = await seeded.read(
        "MATCH (n) WHERE n.key IN ['cti-development-plan-2023-2026', 'framework-2013-02-20'] "
        "RETURN n.key AS key, n.amountMdh AS mdh, n.amountConfidences AS confidences, "
        "n.confidence AS confidence, n.note AS note ORDER BY key"
    )
    assert [(row["key"], row["mdh"]) for row in rows] == [
        ("cti-development-plan-2023-2026", [250.0, 300.0]),
        ("framework-2013-02-20", [290.0, 360.0]),
    ]
    for row in rows:
        assert row["confidences"] == ["uncertain", "uncertain"]
        assert row["confidence"] == "uncertain"
        assert row["note"]


async def test_names_over_time(seeded: Db) -> None:
    rows = await seeded.read(
        "MATCH (a:Actor) WHERE a.formerNames IS NOT NULL "
        "RETURN a.key AS key, a.formerNames AS names, a.formerNamePeriods AS periods"
    )
    former = {row["key"]: dict(zip(row["names"], row["periods"], strict=True)) for row in rows}
    assert former["amica"] == {
        "Association Marocaine pour l'Industrie et le Commerce Automobile": "-2017"
    }
    assert "-2010" in former["fimme"].values()
    assert set(former) >= {"amica", "fimme", "maroc-pme", "mic"}


async def test_every_actor_reads_in_french_and_english(seeded: Db) -> None:
    rows = await seeded.read(
        "MATCH (a:Actor) WHERE a.description IS NULL OR a.descriptionFr IS NULL "
        "OR a.nameFr IS NULL OR a.nameEn IS NULL OR a.translated IS NULL RETURN a.key AS key"
    )
    assert rows == []
    marks = await seeded.read("MATCH (a:Actor) UNWIND a.translated AS t RETURN DISTINCT t")
    assert {row["t"] for row in marks} <= {"nameFr", "nameEn", "description", "descriptionFr"}


async def test_data_report_adds_up(seeded: Db) -> None:
    built = await report.build(seeded)
    assert built.missing == []
    assert built.figures.items > built.figures.uncertain > 0
    assert sum(built.figures.actor_kinds.values()) == built.counts.nodes["Actor"]
    assert set(built.figures.per_source) >= {"article-2025-10-16"}
    assert min(built.figures.per_source.values()) >= 1
    console = Console(file=io.StringIO(), width=200)
    console.print(built.render())
    text = console.file.getvalue()  # type: ignore[attr-defined]
    for _, entry in built.idmap.excluded():
        assert entry.id in text
    assert f"{built.uncertain_share:.1%}" in text
