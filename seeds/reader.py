"""Read and validate the seed files: every problem is reported with its file and line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel
from pydantic import ValidationError as PydanticError

from errors import SeedError
from seeds import models

DATA_DIR = Path(__file__).resolve().parent / "data"
M = TypeVar("M", bound=BaseModel)


@dataclass
class SeedData:
    sources: list[models.Source] = field(default_factory=list)
    regions: list[models.Region] = field(default_factory=list)
    cities: list[models.City] = field(default_factory=list)
    sites: list[models.Site] = field(default_factory=list)
    sectors: list[models.Sector] = field(default_factory=list)
    themes: list[models.Theme] = field(default_factory=list)
    actors: list[models.Actor] = field(default_factory=list)
    links: list[models.Link] = field(default_factory=list)
    agreements: list[models.Agreement] = field(default_factory=list)
    projects: list[models.Project] = field(default_factory=list)
    competencies: list[models.Competency] = field(default_factory=list)


@dataclass(frozen=True)
class Located:
    """A validated record and where it was written."""

    where: str
    record: Any


class _Loader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text: pydantic then reports a bad one with its field."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _items(path: Path, node: yaml.Node | None, problems: list[str]) -> Iterator[tuple[int, Any]]:
    if node is None:
        return
    if not isinstance(node, yaml.SequenceNode):
        problems.append(f"{path.name}:{node.start_mark.line + 1}: expected a list of records")
        return
    values = yaml.load(yaml.serialize(node), Loader=_Loader)  # noqa: S506 (a SafeLoader)
    for item_node, value in zip(node.value, values, strict=True):
        yield item_node.start_mark.line + 1, value


def _compose(path: Path, problems: list[str]) -> yaml.Node | None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(f"{path.name}: file is missing")
        return None
    except UnicodeDecodeError as exc:
        problems.append(f"{path.name}: not UTF-8 ({exc.reason})")
        return None
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark, start = exc.problem_mark, exc.context_mark
        where = f"{path.name}:{mark.line + 1}" if mark else path.name
        context = f" ({exc.context} from line {start.line + 1})" if exc.context and start else ""
        problems.append(f"{where}: not valid YAML: {exc.problem}{context}")
        return None
    except yaml.YAMLError as exc:
        problems.append(f"{path.name}: not valid YAML: {exc}")
        return None


def _validate(
    path: Path, node: yaml.Node | None, model: type[M], problems: list[str]
) -> list[Located]:
    out: list[Located] = []
    for line, value in _items(path, node, problems):
        label = value.get("key") if isinstance(value, dict) else None
        where = f"{path.name}:{line}" + (f" ({label})" if label else "")
        try:
            out.append(Located(where, model.model_validate(value)))
        except PydanticError as exc:
            for error in exc.errors():
                loc = ".".join(str(part) for part in error["loc"]) or "record"
                problems.append(f"{where}: {loc}: {error['msg']}")
    return out


def _mapping_lists(path: Path, problems: list[str]) -> dict[str, yaml.Node | None]:
    """The lists of places.yaml: `regions` and `cities` (required), `sites` (optional)."""
    node = _compose(path, problems)
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        problems.append(f"{path.name}: expected a mapping with `regions` and `cities`")
        return {}
    parts = {key.value: value for key, value in node.value}
    for name in ("regions", "cities"):
        if name not in parts:
            problems.append(f"{path.name}: `{name}` is missing")
    return parts


def read_seed(directory: Path = DATA_DIR) -> SeedData:
    """Validate every file, then every reference; raise SeedError listing all problems."""
    problems: list[str] = []
    places = directory / "places.yaml"
    place_lists = _mapping_lists(places, problems)

    def listed(name: str, model: type[M]) -> list[Located]:
        path = directory / name
        return _validate(path, _compose(path, problems), model, problems)

    located: dict[str, list[Located]] = {
        "sources": listed("sources.yaml", models.Source),
        "regions": _validate(places, place_lists.get("regions"), models.Region, problems),
        "cities": _validate(places, place_lists.get("cities"), models.City, problems),
        "sites": _validate(places, place_lists.get("sites"), models.Site, problems),
        "sectors": listed("sectors.yaml", models.Sector),
        "themes": listed("themes.yaml", models.Theme),
        "actors": listed("actors.yaml", models.Actor),
        "links": listed("links.yaml", models.Link),
        "agreements": listed("agreements.yaml", models.Agreement),
        "projects": listed("projects.yaml", models.Project),
        "competencies": listed("competencies.yaml", models.Competency),
    }
    _check_references(located, problems)
    if problems:
        raise SeedError(problems)
    return SeedData(**{name: [item.record for item in items] for name, items in located.items()})


def _keys(items: Iterable[Located], seen: dict[str, str], problems: list[str]) -> set[str]:
    keys: set[str] = set()
    for item in items:
        key = item.record.key
        if key in seen:
            problems.append(f"{item.where}: duplicate key {key!r} (first in {seen[key]})")
        seen[key] = item.where
        keys.add(key)
    return keys


def _check_references(located: dict[str, list[Located]], problems: list[str]) -> None:
    seen: dict[str, str] = {}
    known = {
        name: _keys(located[name], seen, problems)
        for name in ("sources", "regions", "cities", "sites", "sectors", "themes", "actors")
    }
    known["agreements"] = _keys(located["agreements"], seen, problems)
    known["projects"] = _keys(located["projects"], seen, problems)
    competencies: dict[tuple[str, str], str] = {}

    def need(where: str, what: str, kind: str, key: str | None) -> None:
        if key is not None and key not in known[kind]:
            problems.append(f"{where}: {what}: unknown {kind[:-1]} {key!r}")

    for name, items in located.items():
        for item in items:
            record, where = item.record, item.where
            problems.extend(f"{where}: {path}: {text}" for path, text in record_problems(record))
            for source in getattr(record, "sources", []):
                need(where, "sources", "sources", source)
            if name == "cities":
                need(where, "region", "regions", record.region)
            elif name == "sites":
                need(where, "city", "cities", record.city)
            elif name == "themes":
                for broader in record.broader:
                    need(where, "broader", "themes", broader)
            elif name == "actors":
                need(where, "city", "cities", record.city)
                for site in record.sites:
                    need(where, "sites", "sites", site)
                for sector in record.sectors:
                    need(where, "sectors", "sectors", sector)
            elif name == "links":
                need(where, "from", "actors", record.from_)
                need(where, "to", "actors", record.to)
            elif name in ("agreements", "projects"):
                _check_activity(record, where, need)
            elif name == "competencies":
                need(where, "actor", "actors", record.actor)
                need(where, "theme", "themes", record.theme)
                pair = (record.actor, record.theme)
                if pair in competencies:
                    first = competencies[pair]
                    problems.append(f"{where}: {pair[0]} already has {pair[1]!r} ({first})")
                competencies.setdefault(pair, where)


def _check_activity(record: Any, where: str, need: Any) -> None:
    members = record.parties if isinstance(record, models.Agreement) else record.participants
    for member in members:
        need(where, "parties", "actors", member.actor)
    for theme in record.themes:
        need(where, "themes", "themes", theme)
    need(where, "site", "sites", record.site)
    if isinstance(record, models.Agreement):
        need(where, "place", "cities", record.place)
        need(where, "parent", "agreements", record.parent)
    else:
        need(where, "agreement", "agreements", record.agreement)


def record_problems(record: BaseModel) -> list[tuple[str, str]]:
    """What is wrong inside one record, whatever else exists: (field path, reason) pairs.

    Shared by the seed, the API and the import, so all three refuse the same records.
    """
    problems: list[tuple[str, str]] = []
    if isinstance(record, models.Theme) and record.key in record.broader:
        problems.append(("broader", "a theme cannot be its own broader"))
    if isinstance(record, models.Link) and record.from_ == record.to:
        problems.append(("to", "an actor cannot be linked to itself"))
    if isinstance(record, models.Agreement | models.Project):
        field = "parties" if isinstance(record, models.Agreement) else "participants"
        members = record.parties if isinstance(record, models.Agreement) else record.participants
        actors = [member.actor for member in members]
        if len(set(actors)) != len(actors):
            problems.append((field, "an actor is listed twice"))
    if isinstance(record, models.Agreement) and record.parent == record.key:
        problems.append(("parent", "an agreement cannot be its own parent"))
    if (
        isinstance(record, models.Project)
        and record.startedOn
        and record.endedOn
        and record.endedOn < record.startedOn
    ):
        problems.append(("endedOn", "is before startedOn"))
    return problems


def year_of(value: int | dt.date | None) -> int | None:
    if isinstance(value, dt.date):
        return value.year
    return value
