// The editors' page: the curation forms, one at a time. Without an editor's key it offers
// to sign in and shows no form.

import { gql } from "../api";
import { fill, h } from "../dom";
import { gqlLang, link, t } from "../i18n";
import { EDIT_FORMS, type EditForm } from "../router";
import { caller, mayEdit } from "../session";
import { actorForm } from "../edit/actor";
import { agreementForm, type Known } from "../edit/agreement";
import { competencyForm, linkForm } from "../edit/relations";
import { actorName, type ActorRef } from "../ui";

async function known(key: string, signal: AbortSignal): Promise<Known | undefined> {
  if (!key) return undefined;
  const { actor } = await gql<{ actor: ActorRef | null }>(
    "query Named($key: String!, $lang: Lang!) { actor(key: $key) { key acronym kind name(lang: $lang) } }",
    { key, lang: gqlLang() },
    signal,
  );
  return actor ? { key: actor.key, text: actorName(actor) } : undefined;
}

function build(form: EditForm, actor: Known | undefined): HTMLElement {
  switch (form) {
    case "agreement":
      return agreementForm(actor);
    case "actor":
      return actorForm();
    case "link":
      return linkForm(actor);
    case "competency":
      return competencyForm(actor);
  }
}

export async function renderCurate(
  route: { form: EditForm; actor: string },
  main: HTMLElement,
  signal: AbortSignal,
): Promise<void> {
  document.title = `${t("edit.title")} — Maillage`;
  const who = await caller();
  if (!mayEdit(who)) {
    fill(
      main,
      h("h1", null, t("edit.title")),
      h(
        "p",
        { class: "problem-inline", role: "alert" },
        t(who ? "edit.viewerOnly" : "edit.signInFirst"),
        " ",
        h("a", { href: link("/signin") }, t("signin.title")),
      ),
    );
    return;
  }
  const actor = await known(route.actor, signal);
  const tabs = EDIT_FORMS.map((name) =>
    h(
      "li",
      null,
      h(
        "a",
        {
          href: link("/curate", { form: name, actor: route.actor }),
          "aria-current": name === route.form ? "page" : null,
        },
        t(`edit.${name}.title`),
      ),
    ),
  );
  fill(
    main,
    h("h1", null, t("edit.title")),
    h("p", { class: "muted" }, t("edit.intro", { who: who?.name ?? "" })),
    h("nav", { class: "edit-tabs", "aria-label": t("edit.title") }, h("ul", null, tabs)),
    h("h2", null, t(`edit.${route.form}.title`)),
    build(route.form, actor),
  );
}
