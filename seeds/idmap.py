"""The id map (seeds/idmap.yaml): where each line of the two fact files lives in the graph."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import Field, StringConstraints, model_validator

from errors import SeedError
from graph.loading import NODE_LABELS, REL_SHAPES
from seeds.models import Record, Text

MAP_FILE = Path(__file__).resolve().parent / "idmap.yaml"
ELEMENT = re.compile(
    r"^(?P<label>[A-Za-z_]+):(?:(?P<key>[a-z0-9-]+)|(?P<start>[a-z0-9-]+)->(?P<end>[a-z0-9-]+))"
    r"(?:#(?P<prop>[A-Za-z]+))?$"
)
Section = Literal["facts", "facts2", "facts2_existing"]
# How many lines of each kind the fact files hold (their own counts: FACTS-2's "Counts").
EXPECTED = {
    "facts actors": 22,
    "facts2 actors": 63,
    "facts2_existing": 21,
    "X": 14,
    "P": 44,
    "C": 16,
}


@dataclass(frozen=True)
class Element:
    """A node (`Label:key`) or relationship (`TYPE:from->to`), optionally one property."""

    kind: Literal["node", "rel"]
    name: str
    key: str
    end: str | None
    prop: str | None

    def __str__(self) -> str:
        where = f"{self.key}->{self.end}" if self.kind == "rel" else self.key
        return f"{self.name}:{where}" + (f"#{self.prop}" if self.prop else "")


def parse(text: str) -> Element:
    m = ELEMENT.match(text)
    if not m:
        raise ValueError(f"not an element: {text!r}")
    if m["key"]:
        if m["label"] not in NODE_LABELS:
            raise ValueError(f"unknown label in {text!r}")
        return Element("node", m["label"], m["key"], None, m["prop"])
    if m["label"] not in REL_SHAPES:
        raise ValueError(f"unknown relationship type in {text!r}")
    return Element("rel", m["label"], m["start"], m["end"], m["prop"])


class Entry(Record):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9-]+$", max_length=80)]
    line: Text | None = None
    in_: list[str] = Field(default_factory=list, alias="in", max_length=50)
    excluded: Text | None = None

    @model_validator(mode="after")
    def mapped_or_excluded(self) -> Entry:
        if bool(self.in_) == bool(self.excluded):
            raise ValueError("needs either `in` (elements) or `excluded` (a reason), not both")
        for text in self.in_:
            parse(text)
        return self

    @property
    def elements(self) -> list[Element]:
        return [parse(text) for text in self.in_]


class IdMap(Record):
    facts: list[Entry]
    facts2: list[Entry]
    facts2_existing: list[Entry]

    def sections(self) -> dict[Section, list[Entry]]:
        return {"facts": self.facts, "facts2": self.facts2, "facts2_existing": self.facts2_existing}

    def entries(self) -> list[tuple[Section, Entry]]:
        return [(name, entry) for name, items in self.sections().items() for entry in items]

    def excluded(self) -> list[tuple[Section, Entry]]:
        return [(name, entry) for name, entry in self.entries() if entry.excluded]

    def elements(self) -> list[Element]:
        return [element for _, entry in self.entries() for element in entry.elements]


def read(path: Path = MAP_FILE) -> IdMap:
    try:
        return IdMap.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise SeedError([f"{path.name}: {exc}"]) from exc


def shape_problems(idmap: IdMap) -> list[str]:
    """Ids missing, doubled or miscounted against the fact files' own counts."""
    problems = []
    for name, items in idmap.sections().items():
        ids = [entry.id for entry in items]
        doubled = sorted({i for i in ids if ids.count(i) > 1})
        if doubled:
            problems.append(f"{name}: ids listed twice: {', '.join(doubled)}")
    f2 = [entry.id for entry in idmap.facts2]
    for prefix in ("X", "P", "C"):
        wanted = {f"{prefix}{n:02d}" for n in range(1, EXPECTED[prefix] + 1)}
        missing = sorted(wanted - set(f2))
        if missing:
            problems.append(f"facts2: missing {', '.join(missing)}")
    counts = {
        "facts actors": sum(1 for e in idmap.facts if not re.match(r"^F\d\d$", e.id)),
        "facts2 actors": sum(1 for e in idmap.facts2 if not re.match(r"^([XPCG]\d\d|T2)$", e.id)),
        "facts2_existing": len(idmap.facts2_existing),
    }
    for what, count in counts.items():
        if count != EXPECTED[what]:
            problems.append(f"{what}: {count} ids, the fact files list {EXPECTED[what]}")
    return problems
