"""The record kinds analysts write, by API or import: the seed's models and row shaping.

Each validated record becomes a `graph.curation.Write`, so the seed, the API and the import
accept the same records and store them the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, TypeAdapter
from pydantic import ValidationError as PydanticError

from errors import FieldProblem, ValidationError
from graph.diffs import NodeState, Ref, Write, edge_state, node_state
from graph.loading import Batches
from seeds import loader, models
from seeds.reader import record_problems


class Participation(models.Party, models.Sourced):
    """An actor's part in a project, recorded on its own (the seed nests it in the project)."""

    project: models.Key


def add_participation(b: Batches, participation: Participation) -> None:
    props = {**loader.provenance(participation), "role": participation.role}
    b.rel("PARTICIPATES_IN", participation.actor, participation.project, props)


def _path(loc: Sequence[int | str]) -> str:
    return ".".join(str(part) for part in loc) or "record"


def problems_of(model: type[BaseModel], data: Mapping[str, Any]) -> tuple[Any, list[FieldProblem]]:
    """The record, or None with every problem: field checks, then the record's own rules."""
    try:
        record = model.model_validate(data)
    except PydanticError as exc:
        return None, [(_path(error["loc"]), error["msg"]) for error in exc.errors()]
    return record, record_problems(record)


def validate(model: type[BaseModel], data: Mapping[str, Any], where: str) -> Any:
    """The validated record; VALIDATION listing each bad field under `where` otherwise."""
    record, problems = problems_of(model, data)
    if problems:
        raise invalid(problems, where)
    return record


def invalid(problems: Sequence[FieldProblem], where: str) -> ValidationError:
    fields = [(f"{where}.{path}" if where else path, text) for path, text in problems]
    listed = "; ".join(f"{path}: {text}" for path, text in fields[:5])
    more = f" (and {len(fields) - 5} more)" if len(fields) > 5 else ""
    return ValidationError(f"Invalid input: {listed}{more}.", problems=fields)


def check(adapter: TypeAdapter[Any], value: Any, field: str) -> Any:
    """One argument checked with a seed type (Key, Text ...): VALIDATION naming `field`."""
    try:
        return adapter.validate_python(value)
    except PydanticError as exc:
        problems = [(_path([field, *error["loc"]]), error["msg"]) for error in exc.errors()]
        raise invalid(problems, "") from None


def _sources(record: models.Sourced) -> list[Ref]:
    return [Ref("Source", key, f"sources.{i}") for i, key in enumerate(record.sources)]


def _each(label: str, keys: Sequence[str], field: str) -> list[Ref]:
    return [Ref(label, key, f"{field}.{i}") for i, key in enumerate(keys)]


def _one(label: str, key: str | None, field: str) -> list[Ref]:
    return [] if key is None else [Ref(label, key, field)]


ACTOR_DERIVED = frozenset({"sortName", "nameEnFold", "acronymFold"})
THEME_DERIVED = frozenset({"synonymText", "labelFrFold", "labelEnFold", "synonymFolds"})
TITLE_DERIVED = frozenset({"titleFrFold", "titleEnFold"})


def source_write(record: models.Source, where: str = "") -> Write:
    b = Batches()
    loader.add_source(b, record)
    return Write("Source", record.key, node_state(b, "Source", record.key), where=where)


def theme_write(record: models.Theme, where: str = "") -> Write:
    b = Batches()
    loader.add_theme(b, record)
    refs = [*_sources(record), *_each("Theme", record.broader, "broader")]
    state = node_state(b, "Theme", record.key)
    return Write("Theme", record.key, state, tuple(refs), THEME_DERIVED, where)


def actor_write(record: models.Actor, where: str = "") -> Write:
    b = Batches()
    loader.add_actor(b, record)
    refs = [
        *_sources(record),
        *_one("City", record.city, "city"),
        *_each("Sector", record.sectors, "sectors"),
    ]
    state = node_state(b, "Actor", record.key)
    return Write("Actor", record.key, state, tuple(refs), ACTOR_DERIVED, where)


def agreement_write(record: models.Agreement, where: str = "") -> Write:
    b = Batches()
    loader.add_agreement(b, record)
    refs = [
        *_sources(record),
        *[Ref("Actor", p.actor, f"parties.{i}.actor") for i, p in enumerate(record.parties)],
        *_one("City", record.place, "place"),
        *_one("Agreement", record.parent, "parent"),
        *_each("Theme", record.themes, "themes"),
    ]
    state = node_state(b, "Agreement", record.key)
    return Write("Agreement", record.key, state, tuple(refs), TITLE_DERIVED, where)


def project_write(record: models.Project, where: str = "") -> Write:
    b = Batches()
    loader.add_project(b, record)
    refs = [
        *_sources(record),
        *[
            Ref("Actor", p.actor, f"participants.{i}.actor")
            for i, p in enumerate(record.participants)
        ],
        *_one("Agreement", record.agreement, "agreement"),
        *_each("Theme", record.themes, "themes"),
    ]
    state = node_state(b, "Project", record.key)
    return Write("Project", record.key, state, tuple(refs), TITLE_DERIVED, where)


def link_write(record: models.Link, where: str = "") -> Write:
    b = Batches()
    loader.add_link(b, record)
    refs = [*_sources(record), Ref("Actor", record.from_, "from"), Ref("Actor", record.to, "to")]
    key = f"{record.from_}/{record.type.value}/{record.to}"
    return Write("ActorLink", key, edge_state(b), tuple(refs), where=where)


def competency_write(record: models.Competency, where: str = "") -> Write:
    b = Batches()
    loader.add_competency(b, record)
    refs = [
        *_sources(record),
        Ref("Actor", record.actor, "actor"),
        Ref("Theme", record.theme, "theme"),
    ]
    key = f"{record.actor}/{record.theme}"
    return Write("Competency", key, edge_state(b), tuple(refs), where=where)


def participation_write(record: Participation, where: str = "") -> Write:
    b = Batches()
    add_participation(b, record)
    refs = [
        *_sources(record),
        Ref("Actor", record.actor, "actor"),
        Ref("Project", record.project, "project"),
    ]
    key = f"{record.actor}/{record.project}"
    return Write("Participation", key, edge_state(b), tuple(refs), where=where)


@dataclass(frozen=True)
class Kind:
    """A kind of record: its model, how it becomes a write, which records it must follow."""

    model: type[BaseModel]
    write: Callable[[Any, str], Write]
    after: Callable[[Any], list[str]] = lambda record: []


KINDS: dict[str, Kind] = {
    "sources": Kind(models.Source, source_write),
    "themes": Kind(models.Theme, theme_write, lambda record: list(record.broader)),
    "actors": Kind(models.Actor, actor_write),
    "links": Kind(models.Link, link_write),
    "agreements": Kind(
        models.Agreement, agreement_write, lambda record: [record.parent] if record.parent else []
    ),
    "projects": Kind(models.Project, project_write),
    "competencies": Kind(models.Competency, competency_write),
    "participations": Kind(Participation, participation_write),
}


def actor_fields(state: NodeState) -> dict[str, Any]:
    """A stored actor back in the shape of `models.Actor` (to apply a patch and re-validate)."""
    fields = {
        name: value
        for name, value in state.props.items()
        if name in models.Actor.model_fields and name != "founded"
    }
    fields["key"] = state.key
    fields["founded"] = state.props.get("foundedYear")
    cities = [rel.other for rel in state.rels if rel.type == "LOCATED_IN"]
    fields["city"] = cities[0] if cities else None
    fields["sectors"] = sorted(rel.other for rel in state.rels if rel.type == "IN_SECTOR")
    return fields
