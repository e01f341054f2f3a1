// Adding an actor: its key, kind, names, description, founding year, website, city, sources.

import { ACTOR_KINDS } from "../router";
import { h } from "../dom";
import { label, link, t } from "../i18n";
import { field, group, input, keyList, select, slug, text, textarea } from "./fields";
import { REFUSAL, sendOnSubmit } from "./submit";

const CREATE = `
mutation CreateActor($input: ActorInput!, $comment: String, $idem: String) {
  createActor(input: $input, comment: $comment, idempotencyKey: $idem) {
    __typename
    ... on ActorPayload { replayed actor { key name(lang: FR) } }
    ${REFUSAL}
  }
}`;

interface Created {
  replayed: boolean;
  actor: { key: string; name: string } | null;
}

export function actorForm(): HTMLElement {
  const nameFr = input("nameFr", { required: true });
  const nameEn = input("nameEn", { required: true });
  const acronym = input("acronym");
  const key = input("key", { required: true });
  let keyTouched = false;
  key.addEventListener("input", () => (keyTouched = true));
  const suggestKey = () => {
    if (!keyTouched) key.value = slug(acronym.value || nameFr.value);
  };
  nameFr.addEventListener("input", suggestKey);
  acronym.addEventListener("input", suggestKey);
  const kind = select(
    "kind",
    ACTOR_KINDS.map((code) => [code, label("kind", code)]),
  );
  const description = textarea("description");
  const founded = input("founded", { type: "number", min: "1800", max: "2100" });
  const website = input("website", { type: "url", placeholder: "https://" });
  const city = input("city", { placeholder: "casablanca" });
  const sources = input("sources", { required: true, placeholder: "article-2025-10-16" });
  const comment = input("comment");
  const status = h("div", { class: "form-status", "aria-live": "polite" });
  const form = h(
    "form",
    { class: "edit-form", "data-form": "actor", novalidate: true },
    group(
      t("edit.actor.who"),
      field("input.nameFr", t("edit.nameFr"), nameFr),
      field("input.nameEn", t("edit.nameEn"), nameEn),
      field("input.acronym", t("edit.acronym"), acronym),
      field("input.key", t("edit.key"), key, t("edit.key.hint")),
      field("input.kind", t("edit.kind"), kind),
      field("input.description", t("edit.description"), description),
      field("input.founded", t("edit.founded"), founded),
      field("input.website", t("edit.website"), website),
      field("input.city", t("edit.place"), city, t("edit.place.hint")),
    ),
    field("input.sources", t("edit.sources.existing"), sources, t("edit.keys.hint")),
    field("comment", t("edit.comment"), comment),
    h("button", { type: "submit", class: "button" }, t("edit.actor.submit")),
    status,
  );
  sendOnSubmit<Created>(form, status, () => ({
    query: CREATE,
    field: "createActor",
    variables: (idem) => ({
      idem,
      comment: text(comment),
      input: {
        key: key.value.trim(),
        kind: kind.value,
        nameFr: nameFr.value.trim(),
        nameEn: nameEn.value.trim(),
        acronym: text(acronym),
        description: text(description),
        founded: founded.value ? Number(founded.value) : null,
        website: text(website),
        city: text(city),
        sources: keyList(sources),
      },
    }),
    done: (payload) =>
      payload.actor
        ? [
            t(payload.replayed ? "edit.replayed" : "edit.recorded"),
            " ",
            h(
              "a",
              { href: link(`/actor/${encodeURIComponent(payload.actor.key)}`) },
              payload.actor.name,
            ),
          ]
        : t("edit.recorded"),
  }));
  return form;
}
