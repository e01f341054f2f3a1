"""How Cypher computes each field of each type: the closed vocabulary the compiler draws on."""

from __future__ import annotations

from typing import Any

from graph import filters
from graph.compiler import (
    Compilation,
    Computed,
    Conn,
    Each,
    Entity,
    Pick,
    Rel,
    Same,
    Scalar,
    TypeSpec,
    date_field,
)
from graph.ids import to_global_id


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def _global(label: str) -> Scalar:
    return Scalar("{v}.key", convert=lambda key: to_global_id(label, key))


def _by_lang(fr: str, en: str, ar: str | None = None) -> Computed:
    """A text in the `lang` argument's language, falling back to French."""
    choices = {"fr": fr, "en": f"coalesce({en}, {fr})", "ar": f"coalesce({ar or fr}, {fr})"}

    def build(c: Compilation, bind: dict[str, str], pick: Pick) -> str:
        lang = str(pick.args.get("lang") or "fr").lower()
        return choices.get(lang, fr).format(**bind)

    return Computed(build)


SOURCES_OF_NODE = Rel("({v}:Source) WHERE {v}.key IN {p}.sources", "Source", carry="WITH {v}")
SOURCES_OF_REL = Rel("({v}:Source) WHERE {v}.key IN {pr}.sources", "Source", carry="WITH {v}")


def _provenance(on: str) -> dict[str, Any]:
    return {
        "sources": SOURCES_OF_NODE if on == "v" else SOURCES_OF_REL,
        "confidence": Scalar(f"coalesce({{{on}}}.confidence, 'certain')"),
        "note": Scalar(f"{{{on}}}.note"),
    }


PARTNER_STEPS = "[:PARTY_TO|PARTICIPATES_IN]"


def _description() -> Computed:
    """The English description by default; French where asked and written."""

    def build(c: Compilation, bind: dict[str, str], pick: Pick) -> str:
        lang = str(pick.args.get("lang") or "en").lower()
        if lang == "fr":
            return "coalesce({v}.descriptionFr, {v}.description)".format(**bind)
        return "{v}.description".format(**bind)

    return Computed(build)


def _parallel(names: str, fields: dict[str, str]) -> str:
    """Items rebuilt from parallel list properties (a node property cannot hold maps)."""
    entries = ", ".join(f"{field}: {{v}}.{prop}[ix]" for field, prop in fields.items())
    return f"[ix IN range(0, size(coalesce({{v}}.{names}, [])) - 1) | {{{{{entries}}}}}]"


FORMER_NAMES = _parallel(
    "formerNames",
    {
        "name": "formerNames",
        "period": "formerNamePeriods",
        "confidence": "formerNameConfidences",
        "note": "formerNameNotes",
    },
)
AMOUNTS = _parallel(
    "amountMdh",
    {
        "mdh": "amountMdh",
        "label": "amountLabels",
        "confidence": "amountConfidences",
        "note": "amountNotes",
    },
)

