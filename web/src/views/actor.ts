// An actor's page: who it is, where that comes from, its agreements and projects over time,
// its partners by strength, its competencies and institutional links. Everything links on.

import { gql } from "../api";
import { fill, h, joined } from "../dom";
import { gqlLang, label, lang, link, t, tn } from "../i18n";
import { localisedParagraph, otherLang } from "../langmark";
import { editorActions } from "./editing";
import { historyPanel } from "./history";
import {
  ACTOR_FIELDS,
  actorLink,
  actorName,
  announce,
  dateText,
  facts,
  itemLink,
  kindBadge,
  meter,
  section,
  sourceList,
  themeLink,
  uncertain,
  type ActorRef,
  type SourceRef,
} from "../ui";

const ACTOR_QUERY = `
query ActorPage($key: String!, $lang: Lang!, $other: Lang!) {
  actor(key: $key) {
    ${ACTOR_FIELDS}
    names { fr en ar }
    description(lang: $lang) descriptionOther: description(lang: $other) translated
    formerNames { name fromYear untilYear } founded website confidence note
    city { name(lang: $lang) }
    region { name(lang: $lang) }
    sectors { key name(lang: $lang) }
    links { type outgoing since confidence actor { ${ACTOR_FIELDS} } }
    competencies {
      evidence confidence
      theme { key label(lang: $lang) }
      sources { title url }
    }
    sources { key title url publisher publishedOn }
    partners(first: 25) {
      strength since
      actor { ${ACTOR_FIELDS} }
      agreements { key title(lang: $lang) }
      projects { key title(lang: $lang) }
    }
    agreements(first: 50, orderBy: [{ field: SIGNED_ON, direction: DESC }]) {
      totalCount
      nodes { key kind signedOn title(lang: $lang) }
    }
    projects {
      role
      project { key status startedOn title(lang: $lang) agreement { signedOn } }
    }
  }
}`;

interface Partnership {
  strength: number;
  since: string | null;
  actor: ActorRef;
  agreements: { key: string; title: string }[];
  projects: { key: string; title: string }[];
}

interface Actor extends ActorRef {
  names: { fr: string; en: string | null; ar: string | null };
  description: string | null;
  descriptionOther: string | null;
  translated: string[];
  formerNames: { name: string; fromYear: number | null; untilYear: number | null }[];
  founded: number | null;
  website: string | null;
  confidence: string;
  note: string | null;
  city: { name: string } | null;
  region: { name: string } | null;
  sectors: { key: string; name: string }[];
  links: {
    type: string;
    outgoing: boolean;
    since: number | null;
    confidence: string;
    actor: ActorRef;
  }[];
  competencies: {
    evidence: string;
    confidence: string;
    theme: { key: string; label: string };
    sources: SourceRef[];
  }[];
  sources: SourceRef[];
  partners: Partnership[];
  agreements: {
    totalCount: number;
    nodes: { key: string; kind: string; signedOn: string; title: string }[];
  };
  projects: {
    role: string;
    project: {
      key: string;
      status: string;
      startedOn: string | null;
      title: string;
      agreement: { signedOn: string } | null;
    };
  }[];
}

/** One line of the timeline: an agreement signed or a project started. */
interface TimelineEvent {
  kind: "AGREEMENT" | "PROJECT";
  key: string;
  date: string | null;
  dateInferred: boolean;
  relation: string;
  title: string;
  role: string | null;
}

/** Agreements by signing date and projects by start (else the date of the agreement framing
 * them, as the API's `timeline` does), newest first; undated projects last. */
function events(actor: Actor): TimelineEvent[] {
  const agreements: TimelineEvent[] = actor.agreements.nodes.map((agreement) => ({
    kind: "AGREEMENT",
    key: agreement.key,
    date: agreement.signedOn,
    dateInferred: false,
    relation: label("agreementKind", agreement.kind),
    title: agreement.title,
    role: null,
  }));
  const projects: TimelineEvent[] = actor.projects.map(({ role, project }) => ({
    kind: "PROJECT",
    key: project.key,
    date: project.startedOn ?? project.agreement?.signedOn ?? null,
    dateInferred: !project.startedOn && !!project.agreement,
    relation: `${label("search", "PROJECT")} · ${label("status", project.status)}`,
    title: project.title,
    role,
  }));
  return [...agreements, ...projects].sort((a, b) => (b.date ?? "").localeCompare(a.date ?? ""));
}

