// What an editor sees on a page: the curation entry points. Anonymous callers and viewers see
// nothing here; the API's roles decide what may be written.

import { h } from "../dom";
import { link, t } from "../i18n";
import { caller, mayEdit } from "../session";

/** Add "record an agreement", "link", "competency" to `actions` once the caller is an editor. */
export function editorActions(actions: Element | null, actor: { key: string; text: string }): void {
  if (!actions) return;
  void caller().then((who) => {
    if (!mayEdit(who) || !actions.isConnected) return;
    const entry = (form: string, text: string) =>
      h(
        "li",
        { class: "edit-action" },
        h(
          "a",
          { class: "button secondary", href: link("/curate", { form, actor: actor.key }) },
          text,
        ),
      );
    actions.append(
      entry("agreement", t("edit.agreement.title")),
      entry("link", t("edit.link.title")),
      entry("competency", t("edit.competency.title")),
    );
  });
}
