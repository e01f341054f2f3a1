"""The Cypher of curated writes, one fixed statement per label or relationship type.

Every label and type below comes from the closed sets of `graph.loading`; values are always
`$parameters`.
"""

from __future__ import annotations

from typing import LiteralString

from graph.loading import NODE_LABELS, REL_SHAPES

# (relationship type, True when the node is its start): the relationships a node's own record
# lists, replaced with the record; every other relationship of the node is a link.
OWNED: dict[str, tuple[tuple[LiteralString, bool], ...]] = {
    "Source": (),
    "Region": (),
    "City": (("IN_REGION", True),),
    "Sector": (),
    "Theme": (("BROADER", True),),
    "Actor": (("LOCATED_IN", True), ("IN_SECTOR", True)),
    "Agreement": (("PARTY_TO", False), ("UNDER", True), ("SIGNED_IN", True), ("COVERS", True)),
    "Project": (("PARTICIPATES_IN", False), ("FRAMED_BY", True), ("ADDRESSES", True)),
}


def _owned(label: LiteralString, outgoing: bool) -> LiteralString:
    types = "|".join(rel_type for rel_type, out in OWNED[label] if out == outgoing)
    if not types:
        return "[]"
    pattern = f"(n)-[r:{types}]->(m)" if outgoing else f"(n)<-[r:{types}]-(m)"
    flag = "true" if outgoing else "false"
    return (
        f"CASE WHEN n IS NULL THEN [] ELSE COLLECT {{ MATCH {pattern} "
        f"RETURN [type(r), {flag}, m.key, properties(r)] }} END"
    )


def _read_nodes(label: LiteralString) -> LiteralString:
    return (
        f"UNWIND $keys AS key OPTIONAL MATCH (n:{label} {{key: key}}) "
        f"RETURN key, properties(n) AS props, labels(n) AS labels, "
        f"{_owned(label, True)} AS outs, {_owned(label, False)} AS ins"
    )


def _read_edges(rel_type: LiteralString) -> LiteralString:
    start, end = REL_SHAPES[rel_type]
    return (
        f"UNWIND $rows AS row OPTIONAL MATCH (:{start} {{key: row.from}})-[r:{rel_type}]->"
        f"(:{end} {{key: row.to}}) RETURN row.from AS start, row.to AS end, properties(r) AS props"
    )


def _lock(label: LiteralString) -> LiteralString:
    # Setting a property takes the node's write lock until commit; removing it leaves no trace.
    return f"UNWIND $keys AS key MATCH (n:{label} {{key: key}}) SET n._lock = true REMOVE n._lock"


def _missing(label: LiteralString) -> LiteralString:
    return (
        f"UNWIND $keys AS key OPTIONAL MATCH (n:{label} {{key: key}}) "
        "WITH key, n WHERE n IS NULL RETURN collect(key) AS missing"
    )


def _create_nodes(label: LiteralString) -> LiteralString:
    return (
        f"UNWIND $rows AS row CREATE (n:{label} {{key: row.key}}) SET n += row.props, "
        "n.dataset = $dataset, n.loadId = row.loadId "
        "WITH n, row WHERE row.extraLabel IS NOT NULL SET n:$(row.extraLabel)"
    )


def _replace_nodes(label: LiteralString) -> LiteralString:
    # The data set and load that created the node stay: an item belongs to its data set.
    return (
        f"UNWIND $rows AS row MATCH (n:{label} {{key: row.key}}) "
        "WITH n, row, row.props AS props, n.dataset AS dataset, n.loadId AS loadId "
        "SET n = props {.*, key: row.key, dataset: dataset, loadId: loadId} "
        f"WITH n, row, [l IN labels(n) WHERE l <> '{label}' "
        "AND l <> coalesce(row.extraLabel, '')] AS stale "
        "FOREACH (l IN stale | REMOVE n:$(l)) "
        "WITH n, row WHERE row.extraLabel IS NOT NULL SET n:$(row.extraLabel)"
    )


def _delete_rels(rel_type: LiteralString) -> LiteralString:
    start, end = REL_SHAPES[rel_type]
    return (
        f"UNWIND $rows AS row MATCH (:{start} {{key: row.from}})-[r:{rel_type}]->"
        f"(:{end} {{key: row.to}}) DELETE r"
    )


def _create_rels(rel_type: LiteralString) -> LiteralString:
    start, end = REL_SHAPES[rel_type]
    return (
        f"UNWIND $rows AS row MATCH (a:{start} {{key: row.from}}) MATCH (b:{end} {{key: row.to}}) "
        f"CREATE (a)-[r:{rel_type}]->(b) SET r += row.props, r.dataset = $dataset, "
        "r.loadId = row.loadId RETURN count(r) AS written"
    )


def _replace_edges(rel_type: LiteralString) -> LiteralString:
    start, end = REL_SHAPES[rel_type]
    return (
        f"UNWIND $rows AS row MATCH (:{start} {{key: row.from}})-[r:{rel_type}]->"
        f"(:{end} {{key: row.to}}) WITH r, row, row.props AS props, r.dataset AS dataset, "
        "r.loadId AS loadId SET r = props {.*, dataset: dataset, loadId: loadId}"
    )


def _links(label: LiteralString) -> LiteralString:
    return (
        f"MATCH (n:{label} {{key: $key}}) RETURN COLLECT {{ MATCH (n)-[r]-(m) "
        "WHERE NOT type(r) IN $owned RETURN {type: type(r), outgoing: startNode(r) = n, "
        "key: m.key} } AS links"
    )


def _delete_node(label: LiteralString) -> LiteralString:
    return f"MATCH (n:{label} {{key: $key}}) DETACH DELETE n"


READ_NODES = {label: _read_nodes(label) for label in NODE_LABELS}
LOCK = {label: _lock(label) for label in NODE_LABELS}
MISSING = {label: _missing(label) for label in NODE_LABELS}
CREATE_NODES = {label: _create_nodes(label) for label in NODE_LABELS}
REPLACE_NODES = {label: _replace_nodes(label) for label in NODE_LABELS}
LINKS = {label: _links(label) for label in NODE_LABELS}
DELETE_NODE = {label: _delete_node(label) for label in NODE_LABELS}
READ_EDGES = {rel_type: _read_edges(rel_type) for rel_type in REL_SHAPES}
DELETE_RELS = {rel_type: _delete_rels(rel_type) for rel_type in REL_SHAPES}
CREATE_RELS = {rel_type: _create_rels(rel_type) for rel_type in REL_SHAPES}
REPLACE_EDGES = {rel_type: _replace_edges(rel_type) for rel_type in REL_SHAPES}
