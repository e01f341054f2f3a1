// Signing in with an API key, kept for this tab only; and signing out.

import { ApiError } from "../api";
import { fill, h } from "../dom";
import { label, link, t } from "../i18n";
import { navigate } from "../nav";
import { caller, mayEdit, signIn, signOut } from "../session";

export async function renderSignin(
  _route: unknown,
  main: HTMLElement,
  _signal: AbortSignal,
): Promise<void> {
  document.title = `${t("signin.title")} — Maillage`;
  const who = await caller();
  const key = h("input", {
    id: "api-key",
    name: "apiKey",
    type: "password",
    autocomplete: "off",
    spellcheck: "false",
    required: true,
  });
  const status = h("div", { class: "form-status", "aria-live": "polite" });
  const form = h(
    "form",
    { class: "edit-form signin-form" },
    h(
      "div",
      { class: "field" },
      h("label", { for: "api-key" }, t("signin.key")),
      key,
      h("p", { class: "field-hint muted" }, t("signin.hint")),
    ),
    h("button", { type: "submit", class: "button" }, t("signin.submit")),
    status,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const token = key.value.trim();
    if (!token) return;
    signIn(token)
      .then((me) => navigate(mayEdit(me) ? link("/curate") : link("/")))
      .catch((error: unknown) => {
        const message = error instanceof ApiError ? error.message : t("signin.failed");
        fill(status, h("p", { class: "problem-inline", role: "alert" }, message));
      });
  });
  const out = h("button", { type: "button", class: "button secondary" }, t("signin.out"));
  out.addEventListener("click", () => {
    signOut();
    navigate(link("/"));
  });
  fill(
    main,
    h("h1", null, t("signin.title")),
    who
      ? h("p", null, t("signin.as", { who: who.name, role: label("role", who.role) }), " ", out)
      : null,
    form,
  );
}