/** "(1995)", "(2019–2021)", "(until 2017)", "(from 2010)", or "" when no year is given. */
function period(former: { fromYear: number | null; untilYear: number | null }): string {
  const { fromYear: from, untilYear: until } = former;
  if (from && until) return from === until ? `(${from})` : `(${from}–${until})`;
  if (until) return `(${t("actor.until")} ${until})`;
  return from ? `(${t("actor.from")} ${from})` : "";
}

function identity(actor: Actor): HTMLElement {
  const names = [actor.names.fr, actor.names.en, actor.names.ar].filter(
    (name): name is string => !!name && name !== actor.name,
  );
  return section(
    t("actor.identity"),
    "actor-identity",
    actor.description
      ? localisedParagraph(
          {
            text: actor.description,
            other: actor.descriptionOther,
            fallsBackTo: "en",
            translated: actor.translated.includes(
              lang() === "en" ? "description" : "descriptionFr",
            ),
          },
          "description",
        )
      : null,
    facts([
      [t("actor.kind"), label("kind", actor.kind)],
      [
        t("actor.names"),
        names.length
          ? joined(
              names.map((name) => h("span", { dir: "auto" }, name)),
              " · ",
            )
          : null,
      ],
      [
        t("actor.formerNames"),
        actor.formerNames.length
          ? joined(
              actor.formerNames.map((former) =>
                h("span", { dir: "auto" }, [former.name, period(former)].filter(Boolean).join(" ")),
              ),
              " · ",
            )
          : null,
      ],
      [t("actor.founded"), actor.founded ? String(actor.founded) : null],
      [t("actor.place"), [actor.city?.name, actor.region?.name].filter(Boolean).join(", ")],
      [
        t("actor.sectors"),
        actor.sectors.length
          ? joined(
              actor.sectors.map((sector) =>
                h("a", { href: link("/expertise", { theme: sector.name }) }, sector.name),
              ),
            )
          : null,
      ],
      [
        t("actor.website"),
        actor.website
          ? h(
              "a",
              { href: actor.website, rel: "noopener noreferrer external", target: "_blank" },
              actor.website,
            )
          : null,
      ],
      [t("actor.note"), actor.note],
    ]),
  );
}

function timeline(actor: Actor): HTMLElement {
  const list = events(actor);
  const hidden = actor.agreements.totalCount - actor.agreements.nodes.length;
  return section(
    t("actor.timeline"),
    "actor-timeline",
    list.length
      ? h(
          "ol",
          { class: "timeline" },
          list.map((event) =>
            h(
              "li",
              { class: `event event-${event.kind.toLowerCase()}` },
              h(
                "div",
                { class: "event-date" },
                dateText(event.date),
                event.dateInferred
                  ? h("span", { class: "muted" }, ` (${t("timeline.inferred")})`)
                  : null,
              ),
              h(
                "div",
                { class: "event-body" },
                h("span", { class: "badge" }, event.relation),
                " ",
                itemLink(event.kind, event.key, event.title),
                event.role
                  ? h("span", { class: "muted" }, ` — ${label("role", event.role)}`)
                  : null,
              ),
            ),
          ),
        )
      : h("p", { class: "muted" }, t("none")),
    hidden > 0
      ? h("p", { class: "muted" }, tn("timeline.truncated", actor.agreements.nodes.length))
      : null,
  );
}

