// Recording an agreement: titles, kind, date, place, parties with roles, the framework it
// falls under, themes, and its sources (existing keys, or a new one written with it).

import { h, type Child } from "../dom";
import { label, link, t } from "../i18n";
import {
  field,
  group,
  input,
  keyList,
  picker,
  select,
  slug,
  text,
  textarea,
  type Picker,
} from "./fields";
import { REFUSAL, sendOnSubmit } from "./submit";

const KINDS = [
  "SPECIFIC_CONTRACT",
  "FRAMEWORK_AGREEMENT",
  "COLLABORATION_PROTOCOL",
  "COOPERATION_AGREEMENT",
  "MEMORANDUM",
  "TARGET_CONTRACT",
];
const ROLES = ["signatory", "contracting_party", "partner", "funder", "service_provider"];

const RECORD = `
mutation RecordAgreement($input: AgreementInput!, $newSources: [SourceInput!],
    $comment: String, $idem: String) {
  recordAgreement(input: $input, newSources: $newSources, comment: $comment,
      idempotencyKey: $idem) {
    __typename
    ... on AgreementPayload { replayed agreement { key title(lang: FR) } }
    ${REFUSAL}
  }
}`;

interface Recorded {
  replayed: boolean;
  agreement: { key: string; title: string } | null;
}

interface PartyRow {
  root: HTMLElement;
  actor: Picker;
  role: HTMLInputElement;
}

export interface Known {
  key: string;
  text: string;
}

function partyRow(index: number, initial?: Known): PartyRow {
  const path = `input.parties.${index}`;
  const actor = picker(`${path}.actor`, t("edit.party", { n: index + 1 }), "ACTOR", initial);
  const role = input(`${path}.role`, { list: "party-roles", value: "signatory", required: true });
  const root = h(
    "div",
    { class: "party-row", "data-path": path },
    actor.root,
    field(`${path}.role`, t("edit.role"), role),
  );
  return { root, actor, role };
}

export function agreementForm(party?: Known): HTMLElement {
  const titleFr = input("titleFr", { required: true });
  const titleEn = input("titleEn", { required: true });
  const key = input("key", { required: true, pattern: "[a-z0-9]+(-[a-z0-9]+)*" });
  let keyTouched = false;
  key.addEventListener("input", () => (keyTouched = true));
  titleFr.addEventListener("input", () => {
    if (!keyTouched) key.value = slug(titleFr.value);
  });
  const kind = select(
    "kind",
    KINDS.map((code) => [code, label("agreementKind", code)]),
  );
  const signedOn = input("signedOn", { type: "date", required: true });
  const place = input("place", { placeholder: "casablanca" });
  const summary = textarea("summary");
  summary.required = true;
  const summaryFr = textarea("summaryFr");
  const parent = picker("input.parent", t("edit.parent"), "AGREEMENT");
  const themes = input("themes", { placeholder: "decarbonisation, industry-4-0" });
  const parties = [partyRow(0, party), partyRow(1)];
  const partyList = h(
    "div",
    { class: "party-list" },
    parties.map((row) => row.root),
  );
  const addParty = h("button", { type: "button", class: "button secondary" }, t("edit.addParty"));
  addParty.addEventListener("click", () => {
    const row = partyRow(parties.length);
    parties.push(row);
    partyList.append(row.root);
  });
  const sources = input("sources", { placeholder: "article-2025-10-16" });
  const sourceUrl = input("url", { type: "url", placeholder: "https://" });
  const sourceTitle = input("title");
  const sourceKey = input("sourceKey");
  sourceTitle.addEventListener("input", () => (sourceKey.value = slug(sourceTitle.value)));
  const sourceLang = select("language", [
    ["fr", "Français"],
    ["en", "English"],
    ["ar", "العربية"],
    ["es", "Español"],
  ]);
  const comment = input("comment");
  const status = h("div", { class: "form-status", "aria-live": "polite" });
  const form = h(
    "form",
    { class: "edit-form", "data-form": "agreement", novalidate: true },
    h(
      "datalist",
      { id: "party-roles" },
      ROLES.map((role) => h("option", { value: role })),
    ),
    group(
      t("edit.agreement.what"),
      field("input.titleFr", t("edit.titleFr"), titleFr),
      field("input.titleEn", t("edit.titleEn"), titleEn),
      field("input.key", t("edit.key"), key, t("edit.key.hint")),
      field("input.kind", t("edit.kind"), kind),
      field("input.signedOn", t("edit.signedOn"), signedOn),
      field("input.place", t("edit.place"), place, t("edit.place.hint")),
      field("input.summary", t("edit.summary"), summary),
      field("input.summaryFr", t("edit.summaryFr"), summaryFr),
    ),
    group(t("edit.parties"), h("div", { "data-path": "input.parties" }, partyList), addParty),
    group(
      t("edit.context"),
      parent.root,
      field("input.themes", t("edit.themes"), themes, t("edit.keys.hint")),
    ),
    group(
      t("edit.sources"),
      field("input.sources", t("edit.sources.existing"), sources, t("edit.keys.hint")),
      h("p", { class: "muted" }, t("edit.sources.new")),
      field("newSources.0.url", t("edit.source.url"), sourceUrl),
      field("newSources.0.title", t("edit.source.title"), sourceTitle),
      field("newSources.0.language", t("edit.source.language"), sourceLang),
      field("newSources.0.key", t("edit.source.key"), sourceKey, t("edit.key.hint")),
    ),
    field("comment", t("edit.comment"), comment),
    h("button", { type: "submit", class: "button" }, t("edit.agreement.submit")),
    status,
  );
  sendOnSubmit<Recorded>(form, status, () => {
    const fresh = text(sourceUrl) || text(sourceTitle) || text(sourceKey);
    return {
      query: RECORD,
      field: "recordAgreement",
      variables: (idem) => ({
        idem,
        comment: text(comment),
        input: {
          key: key.value.trim(),
          kind: kind.value,
          titleFr: titleFr.value.trim(),
          titleEn: titleEn.value.trim(),
          signedOn: signedOn.value || null,
          summary: summary.value.trim(),
          summaryFr: text(summaryFr),
          place: text(place),
          parent: parent.value() || null,
          parties: parties
            .filter((row) => row.actor.value())
            .map((row) => ({ actor: row.actor.value(), role: row.role.value.trim() })),
          themes: keyList(themes),
          sources: keyList(sources),
        },
        newSources: fresh
          ? [
              {
                key: sourceKey.value.trim(),
                title: sourceTitle.value.trim(),
                url: text(sourceUrl),
                language: sourceLang.value,
              },
            ]
          : null,
      }),
      done: (payload): Child => {
        const made = payload.agreement;
        return made
          ? [
              t(payload.replayed ? "edit.replayed" : "edit.recorded"),
              " ",
              h("a", { href: link(`/agreement/${encodeURIComponent(made.key)}`) }, made.title),
            ]
          : t("edit.recorded");
      },
    };
  });
  return form;
}
