"""`where` inputs compiled to Cypher predicates: every value a parameter, every shape bounded."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from errors import LimitExceededError, ValidationError
from graph.text import fold

if TYPE_CHECKING:
    from graph.compiler import Compilation

MAX_DEPTH = 6
MAX_TEXT = 200

Where = Callable[["Compilation", Mapping[str, Any], str, int], "str | None"]


def _check_depth(depth: int) -> None:
    if depth > MAX_DEPTH:
        raise LimitExceededError(f"`where` is nested deeper than {MAX_DEPTH} levels.")


def _text(value: Any, name: str) -> str:
    text = str(value)
    if len(text) > MAX_TEXT:
        raise ValidationError(f"`{name}` is longer than {MAX_TEXT} characters.", field=name)
    return text


def _values(c: Compilation, values: Sequence[Any], name: str) -> list[Any]:
    if len(values) > c.limits.max_list:
        raise LimitExceededError(
            f"`{name}.in` has {len(values)} values; at most {c.limits.max_list}.", field=name
        )
    return list(values)


def _any(exprs: Sequence[str], predicate: str) -> str:
    return "(" + " OR ".join(predicate.format(e=expr) for expr in exprs) + ")"


def strings(
    c: Compilation, f: Mapping[str, Any], exact: Sequence[str], folded: Sequence[str], name: str
) -> list[str]:
    """StringFilter: equals / in / contains / startsWith, exact or case- and accent-insensitive."""
    insensitive = str(f.get("mode") or "exact").lower() == "insensitive"
    exprs = folded if insensitive and folded else exact

    def norm(value: Any) -> str:
        text = _text(value, name)
        return fold(text) if insensitive else text

    parts = []
    if f.get("equals") is not None:
        parts.append(_any(exprs, "{e} = " + c.param(norm(f["equals"]))))
    if f.get("in") is not None:
        values = [norm(value) for value in _values(c, f["in"], name)]
        parts.append(_any(exprs, "{e} IN " + c.param(values)))
    if f.get("contains") is not None:
        parts.append(_any(exprs, "{e} CONTAINS " + c.param(norm(f["contains"]))))
    if f.get("startsWith") is not None:
        parts.append(_any(exprs, "{e} STARTS WITH " + c.param(norm(f["startsWith"]))))
    return parts


def ranges(c: Compilation, f: Mapping[str, Any], expr: str) -> list[str]:
    """Int or Date filter: equals, gt, gte, lt, lte."""
    ops = {"equals": "=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
    return [
        f"{expr} {op} {c.param(f[name])}" for name, op in ops.items() if f.get(name) is not None
    ]


def enums(c: Compilation, f: Mapping[str, Any], expr: str, name: str) -> list[str]:
    parts = []
    if f.get("equals") is not None:
        parts.append(f"{expr} = {c.param(str(f['equals']))}")
    if f.get("in") is not None:
        parts.append(f"{expr} IN {c.param([str(v) for v in _values(c, f['in'], name)])}")
    return parts


def keys_in(c: Compilation, f: Mapping[str, Any], name: str) -> str | None:
    """A KeyFilter's keys as one list parameter (equals or in)."""
    values: list[str] = []
    if f.get("equals") is not None:
        values.append(_text(f["equals"], name))
    if f.get("in") is not None:
        values.extend(_text(v, name) for v in _values(c, f["in"], name))
    return c.param(values) if values else None


def related(
    c: Compilation, f: Mapping[str, Any], pattern: str, where: Where, depth: int
) -> list[str]:
    """some / none / all over related items; `pattern` binds the item as {m}."""
    m = c.var()
    bound = pattern.format(m=m)
    parts = []
    for quantifier in ("some", "none", "all"):
        inner = f.get(quantifier)
        if inner is None:
            continue
        predicate = where(c, inner, m, depth + 1)
        if quantifier == "some":
            parts.append(
                f"EXISTS {{ MATCH {bound}" + (f" WHERE {predicate}" if predicate else "") + " }"
            )
        elif quantifier == "none":
            parts.append(
                f"NOT EXISTS {{ MATCH {bound}" + (f" WHERE {predicate}" if predicate else "") + " }"
            )
        elif predicate:
            parts.append(f"NOT EXISTS {{ MATCH {bound} WHERE NOT ({predicate}) }}")
    return parts


def combine(c: Compilation, where: Mapping[str, Any], v: str, depth: int, own: Where) -> list[str]:
    """AND / OR / NOT of the same input type."""
    parts: list[str] = []
    for item in where.get("AND") or []:
        predicate = own(c, item, v, depth + 1)
        if predicate:
            parts.append(predicate)
    alternatives = [own(c, item, v, depth + 1) for item in where.get("OR") or []]
    if alternatives:
        parts.append("(" + " OR ".join(p or "true" for p in alternatives) + ")")
    if where.get("NOT") is not None:
        parts.append(f"NOT ({own(c, where['NOT'], v, depth + 1) or 'true'})")
    return parts


def _join(parts: list[str]) -> str | None:
    return " AND ".join(f"({part})" for part in parts) if parts else None


def _provenance(c: Compilation, where: Mapping[str, Any], v: str) -> list[str]:
    if where.get("confidence") is not None:
        return [f"coalesce({v}.confidence, 'certain') = {c.param(str(where['confidence']))}"]
    return []


