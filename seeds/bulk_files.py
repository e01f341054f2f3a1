"""A whole data set as CSV files in the format of Neo4j's offline importer.

One file per node label (keys are IDs in the label's own ID space, extra labels in `:LABEL`)
and one per relationship type (ends in their labels' ID spaces). A value the format cannot
hold as Bolt would write it (an empty list, an empty text, a list item that is empty or holds
the list delimiter) stays out of the files: such node properties are set afterwards, and such
relationships are written afterwards, over Bolt.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.loading import NODE_LABELS, REL_SHAPES, Batches

ARRAY_DELIMITER = "\x1f"  # the ASCII unit separator: no name or text of the data holds it


@dataclass
class ImportFiles:
    """The files written, and the rows left for Bolt."""

    nodes: list[Path] = field(default_factory=list)
    relationships: list[tuple[str, Path]] = field(default_factory=list)
    later: Batches = field(default_factory=Batches)  # node rows: only the properties to set
    rows: int = 0


def _scalar_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dt.datetime):
        raise TypeError("date-times are not written to import files")
    if isinstance(value, dt.date):
        return "date"
    raise TypeError(f"no import type for {type(value).__name__}")


def _type(value: Any) -> str:
    if isinstance(value, list):
        return _scalar_type(value[0]) + "[]"
    return _scalar_type(value)


def fits(value: Any) -> bool:
    if isinstance(value, str):
        return value != ""
    if isinstance(value, list):
        return bool(value) and all(
            fits(item) and ARRAY_DELIMITER not in str(item) for item in value
        )
    return True


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(_text(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _columns(rows: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Property name -> import type; a column mixing integers and decimals is decimal."""
    types: dict[str, str] = {}
    for row in rows:
        for name, value in row["props"].items():
            if not fits(value):
                continue
            kind = _type(value)
            known = types.setdefault(name, kind)
            if known != kind:
                if {known, kind} <= {"long", "double"} or {known, kind} <= {"long[]", "double[]"}:
                    types[name] = known.replace("long", "double")
                else:
                    raise TypeError(f"property {name!r} holds both {known} and {kind}")
    return types


def _write(path: Path, header: Sequence[str], lines: Iterable[Sequence[str]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for line in lines:
            writer.writerow(line)
            count += 1
    return count


def _node_lines(
    rows: list[dict[str, Any]],
    label: str,
    columns: dict[str, str],
    stamp: list[str],
    later: Batches,
) -> Iterable[list[str]]:
    for row in rows:
        props = row["props"]
        extra = row["extraLabel"]
        left = {name: value for name, value in props.items() if not fits(value)}
        if left:
            later.node(label, row["key"], left)
        cells = [
            _text(props[name]) if name in props and name not in left else "" for name in columns
        ]
        yield [row["key"], label + (ARRAY_DELIMITER + extra if extra else ""), *stamp, *cells]


def write(batches: Batches, directory: Path, dataset: str, load_id: str) -> ImportFiles:
    """Write the files into `directory` (created); every node and relationship carries the
    data set's key and this load's id, as the Bolt load writes them."""
    directory.mkdir(parents=True, exist_ok=True)
    files = ImportFiles()
    stamp = [dataset, load_id]
    for label in NODE_LABELS:
        rows = batches.nodes.get(label, [])
        if not rows:
            continue
        columns = _columns(rows)
        header = [f"key:ID({label})", ":LABEL", "dataset", "loadId"]
        header += [f"{name}:{kind}" for name, kind in columns.items()]

        path = directory / f"nodes-{label}.csv"
        files.rows += _write(path, header, _node_lines(rows, label, columns, stamp, files.later))
        files.nodes.append(path)
    for rel_type, (source, target) in REL_SHAPES.items():
        rows = batches.rels.get(rel_type, [])
        kept = [row for row in rows if all(fits(v) for v in row["props"].values())]
        for row in rows:
            if not all(fits(v) for v in row["props"].values()):
                files.later.rels.setdefault(rel_type, []).append(row)
        if not kept:
            continue
        columns = _columns(kept)
        header = [f":START_ID({source})", f":END_ID({target})", "dataset", "loadId"]
        header += [f"{name}:{kind}" for name, kind in columns.items()]
        lines = (
            [row["from"], row["to"], *stamp]
            + [_text(row["props"][name]) if name in row["props"] else "" for name in columns]
            for row in kept
        )
        path = directory / f"rels-{rel_type}.csv"
        files.rows += _write(path, header, lines)
        files.relationships.append((rel_type, path))
    return files