function partners(actor: Actor): HTMLElement {
  const strongest = Math.max(1, ...actor.partners.map((partner) => partner.strength));
  // What links them, folded: titles are long and a partner may share a dozen items.
  const through = (partner: Partnership): HTMLElement =>
    h(
      "details",
      null,
      h(
        "summary",
        null,
        [
          partner.agreements.length ? tn("actor.agreementCount", partner.agreements.length) : "",
          partner.projects.length ? tn("actor.projectCount", partner.projects.length) : "",
        ]
          .filter(Boolean)
          .join(" · "),
      ),
      h(
        "ul",
        { class: "plain through-list" },
        partner.agreements.map((agreement) =>
          h("li", null, itemLink("AGREEMENT", agreement.key, agreement.title)),
        ),
        partner.projects.map((project) =>
          h(
            "li",
            null,
            h("span", { class: "badge" }, label("search", "PROJECT")),
            " ",
            itemLink("PROJECT", project.key, project.title),
          ),
        ),
      ),
    );
  return section(
    t("actor.partners"),
    "actor-partners",
    h("p", { class: "muted" }, t("actor.partnersHelp")),
    actor.partners.length
      ? h(
          "table",
          { class: "partners responsive" },
          h(
            "caption",
            { class: "visually-hidden" },
            t("actor.partnersCaption", { name: actor.name }),
          ),
          h(
            "thead",
            null,
            h(
              "tr",
              null,
              [t("actor.partner"), t("actor.strength"), t("actor.since"), t("actor.through")].map(
                (text) => h("th", { scope: "col" }, text),
              ),
            ),
          ),
          h(
            "tbody",
            null,
            actor.partners.map((partner) =>
              h(
                "tr",
                null,
                h(
                  "th",
                  { scope: "row", "data-label": t("actor.partner") },
                  actorLink(partner.actor),
                ),
                h(
                  "td",
                  { "data-label": t("actor.strength") },
                  meter(
                    partner.strength,
                    strongest,
                    String(partner.strength),
                    tn("actor.strengthHelp", partner.strength),
                  ),
                ),
                h(
                  "td",
                  { "data-label": t("actor.since"), class: "nowrap" },
                  dateText(partner.since, "short"),
                ),
                h("td", { "data-label": t("actor.through"), class: "through" }, through(partner)),
              ),
            ),
          ),
        )
      : h("p", { class: "muted" }, t("none")),
  );
}

function links(actor: Actor): HTMLElement | null {
  if (!actor.links.length) return null;
  return section(
    t("actor.links"),
    "actor-links",
    h(
      "ul",
      { class: "plain" },
      actor.links.map((item) =>
        h(
          "li",
          null,
          label("linkType", `${item.type}.${item.outgoing ? "out" : "in"}`),
          " ",
          actorLink(item.actor),
          item.since
            ? h("span", { class: "muted" }, ` (${t("actor.sinceYear", { year: item.since })})`)
            : null,
          " ",
          uncertain(item.confidence),
        ),
      ),
    ),
  );
}

function competencies(actor: Actor): HTMLElement {
  return section(
    t("actor.competencies"),
    "actor-competencies",
    actor.competencies.length
      ? h(
          "ul",
          { class: "competencies" },
          actor.competencies.map((competency) =>
            h(
              "li",
              null,
              themeLink(competency.theme),
              " ",
              uncertain(competency.confidence),
              h("p", null, competency.evidence),
              sourceList(competency.sources, true),
            ),
          ),
        )
      : h("p", { class: "muted" }, t("none")),
  );
}

export async function renderActor(
  route: { key: string },
  main: HTMLElement,
  signal: AbortSignal,
): Promise<void> {
  const { actor } = await gql<{ actor: Actor | null }>(
    ACTOR_QUERY,
    { key: route.key, lang: gqlLang(), other: otherLang() },
    signal,
  );
  if (!actor) throw new Error(t("error.noActor", { key: route.key }));
  document.title = `${actorName(actor)} — Maillage`;
  const key = encodeURIComponent(actor.key);
  fill(
    main,
    h(
      "div",
      { class: "page-head" },
      h("p", { class: "eyebrow" }, kindBadge(actor.kind), " ", uncertain(actor.confidence)),
      h(
        "h1",
        null,
        actor.name,
        actor.acronym ? h("span", { class: "acronym" }, ` (${actor.acronym})`) : null,
      ),
      h(
        "ul",
        { class: "actions" },
        h(
          "li",
          null,
          h("a", { class: "button", href: link(`/actor/${key}/network`) }, t("actor.network")),
        ),
        h(
          "li",
          null,
          h(
            "a",
            { class: "button secondary", href: link("/paths", { from: actor.key }) },
            t("actor.pathFrom"),
          ),
        ),
      ),
    ),
    h(
      "div",
      { class: "columns" },
      h("div", { class: "column-main" }, partners(actor), timeline(actor)),
      h(
        "div",
        { class: "column-side" },
        identity(actor),
        links(actor),
        competencies(actor),
        section(t("actor.sources"), "actor-sources", sourceList(actor.sources)),
        historyPanel(actor.key),
      ),
    ),
  );
  editorActions(main.querySelector(".page-head .actions"), {
    key: actor.key,
    text: actorName(actor),
  });
  announce(`${actorName(actor)} — ${tn("actor.partnerCount", actor.partners.length)}`);
}
