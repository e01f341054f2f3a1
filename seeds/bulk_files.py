"""A whole data set as CSV files in the format of Neo4j's offline importer, written as rows come.

One file per node label (keys are IDs in the label's own ID space, extra labels in `:LABEL`)
and one per relationship type (ends in their labels' ID spaces). A value the format cannot
hold as Bolt would write it (an empty list, an empty text, a list item that is empty or holds
the list delimiter) stays out of the files: such node properties are set afterwards, and such
relationships are written afterwards, over Bolt.

`ImportWriter` takes rows one at a time (it is a sink of the synthetic generator), so the
files are written while the graph is drawn and no row is kept. With `counted`, it tallies the
relationships it is given and appends the kept counts (`graph.counts`) to the nodes' rows: the
rows of a counted label wait in a file of their own until every relationship is in.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from graph import counts
from graph.loading import NODE_LABELS, REL_SHAPES, Batches

ARRAY_DELIMITER = "\x1f"  # the ASCII unit separator: no name or text of the data holds it
Columns = Mapping[str, str]  # property name -> import type ("string", "long[]", "date", ...)


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


def _text(value: Any) -> Any:
    """The cell: text for lists and truth values; the csv writer spells the rest (str)."""
    if type(value) is list:
        return ARRAY_DELIMITER.join(str(_text(item)) for item in value)
    if type(value) is bool:
        return "true" if value else "false"
    return value


def columns_of(rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Property name -> import type of these props; a column mixing integers and decimals is
    decimal."""
    types: dict[str, str] = {}
    for props in rows:
        for name, value in props.items():
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


def _node_header(label: str, columns: Columns) -> list[str]:
    header = [f"key:ID({label})", ":LABEL", "dataset", "loadId"]
    return header + [f"{name}:{kind}" for name, kind in columns.items()]


def _rel_header(rel_type: str, columns: Columns) -> list[str]:
    start, end = REL_SHAPES[rel_type]
    header = [f":START_ID({start})", f":END_ID({end})", "dataset", "loadId"]
    return header + [f"{name}:{kind}" for name, kind in columns.items()]


class _File:
    def __init__(self, path: Path, header: list[str] | None) -> None:
        self.path = path
        self.handle: IO[str] = path.open("w", encoding="utf-8", newline="")
        self.writer = csv.writer(self.handle, lineterminator="\n")
        if header is not None:
            self.writer.writerow(header)