ACTOR = TypeSpec(
    kind_expr="{v}.kind",
    fields={
        "id": _global("Actor"),
        "key": Scalar("{v}.key"),
        "name": _by_lang("{v}.nameFr", "{v}.nameEn", "{v}.nameAr"),
        "names": Same("Names"),
        "acronym": Scalar("{v}.acronym"),
        "kind": Scalar("{v}.kind"),
        "description": _description(),
        "translated": Scalar("coalesce({v}.translated, [])"),
        "formerNames": Each(FORMER_NAMES, "FormerName"),
        "founded": Scalar("{v}.foundedYear"),
        "website": Scalar("{v}.website"),
        "city": Rel("({p})-[{r}:LOCATED_IN]->({v}:City)", "City", many=False),
        "region": Rel(
            "({p})-[:LOCATED_IN]->(:City)-[{r}:IN_REGION]->({v}:Region)", "Region", many=False
        ),
        "sites": Rel("({p})-[{r}:LOCATED_AT]->({v}:Site)", "Site"),
        "sectors": Rel("({p})-[{r}:IN_SECTOR]->({v}:Sector)", "Sector"),
        "agreements": Conn("Agreement", "({p})-[:PARTY_TO]->({v}:{label})"),
        "partners": Rel(
            f"({{p}})-{PARTNER_STEPS}->({{x}})<-{PARTNER_STEPS}-({{v}}:Actor) WHERE {{v}} <> {{p}}",
            "Partnership",
            # An aggregate inside a nested COLLECT is refused by Cypher; a subquery is not.
            # With asOf: items signed or started by then (an undated project takes its framing
            # agreement's date), partners founded by then (see docs/network.md).
            carry=(
                "WITH DISTINCT {v} WHERE {asOf} IS NULL OR {v}.foundedYear IS NULL "
                "OR {v}.foundedYear <= {asOf}.year WITH {v}, COLLECT {{ MATCH ({p})-"
                + PARTNER_STEPS
                + "->(y)<-"
                + PARTNER_STEPS
                + "-({v}) WITH DISTINCT y WHERE {asOf} IS NULL OR coalesce(y.signedOn, "
                "y.startedOn, head(COLLECT {{ MATCH (y)-[:FRAMED_BY]->(f:Agreement) "
                "RETURN f.signedOn ORDER BY f.signedOn }})) <= {asOf} RETURN y }} AS {via} "
                "WITH {v}, {via} WHERE size({via}) > 0 WITH {v}, {via}"
            ),
            order="size({via}) DESC, {v}.key",
        ),
        "parent": Rel("({p})-[{r}:SUBSIDIARY_OF]->({v}:Actor)", "Actor", many=False),
        "subsidiaries": Rel("({p})<-[{r}:SUBSIDIARY_OF]-({v}:Actor)", "Actor"),
        "memberOf": Rel("({p})-[{r}:MEMBER_OF]->({v}:Actor)", "Actor"),
        "members": Rel("({p})<-[{r}:MEMBER_OF]-({v}:Actor)", "Actor"),
        "foundedBy": Rel("({p})-[{r}:FOUNDED_BY]->({v}:Actor)", "Actor"),
        "founderOf": Rel("({p})<-[{r}:FOUNDED_BY]-({v}:Actor)", "Actor"),
        "supervisedBy": Rel("({p})-[{r}:SUPERVISED_BY]->({v}:Actor)", "Actor"),
        "supervises": Rel("({p})<-[{r}:SUPERVISED_BY]-({v}:Actor)", "Actor"),
        "links": Rel(
            "({p})-[{r}:SUBSIDIARY_OF|MEMBER_OF|FOUNDED_BY|SUPERVISED_BY]-({v}:Actor)",
            "ActorLink",
            order="type({r}), {v}.key",
        ),
        "competencies": Rel("({p})-[{r}:HAS_COMPETENCY]->({v}:Theme)", "Competency"),
        "projects": Rel(
            "({p})-[{r}:PARTICIPATES_IN]->({v}:Project)",
            "Participation",
            order="{v}.startedOn DESC, {v}.key",
        ),
        **_provenance("v"),
    },
)

NAMES = TypeSpec(
    {"fr": Scalar("{v}.nameFr"), "en": Scalar("{v}.nameEn"), "ar": Scalar("{v}.nameAr")}
)
TITLES = TypeSpec({"fr": Scalar("{v}.titleFr"), "en": Scalar("{v}.titleEn")})
LABELS = TypeSpec(
    {"fr": Scalar("{v}.labelFr"), "en": Scalar("{v}.labelEn"), "ar": Scalar("{v}.labelAr")}
)

PARTNERSHIP = TypeSpec(
    {
        "actor": Same("Actor"),
        "strength": Scalar("size({via})"),
        "agreements": Each("[y IN {via} WHERE y:Agreement]", "Agreement"),
        "projects": Each("[y IN {via} WHERE y:Project]", "Project"),
        "since": Scalar(
            "reduce(m = null, y IN {via} | CASE WHEN coalesce(y.signedOn, y.startedOn) IS NOT NULL "
            "AND (m IS NULL OR coalesce(y.signedOn, y.startedOn) < m) "
            "THEN coalesce(y.signedOn, y.startedOn) ELSE m END)",
            convert=_native,
        ),
    }
)

PARTY = TypeSpec(
    {
        "actor": Same("Actor"),
        "role": Scalar("{r}.role"),
        "person": Scalar("{r}.person"),
        **_provenance("r"),
    },
)
PARTICIPATION = TypeSpec(
    {
        "project": Same("Project"),
        "role": Scalar("{r}.role"),
        "person": Scalar("{r}.person"),
        **_provenance("r"),
    },
)
COMPETENCY = TypeSpec(
    {
        "theme": Same("Theme"),
        "evidence": Scalar("{r}.evidence"),
        "since": Scalar("{r}.sinceYear"),
        "standard": Scalar("{r}.standard"),
        **_provenance("r"),
    },
)
FORMER_NAME = TypeSpec(
    {
        "name": Scalar("{v}.name"),
        "period": Scalar("nullIf({v}.period, '')"),
        "fromYear": Scalar("toIntegerOrNull(split({v}.period, '-')[0])"),
        "untilYear": Scalar("toIntegerOrNull(split({v}.period, '-')[-1])"),
        "confidence": Scalar("{v}.confidence"),
        "note": Scalar("nullIf({v}.note, '')"),
    }
)
AMOUNT = TypeSpec(
    {
        "mdh": Scalar("{v}.mdh"),
        "label": Scalar("{v}.label"),
        "confidence": Scalar("{v}.confidence"),
        "note": Scalar("nullIf({v}.note, '')"),
    }
)
ACTOR_LINK = TypeSpec(
    {
        "actor": Same("Actor"),
        "type": Scalar("toLower(type({r}))"),
        "outgoing": Scalar("startNode({r}) = {p}"),
        "since": Scalar("{r}.sinceYear"),
        **_provenance("r"),
    }
)

