// The "history" panel of an actor or agreement: the audit trail's changes of it or touching
// it, newest first, each with who, when, what and why.

import { gql } from "../api";
import { fill, h, joined } from "../dom";
import { label, lang, link, t } from "../i18n";
import { section } from "../ui";

const HISTORY = `
query History($key: String!) {
  changes(entityKey: $key, first: 20, newestFirst: true) {
    nodes { id at who action entity entityKey fields comment sources }
    pageInfo { hasNextPage }
  }
}`;

interface Change {
  id: string;
  at: string;
  who: string;
  action: string;
  entity: string;
  entityKey: string;
  fields: string[];
  comment: string | null;
  sources: string[];
}

const PAGES: Record<string, string> = {
  Actor: "actor",
  Agreement: "agreement",
  Project: "project",
};

function subject(change: Change): HTMLElement | string {
  const page = PAGES[change.entity];
  const name = `${label("entity", change.entity)} ${change.entityKey}`;
  if (!page || change.action === "DELETE") return name;
  return h("a", { href: link(`/${page}/${encodeURIComponent(change.entityKey)}`) }, name);
}

function when(iso: string): HTMLElement {
  const text = new Intl.DateTimeFormat(lang(), { dateStyle: "medium", timeStyle: "short" }).format(
    new Date(iso),
  );
  return h("time", { datetime: iso }, text);
}

function entry(change: Change): HTMLElement {
  return h(
    "li",
    { class: "change", "data-change": change.id },
    h("div", { class: "event-date" }, when(change.at)),
    h(
      "div",
      null,
      h("span", { class: "badge" }, label("action", change.action)),
      " ",
      subject(change),
      h("span", { class: "muted" }, ` — ${t("history.by", { who: change.who })}`),
      change.fields.length
        ? h("p", { class: "muted" }, t("history.fields"), " ", joined(change.fields))
        : null,
      change.comment ? h("p", null, change.comment) : null,
      change.sources.length
        ? h("p", { class: "muted" }, t("history.sources"), " ", joined(change.sources))
        : null,
    ),
  );
}

/** The panel, filled once the trail has answered (or saying it could not be read). */
export function historyPanel(key: string): HTMLElement {
  const body = h("div", null, h("p", { class: "muted" }, t("history.loading")));
  void gql<{ changes: { nodes: Change[]; pageInfo: { hasNextPage: boolean } } }>(HISTORY, { key })
    .then(({ changes }) =>
      fill(
        body,
        changes.nodes.length
          ? h("ol", { class: "history" }, changes.nodes.map(entry))
          : h("p", { class: "muted" }, t("history.none")),
        changes.pageInfo.hasNextPage ? h("p", { class: "muted" }, t("history.more")) : null,
      ),
    )
    .catch((error: unknown) =>
      fill(body, h("p", { class: "problem-inline" }, error instanceof Error ? error.message : "")),
    );
  return section(t("history.title"), "history", body);
}