def actor_where(c: Compilation, where: Mapping[str, Any], v: str, depth: int) -> str | None:
    _check_depth(depth)
    parts = combine(c, where, v, depth, actor_where)
    if where.get("key"):
        parts += strings(c, where["key"], [f"{v}.key"], [f"{v}.key"], "key")
    if where.get("name"):
        exact = [f"{v}.nameFr", f"{v}.nameEn"]
        parts += strings(c, where["name"], exact, [f"{v}.sortName", f"{v}.nameEnFold"], "name")
    if where.get("acronym"):
        parts += strings(c, where["acronym"], [f"{v}.acronym"], [f"{v}.acronymFold"], "acronym")
    if where.get("kind"):
        parts += enums(c, where["kind"], f"{v}.kind", "kind")
    if where.get("founded"):
        parts += ranges(c, where["founded"], f"{v}.foundedYear")
    for name, pattern in (
        ("city", "({v})-[:LOCATED_IN]->(k:City)"),
        ("region", "({v})-[:LOCATED_IN]->(:City)-[:IN_REGION]->(k:Region)"),
        ("sector", "({v})-[:IN_SECTOR]->(k:Sector)"),
    ):
        if where.get(name):
            keys = keys_in(c, where[name], name)
            if keys:
                parts.append(f"EXISTS {{ MATCH {pattern.format(v=v)} WHERE k.key IN {keys} }}")
    parts += _provenance(c, where, v)
    if where.get("agreements"):
        parts += related(
            c, where["agreements"], f"({v})-[:PARTY_TO]->({{m}}:Agreement)", agreement_where, depth
        )
    if where.get("projects"):
        parts += related(
            c, where["projects"], f"({v})-[:PARTICIPATES_IN]->({{m}}:Project)", project_where, depth
        )
    if where.get("competencies"):
        parts += related(
            c, where["competencies"], f"({v})-[:HAS_COMPETENCY]->({{m}}:Theme)", theme_where, depth
        )
    return _join(parts)


def _titles(c: Compilation, f: Mapping[str, Any], v: str) -> list[str]:
    exact = [f"{v}.titleFr", f"{v}.titleEn"]
    return strings(c, f, exact, [f"{v}.titleFrFold", f"{v}.titleEnFold"], "title")


def agreement_where(c: Compilation, where: Mapping[str, Any], v: str, depth: int) -> str | None:
    _check_depth(depth)
    parts = combine(c, where, v, depth, agreement_where)
    if where.get("key"):
        parts += strings(c, where["key"], [f"{v}.key"], [f"{v}.key"], "key")
    if where.get("title"):
        parts += _titles(c, where["title"], v)
    if where.get("kind"):
        parts += enums(c, where["kind"], f"{v}.kind", "kind")
    if where.get("signedOn"):
        parts += ranges(c, where["signedOn"], f"{v}.signedOn")
    for name, pattern in (
        ("place", "({v})-[:SIGNED_IN]->(k:City)"),
        ("parent", "({v})-[:UNDER]->(k:Agreement)"),
    ):
        if where.get(name):
            keys = keys_in(c, where[name], name)
            if keys:
                parts.append(f"EXISTS {{ MATCH {pattern.format(v=v)} WHERE k.key IN {keys} }}")
    parts += _provenance(c, where, v)
    if where.get("parties"):
        parts += related(
            c, where["parties"], f"({v})<-[:PARTY_TO]-({{m}}:Actor)", actor_where, depth
        )
    if where.get("themes"):
        parts += related(c, where["themes"], f"({v})-[:COVERS]->({{m}}:Theme)", theme_where, depth)
    return _join(parts)


def project_where(c: Compilation, where: Mapping[str, Any], v: str, depth: int) -> str | None:
    _check_depth(depth)
    parts = combine(c, where, v, depth, project_where)
    if where.get("key"):
        parts += strings(c, where["key"], [f"{v}.key"], [f"{v}.key"], "key")
    if where.get("title"):
        parts += _titles(c, where["title"], v)
    if where.get("status"):
        parts += enums(c, where["status"], f"{v}.status", "status")
    if where.get("startedOn"):
        parts += ranges(c, where["startedOn"], f"{v}.startedOn")
    if where.get("agreement"):
        keys = keys_in(c, where["agreement"], "agreement")
        if keys:
            parts.append(
                f"EXISTS {{ MATCH ({v})-[:FRAMED_BY]->(k:Agreement) WHERE k.key IN {keys} }}"
            )
    parts += _provenance(c, where, v)
    if where.get("participants"):
        parts += related(
            c, where["participants"], f"({v})<-[:PARTICIPATES_IN]-({{m}}:Actor)", actor_where, depth
        )
    if where.get("themes"):
        parts += related(
            c, where["themes"], f"({v})-[:ADDRESSES]->({{m}}:Theme)", theme_where, depth
        )
    return _join(parts)


def theme_where(c: Compilation, where: Mapping[str, Any], v: str, depth: int) -> str | None:
    _check_depth(depth)
    parts = combine(c, where, v, depth, theme_where)
    if where.get("key"):
        parts += strings(c, where["key"], [f"{v}.key"], [f"{v}.key"], "key")
    if where.get("label"):
        f = where["label"]
        labels = strings(
            c,
            f,
            [f"{v}.labelFr", f"{v}.labelEn"],
            [f"{v}.labelFrFold", f"{v}.labelEnFold"],
            "label",
        )
        synonyms = strings(c, f, ["s"], ["s"], "label")
        listed = "synonymFolds" if _insensitive(f) else "synonyms"
        parts += [
            f"({label} OR ANY(s IN coalesce({v}.{listed}, []) WHERE {syn}))"
            for label, syn in zip(labels, synonyms, strict=True)
        ]
    if where.get("under"):
        keys = keys_in(c, where["under"], "under")
        if keys:
            parts.append(
                f"EXISTS {{ MATCH ({v})-[:BROADER*0..6]->(k:Theme) WHERE k.key IN {keys} }}"
            )
    parts += _provenance(c, where, v)
    return _join(parts)


def _insensitive(f: Mapping[str, Any]) -> bool:
    return str(f.get("mode") or "exact").lower() == "insensitive"