AGREEMENT = TypeSpec(
    {
        "id": _global("Agreement"),
        "key": Scalar("{v}.key"),
        "title": _by_lang("{v}.titleFr", "{v}.titleEn"),
        "titles": Same("Titles"),
        "kind": Scalar("{v}.kind"),
        "signedOn": date_field("{v}.signedOn"),
        "datePrecision": Scalar("coalesce({v}.datePrecision, 'day')"),
        "amounts": Each(AMOUNTS, "Amount"),
        "place": Rel("({p})-[{r}:SIGNED_IN]->({v}:City)", "City", many=False),
        "site": Rel("({p})-[{r}:SIGNED_AT]->({v}:Site)", "Site", many=False),
        "summary": _by_lang("coalesce({v}.summaryFr, {v}.summary)", "{v}.summary"),
        "parties": Rel("({p})<-[{r}:PARTY_TO]-({v}:Actor)", "Party", order="{v}.sortName"),
        "parent": Rel("({p})-[{r}:UNDER]->({v}:Agreement)", "Agreement", many=False),
        "contracts": Rel(
            "({p})<-[{r}:UNDER]-({v}:Agreement)", "Agreement", order="{v}.signedOn, {v}.key"
        ),
        "themes": Rel("({p})-[{r}:COVERS]->({v}:Theme)", "Theme"),
        "projects": Rel("({p})<-[{r}:FRAMED_BY]-({v}:Project)", "Project"),
        **_provenance("v"),
    }
)

PROJECT = TypeSpec(
    {
        "id": _global("Project"),
        "key": Scalar("{v}.key"),
        "title": _by_lang("{v}.titleFr", "{v}.titleEn"),
        "titles": Same("Titles"),
        "status": Scalar("{v}.status"),
        "startedOn": date_field("{v}.startedOn"),
        "endedOn": date_field("{v}.endedOn"),
        "datePrecision": Scalar("coalesce({v}.datePrecision, 'day')"),
        "amounts": Each(AMOUNTS, "Amount"),
        "site": Rel("({p})-[{r}:HELD_AT]->({v}:Site)", "Site", many=False),
        "summary": Scalar("{v}.summary"),
        "agreement": Rel("({p})-[{r}:FRAMED_BY]->({v}:Agreement)", "Agreement", many=False),
        "participants": Rel(
            "({p})<-[{r}:PARTICIPATES_IN]-({v}:Actor)", "Party", order="{v}.sortName"
        ),
        "themes": Rel("({p})-[{r}:ADDRESSES]->({v}:Theme)", "Theme"),
        **_provenance("v"),
    }
)

THEME_ACTORS = (
    "CALL ({p}) {{ MATCH ({p})<-[:HAS_COMPETENCY]-(a:Actor) RETURN a AS {v} "
    "UNION MATCH ({p})<-[:COVERS]-(:Agreement)<-[:PARTY_TO]-(a:Actor) RETURN a AS {v} "
    "UNION MATCH ({p})<-[:ADDRESSES]-(:Project)<-[:PARTICIPATES_IN]-(a:Actor) RETURN a AS {v} }}"
)

THEME = TypeSpec(
    {
        "id": _global("Theme"),
        "key": Scalar("{v}.key"),
        "label": _by_lang("{v}.labelFr", "{v}.labelEn", "{v}.labelAr"),
        "labels": Same("Labels"),
        "synonyms": Scalar("coalesce({v}.synonyms, [])"),
        "broader": Rel("({p})-[{r}:BROADER]->({v}:Theme)", "Theme"),
        "narrower": Rel("({p})<-[{r}:BROADER]-({v}:Theme)", "Theme"),
        "actors": Rel(THEME_ACTORS, "Actor", carry="WITH DISTINCT {v}", order="{v}.sortName"),
        **_provenance("v"),
    }
)