class ImportWriter:
    """A sink of rows (`node`, `rel`) that writes the import files; `close()` finishes them.
    Every node and relationship carries the data set's key and this load's id, as the Bolt
    load writes them. `nodes`/`rels`: the columns of each label and type (a property outside
    them is an error)."""

    def __init__(
        self,
        directory: Path,
        dataset: str,
        load_id: str,
        nodes: Mapping[str, Columns],
        rels: Mapping[str, Columns],
        counted: bool = False,
    ) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory, self.stamp = directory, [dataset, load_id]
        self.node_columns, self.rel_columns = nodes, rels
        self.kept = counts.KEPT if counted else {}
        self.tallies: dict[tuple[str, str], Counter[str]] = {}  # (label, count) -> key -> n
        self.tallied: dict[str, list[tuple[Counter[str], str]]] = {}  # rel type -> (tally, end)
        for label, kept in self.kept.items():
            for name, rel_type, end in kept:
                tally = self.tallies.setdefault((label, name), Counter())
                self.tallied.setdefault(rel_type, []).append((tally, end))
        self.files: dict[str, _File] = {}
        self.result = ImportFiles()

    def _file(self, name: str, header: list[str] | None) -> _File:
        file = self.files.get(name)
        if file is None:
            file = self.files[name] = _File(self.directory / f"{name}.csv", header)
        return file

    def _cells(self, what: str, columns: Columns, props: Mapping[str, Any]) -> list[Any] | None:
        """The row's cells in column order; None if some value must wait for Bolt."""
        if not props.keys() <= columns.keys():
            raise TypeError(f"{what}: no import column for {sorted(props.keys() - columns)}")
        cells: list[Any] = []
        for name in columns:
            value = props.get(name)
            if value is None:
                cells.append("")
            elif type(value) is str:  # the common case first: texts
                if not value:
                    return None
                cells.append(value)
            elif fits(value):
                cells.append(_text(value))
            else:
                return None
        return cells

    def node(
        self, label: str, key: str, props: Mapping[str, Any], extra: str | None = None
    ) -> None:
        columns = self.node_columns[label]
        cells = self._cells(label, columns, props)
        if cells is None:  # the fitting values now, the others after the import
            left = {name: value for name, value in props.items() if not fits(value)}
            self.result.later.node(label, key, left)
            cells = self._cells(label, columns, {n: v for n, v in props.items() if n not in left})
            assert cells is not None
        labels = label + ARRAY_DELIMITER + extra if extra else label
        if label in self.kept:
            self._file(f"pending-{label}", None).writer.writerow([key, labels, *cells])
        else:
            file = self.files.get(f"nodes-{label}") or self._file(
                f"nodes-{label}", _node_header(label, columns)
            )
            file.writer.writerow([key, labels, *self.stamp, *cells])
        self.result.rows += 1

    def rel(self, rel_type: str, source: str, target: str, props: Mapping[str, Any]) -> None:
        for tally, end in self.tallied.get(rel_type, ()):
            tally[source if end == "from" else target] += 1
        columns = self.rel_columns[rel_type]
        cells = self._cells(rel_type, columns, props)
        if cells is None:
            self.result.later.rel(rel_type, source, target, props)
            return
        file = self.files.get(f"rels-{rel_type}") or self._file(
            f"rels-{rel_type}", _rel_header(rel_type, columns)
        )
        file.writer.writerow([source, target, *self.stamp, *cells])
        self.result.rows += 1

    def _counted(self, label: str) -> None:
        """The waiting rows of a counted label, with their counts, into the label's file."""
        pending = self.files.pop(f"pending-{label}")
        pending.handle.close()
        kept = self.kept[label]
        tallies = [self.tallies[(label, name)] for name, _, _ in kept]
        header = _node_header(label, self.node_columns[label])
        out = self._file(f"nodes-{label}", header + [f"{name}:long" for name, _, _ in kept])
        with pending.path.open(encoding="utf-8", newline="") as handle:
            for key, labels, *cells in csv.reader(handle):
                out.writer.writerow([key, labels, *self.stamp, *cells, *(t[key] for t in tallies)])
        pending.path.unlink()

    def close(self) -> ImportFiles:
        for label in self.kept:
            if f"pending-{label}" in self.files:
                self._counted(label)
        for file in self.files.values():
            file.handle.close()
        order = {name: index for index, name in enumerate(NODE_LABELS)}
        named = sorted(self.files, key=lambda name: order.get(name.removeprefix("nodes-"), 0))
        self.result.nodes = [self.files[n].path for n in named if n.startswith("nodes-")]
        self.result.relationships = [
            (n.removeprefix("rels-"), self.files[n].path) for n in named if n.startswith("rels-")
        ]
        return self.result


def write(batches: Batches, directory: Path, dataset: str, load_id: str) -> ImportFiles:
    """Write rows held in memory into `directory` (created), each file's columns from its
    rows."""
    nodes = {
        label: columns_of(row["props"] for row in rows) for label, rows in batches.nodes.items()
    }
    rels = {
        rel_type: columns_of(
            row["props"] for row in rows if all(fits(v) for v in row["props"].values())
        )
        for rel_type, rows in batches.rels.items()
    }
    writer = ImportWriter(directory, dataset, load_id, nodes, rels)
    for label in NODE_LABELS:
        for row in batches.nodes.get(label, ()):
            writer.node(label, row["key"], row["props"], row["extraLabel"])
    for rel_type in REL_SHAPES:
        for row in batches.rels.get(rel_type, ()):
            writer.rel(rel_type, row["from"], row["to"], row["props"])
    return writer.close()
