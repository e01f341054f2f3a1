"""Bulk import of curated records (CSV or JSON Lines): check the whole file, then load in batches.

Rows are validated like API input (the seed models), references are checked against the graph
and the file, and each batch is one transaction whose changes are audited. Re-running a file
changes nothing: equal records are left alone.
"""

from __future__ import annotations

import csv
import json
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.table import Table

from errors import ImportFileError
from graph import curation
from graph.db import Db
from graph.diffs import Meta, Ref, Write
from seeds.curation import KINDS, Kind, problems_of

MEMBER_LISTS = {"parties", "participants"}


@dataclass(frozen=True)
class Line:
    """A validated record of the file and its line number."""

    number: int
    record: Any
    write: Write


@dataclass
class Report:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)
    dry_run: bool = False

    def render(self) -> Table:
        verb = "would be " if self.dry_run else ""
        table = Table(title="Dry run (nothing written)" if self.dry_run else "Import done")
        table.add_column("rows")
        table.add_column("count", justify="right")
        table.add_row("read", str(self.rows))
        table.add_row(f"{verb}created", str(self.created))
        table.add_row(f"{verb}updated", str(self.updated))
        table.add_row("unchanged", str(self.unchanged))
        table.add_row("skipped (invalid)", str(self.skipped))
        return table


def _is_list(annotation: Any) -> bool:
    args: tuple[Any, ...] = typing.get_args(annotation)
    return typing.get_origin(annotation) is list or any(_is_list(arg) for arg in args)


def _list_fields(kind: Kind) -> set[str]:
    """Columns holding lists (`;`-separated in CSV)."""
    fields = kind.model.model_fields.items()
    return {info.alias or name for name, info in fields if _is_list(info.annotation)}


def _member(text: str) -> dict[str, str]:
    actor, _, role = text.partition(":")
    return {"actor": actor.strip(), "role": role.strip()}


def _csv_rows(path: Path, kind: Kind, problems: list[str]) -> Iterable[tuple[int, dict[str, Any]]]:
    lists = _list_fields(kind)
    allowed = {info.alias or name for name, info in kind.model.model_fields.items()}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        unknown = sorted(set(reader.fieldnames or ()) - allowed)
        if unknown:
            problems.append(f"line 1: unknown column(s): {', '.join(unknown)}")
            return
        for row in reader:
            data: dict[str, Any] = {}
            for name, cell in row.items():
                if name is None or cell is None or not cell.strip():
                    continue
                if name in lists:
                    items = [item.strip() for item in cell.split(";") if item.strip()]
                    data[name] = (
                        [_member(item) for item in items] if name in MEMBER_LISTS else items
                    )
                else:
                    data[name] = cell
            yield reader.line_num, data


def _jsonl_rows(path: Path, problems: list[str]) -> Iterable[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                problems.append(f"line {number}: not valid JSON: {exc.msg}")
                continue
            if not isinstance(value, dict):
                problems.append(f"line {number}: expected one JSON object per line")
                continue
            yield number, value


def read_file(path: Path, kind_name: str) -> tuple[list[Line], list[str]]:
    """Every record of the file that validates, and a problem line for each that does not."""
    if kind_name not in KINDS:
        raise ImportFileError([f"unknown kind {kind_name!r}; one of: {', '.join(KINDS)}"])
    kind = KINDS[kind_name]
    problems: list[str] = []
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            rows = list(_csv_rows(path, kind, problems))
        elif suffix in (".jsonl", ".ndjson"):
            rows = list(_jsonl_rows(path, problems))
        else:
            raise ImportFileError([f"{path.name}: use a .csv or .jsonl file"])
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ImportFileError([f"{path.name}: cannot read: {exc}"]) from None
    lines: list[Line] = []
    first: dict[str, int] = {}
    for number, data in rows:
        record, found = problems_of(kind.model, data)
        label = data.get("key")
        where = f"line {number}" + (f" ({label})" if isinstance(label, str) else "")
        problems.extend(f"{where}: {path_}: {text}" for path_, text in found)
        if record is None or found:
            continue
        write = kind.write(record, f"line {number}")
        if write.entity_key in first:
            problems.append(f"{where}: duplicate of line {first[write.entity_key]}")
            continue
        first[write.entity_key] = number
        lines.append(Line(number, record, write))
    return _ordered(lines, kind), problems


def _ordered(lines: list[Line], kind: Kind) -> list[Line]:
    """Records a same-kind record refers to (a framework, a broader theme) come first."""
    by_key = {line.write.entity_key: line for line in lines}
    placed: set[str] = set()
    out: list[Line] = []

    def place(line: Line, path: set[str]) -> None:
        key = line.write.entity_key
        if key in placed or key in path:
            return
        for parent in kind.after(line.record):
            if parent in by_key:
                place(by_key[parent], path | {key})
        placed.add(key)
        out.append(line)

    for line in lines:
        place(line, set())
    return out


async def check_references(db: Db, lines: list[Line]) -> tuple[list[Line], list[str]]:
    """Drop records naming keys neither the graph nor the file's good records hold."""
    refs = {(ref.label, ref.key) for line in lines for ref in line.write.refs}
    absent = await curation.absent(db, refs)
    problems: list[str] = []
    kept = lines
    while True:
        made = {line.write.node for line in kept}
        good: list[tuple[Line, list[Ref]]] = []
        bad: list[tuple[Line, list[Ref]]] = []
        for line in kept:
            missing = [
                ref
                for ref in line.write.refs
                if (ref.label, ref.key) in absent and (ref.label, ref.key) not in made
            ]
            (bad if missing else good).append((line, missing))
        for line, missing in bad:
            problems.extend(
                f"line {line.number}: {ref.path}: unknown {ref.label.lower()} {ref.key!r}"
                for ref in missing
            )
        kept = [line for line, _ in good]
        if not bad:
            return kept, problems


async def run(
    db: Db,
    path: Path,
    kind: str,
    *,
    meta: Meta,
    dry_run: bool = False,
    skip_invalid: bool = False,
    batch_size: int = 500,
    progress: Callable[[int], None] | None = None,
    total: Callable[[int], None] | None = None,
) -> Report:
    """Import `path`; with a bad row, nothing is written unless `skip_invalid`."""
    read, problems = read_file(path, kind)
    lines, missing = await check_references(db, read)
    problems = sorted([*problems, *missing], key=_line_number)
    if problems and not skip_invalid:
        raise ImportFileError(problems)
    numbers = {line.number for line in read} | {_line_number(problem) for problem in problems}
    report = Report(rows=len(numbers - {0}), problems=problems, dry_run=dry_run)
    report.skipped = report.rows - len(lines)
    if total is not None:
        total(len(lines))
    for start in range(0, len(lines), batch_size):
        writes = [line.write for line in lines[start : start + batch_size]]
        if dry_run:
            verdicts = await curation.preview(db, writes)
        else:
            outcomes = await curation.upsert(db, writes, meta)
            verdicts = [_verdict(outcome) for outcome in outcomes]
        report.created += verdicts.count("create")
        report.updated += verdicts.count("update")
        report.unchanged += verdicts.count("unchanged")
        if progress is not None:
            progress(len(writes))
    return report


def _verdict(outcome: curation.Outcome) -> str:
    if outcome.change is None:
        return "unchanged"
    return "create" if outcome.change.action.value == "create" else "update"


def _line_number(problem: str) -> int:
    head = problem.split(":", 1)[0].split(" ")
    return int(head[1]) if len(head) > 1 and head[1].isdigit() else 0
