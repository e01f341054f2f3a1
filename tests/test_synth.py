"""The synthetic graph: deterministic, consistent, skewed, the seed's model, and loadable."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter

import pytest
from pydantic import BaseModel

from graph import loading
from graph.db import Db
from graph.loading import NODE_LABELS, REL_SHAPES, Batches
from seeds import models, synth
from seeds.loader import to_batches
from seeds.reader import read_seed
from seeds.synth_records import SOURCE_KEY

ACTORS = 300
MODELS: dict[str, type[BaseModel]] = {
    "Source": models.Source, "Region": models.Region, "City": models.City, "Site": models.Site,
    "Sector": models.Sector, "Theme": models.Theme, "Actor": models.Actor,
    "Agreement": models.Agreement, "Project": models.Project,
}  # fmt: skip


@pytest.fixture(scope="module")
def batches() -> Batches:
    return synth.generate(ACTORS, 7)


def test_same_seed_same_graph_other_seed_other_graph(batches: Batches) -> None:
    assert synth.generate(ACTORS, 7) == batches
    assert synth.generate(ACTORS, 8) != batches


def test_every_relationship_joins_generated_nodes(batches: Batches) -> None:
    keys = {label: {row["key"] for row in rows} for label, rows in batches.nodes.items()}
    for rel_type, rows in batches.rels.items():
        source, target = REL_SHAPES[rel_type]
        for row in rows:
            assert row["from"] in keys[source], (rel_type, row)
            assert row["to"] in keys[target], (rel_type, row)
    all_keys = [row["key"] for rows in batches.nodes.values() for row in rows]
    assert len(all_keys) == len(set(all_keys))


def test_a_few_hubs_hold_many_agreements(batches: Batches) -> None:
    degree = Counter(row["from"] for row in batches.rels["PARTY_TO"])
    degrees = [degree[row["key"]] for row in batches.nodes["Actor"]]
    assert max(degrees) >= 10 * max(statistics.median(degrees), 1)


def test_same_model_as_the_seed(batches: Batches) -> None:
    seed = to_batches(read_seed())
    assert set(batches.nodes) == set(NODE_LABELS)
    assert set(batches.rels) == set(REL_SHAPES)
    for label, rows in batches.nodes.items():
        # What every seed row of a label carries (optional fields aside), synthetic rows carry.
        always = set.intersection(*(set(row["props"]) for row in seed.nodes[label]))
        model = MODELS[label].model_fields
        always -= {name for name, field in model.items() if not field.is_required()}
        for row in rows:
            assert row["props"]["sources"] == [SOURCE_KEY]
            assert always <= row["props"].keys(), (label, always - row["props"].keys())
    actors = batches.nodes["Actor"]
    assert {row["extraLabel"] for row in actors} <= set(models.ACTOR_LABELS.values())
    assert all(row["props"]["sortName"] for row in actors)
    for rows in batches.rels.values():
        assert all(row["props"]["sources"] == [SOURCE_KEY] for row in rows)


def test_plausible_agreements_and_names(batches: Batches) -> None:
    agreements = {row["key"]: row["props"] for row in batches.nodes["Agreement"]}
    assert {props["kind"] for props in agreements.values()} == set(models.AgreementKind)
    for props in agreements.values():
        assert dt.date(2000, 1, 1) <= props["signedOn"] <= dt.date(2026, 12, 31)
    parents = {row["from"]: row["to"] for row in batches.rels["UNDER"]}
    parties = Counter(row["to"] for row in batches.rels["PARTY_TO"])
    assert all(2 <= parties[key] <= 6 for key in agreements if key not in parents)
    specific = [key for key, props in agreements.items() if props["kind"] == "specific_contract"]
    assert specific
    for key in specific:
        assert agreements[parents[key]]["kind"] == "framework_agreement"
    actors = [row["props"] for row in batches.nodes["Actor"]]
    assert len([props for props in actors if not props["nameFr"].isascii()]) > ACTORS // 10
    assert 50 <= len(batches.nodes["Theme"]) <= 70
    assert len({row["from"] for row in batches.rels["BROADER"]}) > 40
    uncertain = [props for props in actors if props["confidence"] == "uncertain"]
    assert uncertain
    assert all(props["note"] for props in uncertain)


def test_too_few_actors_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="at least 10 actors"):
        synth.generate(3, 1)


async def test_loads_into_an_empty_database_and_is_wiped(empty_db: Db, batches: Batches) -> None:
    counts = await synth.write(empty_db, batches, size=500, workers=2)
    for label, rows in batches.nodes.items():
        assert counts.nodes[label] == len(rows)
    for rel_type, rows in batches.rels.items():
        assert counts.relationships[rel_type] == len(rows)
    held = await loading.holdings(empty_db)
    assert held.datasets == {"synthetic": True}
    assert held.nodes == sum(len(rows) for rows in batches.nodes.values()) + 2  # Dataset, marker
    await synth.refuse_foreign_data(empty_db)  # an earlier synthetic graph may be replaced

    assert await loading.wipe(empty_db, size=200) == held.nodes
    assert (await loading.holdings(empty_db)).nodes == 0
