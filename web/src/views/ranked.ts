// Actors ranked by expertise: each with its score and the evidence that makes it (kind, date,
// role and its weight, contribution, sources). Shared by the theme and the question views.

import { h, joined } from "../dom";
import { formatNumber, label, t } from "../i18n";
import {
  ACTOR_FIELDS,
  actorLink,
  dateText,
  itemLink,
  meter,
  sourceLink,
  themeLink,
  uncertain,
  type ActorRef,
  type SourceRef,
} from "../ui";

/** The selection of an expertise hit; the operation declares `$lang: Lang!`. */
export const HIT_FIELDS = `
    score
    actor { ${ACTOR_FIELDS} }
    evidence(first: 4) {
      kind key date role roleWeight statement distance contribution confidence
      title(lang: $lang)
      theme { key label(lang: $lang) }
      sources { title url }
    }`;

export interface Theme {
  key: string;
  label: string;
}

interface Evidence {
  kind: string;
  key: string;
  date: string | null;
  role: string | null;
  roleWeight: number;
  statement: string | null;
  distance: number;
  contribution: number;
  confidence: string;
  title: string;
  theme: Theme | null;
  sources: SourceRef[];
}

export interface Hit {
  score: number;
  actor: ActorRef;
  evidence: Evidence[];
}

function evidenceItem(item: Evidence): HTMLElement {
  const title =
    item.kind === "COMPETENCY" && item.theme
      ? themeLink(item.theme)
      : itemLink(item.kind, item.key, item.title);
  return h(
    "li",
    { class: "evidence" },
    h("span", { class: `badge evidence-${item.kind.toLowerCase()}` }, label("evidence", item.kind)),
    " ",
    title,
    " ",
    dateText(item.date),
    item.role ? h("span", { class: "muted" }, ` — ${label("role", item.role)}`) : null,
    item.role
      ? h(
          "span",
          { class: "muted role-weight" },
          ` (${t("expertise.roleWeight", { w: formatNumber(item.roleWeight, 2) })})`,
        )
      : null,
    " ",
    uncertain(item.confidence),
    h("span", { class: "contribution" }, ` +${formatNumber(item.contribution, 2)}`),
    item.statement ? h("p", { class: "statement" }, item.statement) : null,
    item.sources.length
      ? h(
          "p",
          { class: "muted evidence-sources" },
          `${t("expertise.sources")} `,
          joined(item.sources.map(sourceLink), " · "),
        )
      : null,
  );
}

export function rankedList(hits: Hit[]): HTMLElement {
  const top = hits[0]?.score ?? 1;
  return h(
    "ol",
    { class: "ranked" },
    hits.map((hit, index) =>
      h(
        "li",
        { class: "ranked-item" },
        h("div", { class: "rank", "aria-hidden": "true" }, String(index + 1)),
        h(
          "div",
          { class: "ranked-body" },
          h(
            "h2",
            { class: "ranked-title" },
            h("span", { class: "visually-hidden" }, `${index + 1}. `),
            actorLink(hit.actor),
          ),
          h(
            "p",
            { class: "score" },
            `${t("expertise.score")} `,
            meter(hit.score, top, formatNumber(hit.score, 2), t("expertise.scoreHelp")),
          ),
          h(
            "ul",
            { class: "evidence-list", "aria-label": t("expertise.evidence") },
            hit.evidence.map(evidenceItem),
          ),
        ),
      ),
    ),
  );
}