SOURCE = TypeSpec(
    {
        "id": _global("Source"),
        "key": Scalar("{v}.key"),
        "url": Scalar("{v}.url"),
        "title": Scalar("{v}.title"),
        "publisher": Scalar("{v}.publisher"),
        "publishedOn": date_field("{v}.publishedOn"),
        "language": Scalar("{v}.language"),
    }
)

CITY = TypeSpec(
    {
        "id": _global("City"),
        "key": Scalar("{v}.key"),
        "name": _by_lang("{v}.nameFr", "{v}.nameEn"),
        "country": Scalar("{v}.country"),
        "region": Rel("({p})-[{r}:IN_REGION]->({v}:Region)", "Region", many=False),
    }
)
SITE = TypeSpec(
    {
        "id": _global("Site"),
        "key": Scalar("{v}.key"),
        "name": _by_lang("{v}.nameFr", "{v}.nameEn"),
        "description": Scalar("{v}.description"),
        "city": Rel("({p})-[{r}:SITE_IN]->({v}:City)", "City", many=False),
        "actors": Rel("({p})<-[{r}:LOCATED_AT]-({v}:Actor)", "Actor", order="{v}.sortName"),
        **_provenance("v"),
    }
)
REGION = TypeSpec(
    {
        "id": _global("Region"),
        "key": Scalar("{v}.key"),
        "name": _by_lang("{v}.nameFr", "{v}.nameEn", "{v}.nameAr"),
    }
)
SECTOR = TypeSpec(
    {
        "id": _global("Sector"),
        "key": Scalar("{v}.key"),
        "name": _by_lang("{v}.nameFr", "{v}.nameEn"),
        "actors": Rel("({p})<-[{r}:IN_SECTOR]-({v}:Actor)", "Actor", order="{v}.sortName"),
    }
)

SPECS: dict[str, TypeSpec] = {
    "Actor": ACTOR,
    "Names": NAMES,
    "Titles": TITLES,
    "Labels": LABELS,
    "Partnership": PARTNERSHIP,
    "Party": PARTY,
    "Participation": PARTICIPATION,
    "Competency": COMPETENCY,
    "ActorLink": ACTOR_LINK,
    "Agreement": AGREEMENT,
    "Project": PROJECT,
    "Theme": THEME,
    "Source": SOURCE,
    "City": CITY,
    "Site": SITE,
    "FormerName": FORMER_NAME,
    "Amount": AMOUNT,
    "Region": REGION,
    "Sector": SECTOR,
}

_COUNT_PARTNERS = (
    f"COUNT {{{{ MATCH ({{v}})-{PARTNER_STEPS}->()<-{PARTNER_STEPS}-(o:Actor) "
    "WHERE o <> {v} RETURN DISTINCT o }}"
)

ENTITIES: dict[str, Entity] = {
    "Actor": Entity(
        label="Actor",
        spec="Actor",
        where=filters.actor_where,
        sorts={
            "NAME": "{v}.sortName",
            "KEY": "{v}.key",
            "KIND": "{v}.kind",
            "FOUNDED": "coalesce({v}.foundedYear, -1)",
            "AGREEMENT_COUNT": "{v}.agreementCount",
            "PROJECT_COUNT": "{v}.projectCount",
            "PARTNER_COUNT": _COUNT_PARTNERS,
        },
        indexed=frozenset({"AGREEMENT_COUNT", "PROJECT_COUNT"}),
    ),
    "Agreement": Entity(
        label="Agreement",
        spec="Agreement",
        where=filters.agreement_where,
        sorts={
            "SIGNED_ON": "{v}.signedOn",
            "TITLE": "{v}.titleFrFold",
            "KEY": "{v}.key",
            "KIND": "{v}.kind",
            "PARTY_COUNT": "{v}.partyCount",
        },
        indexed=frozenset({"PARTY_COUNT"}),
    ),
    "Project": Entity(
        label="Project",
        spec="Project",
        where=filters.project_where,
        sorts={
            "TITLE": "{v}.titleFrFold",
            "KEY": "{v}.key",
            "STATUS": "{v}.status",
            "STARTED_ON": "coalesce({v}.startedOn, date('0001-01-01'))",
            "PARTICIPANT_COUNT": "{v}.participantCount",
        },
        indexed=frozenset({"PARTICIPANT_COUNT"}),
    ),
    "Theme": Entity(
        label="Theme",
        spec="Theme",
        where=filters.theme_where,
        sorts={
            "LABEL": "{v}.labelFrFold",
            "KEY": "{v}.key",
            "ACTOR_COUNT": "{v}.actorCount",
        },
        indexed=frozenset({"ACTOR_COUNT"}),
    ),
}
