// Linking two actors (subsidiary, member, founder, supervision) and recording a competency.

import { h } from "../dom";
import { link, t } from "../i18n";
import { field, input, keyList, picker, select, text, textarea } from "./fields";
import type { Known } from "./agreement";
import { REFUSAL, sendOnSubmit } from "./submit";

const LINK = `
mutation LinkActors($input: LinkInput!, $comment: String, $idem: String) {
  linkActors(input: $input, comment: $comment, idempotencyKey: $idem) {
    __typename
    ... on LinkPayload { replayed from { key name(lang: FR) } }
    ${REFUSAL}
  }
}`;

const COMPETENCY = `
mutation AddCompetency($input: CompetencyInput!, $comment: String, $idem: String) {
  addCompetency(input: $input, comment: $comment, idempotencyKey: $idem) {
    __typename
    ... on CompetencyPayload { replayed actor { key name(lang: FR) } }
    ${REFUSAL}
  }
}`;

interface Written {
  replayed: boolean;
  from?: { key: string; name: string } | null;
  actor?: { key: string; name: string } | null;
}

function done(payload: Written) {
  const actor = payload.from ?? payload.actor;
  return [
    t(payload.replayed ? "edit.replayed" : "edit.recorded"),
    " ",
    actor ? h("a", { href: link(`/actor/${encodeURIComponent(actor.key)}`) }, actor.name) : null,
  ];
}

function shell(kind: string, ...children: HTMLElement[]): [HTMLFormElement, HTMLElement] {
  const status = h("div", { class: "form-status", "aria-live": "polite" });
  const form = h(
    "form",
    { class: "edit-form", "data-form": kind, novalidate: true },
    ...children,
    h(
      "button",
      { type: "submit", class: "button" },
      t(kind === "link" ? "edit.link.submit" : "edit.competency.submit"),
    ),
    status,
  );
  return [form, status];
}

export function linkForm(from?: Known): HTMLElement {
  const start = picker("input.from", t("edit.link.from"), "ACTOR", from);
  const type = select(
    "type",
    ["SUBSIDIARY_OF", "MEMBER_OF", "FOUNDED_BY", "SUPERVISED_BY"].map((code) => [
      code,
      t(`linkType.${code.toLowerCase()}.out` as Parameters<typeof t>[0]),
    ]),
  );
  const end = picker("input.to", t("edit.link.to"), "ACTOR");
  const since = input("since", { type: "number", min: "1800", max: "2100" });
  const sources = input("sources", { required: true });
  const comment = input("comment");
  const [form, status] = shell(
    "link",
    start.root,
    field("input.type", t("edit.link.type"), type),
    end.root,
    field("input.since", t("edit.link.since"), since),
    field("input.sources", t("edit.sources.existing"), sources, t("edit.keys.hint")),
    field("comment", t("edit.comment"), comment),
  );
  sendOnSubmit<Written>(form, status, () => ({
    query: LINK,
    field: "linkActors",
    variables: (idem) => ({
      idem,
      comment: text(comment),
      input: {
        from: start.value(),
        type: type.value,
        to: end.value(),
        since: since.value ? Number(since.value) : null,
        sources: keyList(sources),
      },
    }),
    done,
  }));
  return form;
}

export function competencyForm(actor?: Known): HTMLElement {
  const who = picker("input.actor", t("edit.competency.actor"), "ACTOR", actor);
  const theme = picker("input.theme", t("edit.competency.theme"), "THEME");
  const evidence = textarea("evidence");
  evidence.required = true;
  const sources = input("sources", { required: true });
  const comment = input("comment");
  const [form, status] = shell(
    "competency",
    who.root,
    theme.root,
    field("input.evidence", t("edit.competency.evidence"), evidence),
    field("input.sources", t("edit.sources.existing"), sources, t("edit.keys.hint")),
    field("comment", t("edit.comment"), comment),
  );
  sendOnSubmit<Written>(form, status, () => ({
    query: COMPETENCY,
    field: "addCompetency",
    variables: (idem) => ({
      idem,
      comment: text(comment),
      input: {
        actor: who.value(),
        theme: theme.value(),
        evidence: evidence.value.trim(),
        sources: keyList(sources),
      },
    }),
    done,
  }));
  return form;
}
