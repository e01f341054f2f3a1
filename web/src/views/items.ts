// Pages for an agreement and a project: what, when, who (with roles), under what, on which
// themes, and the sources.

import { gql } from "../api";
import { fill, h, joined } from "../dom";
import { gqlLang, label, lang, t, tn } from "../i18n";
import { languageMark, localisedParagraph, otherLang } from "../langmark";
import { historyPanel } from "./history";
import {
  ACTOR_FIELDS,
  actorLink,
  announce,
  dateText,
  facts,
  itemLink,
  section,
  sourceList,
  themeLink,
  uncertain,
  type ActorRef,
  type SourceRef,
} from "../ui";

interface Party {
  role: string;
  confidence: string;
  note: string | null;
  actor: ActorRef;
}

interface ItemRef {
  key: string;
  title: string;
}

interface Theme {
  key: string;
  label: string;
}

const AGREEMENT_QUERY = `
query AgreementPage($key: String!, $lang: Lang!, $other: Lang!) {
  agreement(key: $key) {
    key kind signedOn confidence note
    title(lang: $lang) titles { fr en }
    summary(lang: $lang) summaryOther: summary(lang: $other)
    place { name(lang: $lang) }
    parties { role confidence note actor { ${ACTOR_FIELDS} } }
    parent { key title(lang: $lang) }
    contracts { key title(lang: $lang) }
    themes { key label(lang: $lang) }
    projects { key title(lang: $lang) }
    sources { key title url publisher publishedOn }
  }
}`;

interface Agreement {
  key: string;
  kind: string;
  signedOn: string;
  confidence: string;
  note: string | null;
  title: string;
  titles: { fr: string; en: string | null };
  summary: string;
  summaryOther: string;
  place: { name: string } | null;
  parties: Party[];
  parent: ItemRef | null;
  contracts: ItemRef[];
  themes: Theme[];
  projects: ItemRef[];
  sources: SourceRef[];
}

const PROJECT_QUERY = `
query ProjectPage($key: String!, $lang: Lang!) {
  project(key: $key) {
    key status startedOn endedOn summary confidence note
    title(lang: $lang)
    agreement { key title(lang: $lang) }
    participants { role confidence note actor { ${ACTOR_FIELDS} } }
    themes { key label(lang: $lang) }
    sources { key title url publisher publishedOn }
  }
}`;

interface Project {
  key: string;
  status: string;
  startedOn: string | null;
  endedOn: string | null;
  summary: string;
  confidence: string;
  note: string | null;
  title: string;
  agreement: ItemRef | null;
  participants: Party[];
  themes: Theme[];
  sources: SourceRef[];
}

function parties(title: string, id: string, list: Party[]): HTMLElement {
  return section(
    title,
    id,
    h(
      "ul",
      { class: "plain parties" },
      list.map((party) =>
        h(
          "li",
          null,
          actorLink(party.actor),
          h("span", { class: "muted" }, ` — ${label("role", party.role)}`),
          " ",
          uncertain(party.confidence),
          party.note ? h("p", { class: "muted note" }, party.note) : null,
        ),
      ),
    ),
  );
}

function items(kind: "AGREEMENT" | "PROJECT", list: ItemRef[]): HTMLElement | null {
  if (!list.length) return null;
  return h(
    "span",
    null,
    joined(
      list.map((item) => itemLink(kind, item.key, item.title)),
      " · ",
    ),
  );
}

function themes(list: Theme[]): HTMLElement | null {
  return list.length ? h("span", { class: "chips" }, list.map(themeLink)) : null;
}

export async function renderAgreement(
  route: { key: string },
  main: HTMLElement,
  signal: AbortSignal,
): Promise<void> {
  const data = await gql<{ agreement: Agreement | null }>(
    AGREEMENT_QUERY,
    { key: route.key, lang: gqlLang(), other: otherLang() },
    signal,
  );
  const agreement = data.agreement;
  if (!agreement) throw new Error(t("error.noItem", { key: route.key }));
  document.title = `${agreement.title} — Maillage`;
  fill(
    main,
    h(
      "div",
      { class: "page-head" },
      h(
        "p",
        { class: "eyebrow" },
        h("span", { class: "badge" }, label("agreementKind", agreement.kind)),
        " ",
        uncertain(agreement.confidence),
      ),
      h(
        "h1",
        { lang: lang() === "en" && !agreement.titles.en ? "fr" : lang() },
        agreement.title,
        " ",
        languageMark({
          text: agreement.title,
          other: agreement.titles.en === null ? agreement.title : null,
          fallsBackTo: "fr",
        }),
      ),
    ),
    h(
      "div",
      { class: "columns" },
      h(
        "div",
        { class: "column-main" },
        section(
          t("item.summary"),
          "item-summary",
          localisedParagraph(
            { text: agreement.summary, other: agreement.summaryOther, fallsBackTo: "en" },
            "summary",
          ),
        ),
        parties(t("item.parties"), "item-parties", agreement.parties),
      ),
      h(
        "div",
        { class: "column-side" },
        section(
          t("item.facts"),
          "item-facts",
          facts([
            [t("item.signedOn"), dateText(agreement.signedOn)],
            [t("item.place"), agreement.place?.name],
            [
              t("item.parent"),
              agreement.parent
                ? itemLink("AGREEMENT", agreement.parent.key, agreement.parent.title)
                : null,
            ],
            [t("item.contracts"), items("AGREEMENT", agreement.contracts)],
            [t("item.projects"), items("PROJECT", agreement.projects)],
            [t("item.themes"), themes(agreement.themes)],
            [t("actor.note"), agreement.note],
          ]),
        ),
        section(t("actor.sources"), "item-sources", sourceList(agreement.sources)),
        historyPanel(agreement.key),
      ),
    ),
  );
  announce(`${agreement.title} — ${tn("item.partyCount", agreement.parties.length)}`);
}

export async function renderProject(
  route: { key: string },
  main: HTMLElement,
  signal: AbortSignal,
): Promise<void> {
  const data = await gql<{ project: Project | null }>(
    PROJECT_QUERY,
    { key: route.key, lang: gqlLang() },
    signal,
  );
  const project = data.project;
  if (!project) throw new Error(t("error.noItem", { key: route.key }));
  document.title = `${project.title} — Maillage`;
  fill(
    main,
    h(
      "div",
      { class: "page-head" },
      h(
        "p",
        { class: "eyebrow" },
        h("span", { class: "badge" }, label("search", "PROJECT")),
        " ",
        h("span", { class: "badge" }, label("status", project.status)),
        " ",
        uncertain(project.confidence),
      ),
      h("h1", null, project.title),
    ),
    h(
      "div",
      { class: "columns" },
      h(
        "div",
        { class: "column-main" },
        section(t("item.summary"), "item-summary", h("p", null, project.summary)),
        parties(t("item.participants"), "item-parties", project.participants),
      ),
      h(
        "div",
        { class: "column-side" },
        section(
          t("item.facts"),
          "item-facts",
          facts([
            [t("item.startedOn"), dateText(project.startedOn)],
            [t("item.endedOn"), dateText(project.endedOn)],
            [
              t("item.agreement"),
              project.agreement
                ? itemLink("AGREEMENT", project.agreement.key, project.agreement.title)
                : null,
            ],
            [t("item.themes"), themes(project.themes)],
            [t("actor.note"), project.note],
          ]),
        ),
        section(t("actor.sources"), "item-sources", sourceList(project.sources)),
      ),
    ),
  );
  announce(`${project.title} — ${tn("item.participantCount", project.participants.length)}`);
}
