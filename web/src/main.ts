// The explorer: a page shell (header, search, language switch), a router that swaps the main
// view without reloading, and the views themselves.

import "./style.css";
import logoUrl from "./favicon.svg";
import { isAbort } from "./api";
import { combobox, suggestionHref } from "./combobox";
import { fill, h } from "./dom";
import { inLanguage, lang, link, t, type Lang } from "./i18n";
import { navigate, setNavigator } from "./nav";
import { isExplorerPath, parse, type Route } from "./router";
import { problem } from "./ui";
import { renderActor } from "./views/actor";
import { renderHome } from "./views/home";
import { renderExpertise } from "./views/expertise";
import { renderAgreement, renderProject } from "./views/items";
import { renderNetwork } from "./views/network";
import { renderPaths } from "./views/paths";
import { renderCurate } from "./views/curate";
import { renderSignin } from "./views/signin";
import { caller, mayEdit } from "./session";

function missing(_route: Route, main: HTMLElement): Promise<void> {
  document.title = `${t("error.notFound")} — Maillage`;
  fill(main, problem(new Error(t("error.noPage"))));
  return Promise.resolve();
}

function render(route: Route, main: HTMLElement, signal: AbortSignal): Promise<void> {
  switch (route.view) {
    case "home":
      return renderHome(route, main, signal);
    case "actor":
      return renderActor(route, main, signal);
    case "network":
      return renderNetwork(route, main, signal);
    case "agreement":
      return renderAgreement(route, main, signal);
    case "project":
      return renderProject(route, main, signal);
    case "expertise":
      return renderExpertise(route, main, signal);
    case "paths":
      return renderPaths(route, main, signal);
    case "curate":
      return renderCurate(route, main, signal);
    case "signin":
      return renderSignin(route, main, signal);
    case "missing":
      return missing(route, main);
  }
}

let shellLang: Lang | null = null;

function buildShell(): void {
  const app = document.getElementById("app");
  if (!app) throw new Error("#app is missing from index.html");
  document.documentElement.lang = lang();
  const search = combobox({
    label: t("search.label"),
    name: "q",
    kinds: ["ACTOR", "AGREEMENT", "THEME", "PROJECT"],
    placeholder: t("search.placeholder"),
    onPick: (choice) => navigate(suggestionHref(choice)),
  });
  const form = h(
    "form",
    {
      role: "search",
      "aria-label": t("search.label"),
      class: "site-search",
      action: "/",
      method: "get",
    },
    search.root,
    h("button", { type: "submit", class: "button" }, t("search.submit")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = search.input.value.trim();
    if (text) navigate(link("/", { q: text }));
  });
  const nav = [
    ["/", t("nav.home")],
    ["/expertise", t("nav.expertise")],
    ["/paths", t("nav.paths")],
  ].map(([path, text]) => h("li", null, h("a", { href: link(path), "data-nav": path }, text)));
  fill(
    app,
    h("a", { class: "skip-link", href: "#main" }, t("skip")),
    h(
      "header",
      { class: "site-header" },
      h(
        "div",
        { class: "header-inner" },
        h(
          "a",
          { class: "brand", href: link("/") },
          h("img", { src: logoUrl, alt: "", width: 32, height: 32 }),
          h("span", { class: "brand-name" }, "Maillage"),
          h("span", { class: "brand-sub" }, t("brand.sub")),
        ),
        h("nav", { class: "main-nav", "aria-label": t("nav.label") }, h("ul", null, nav)),
        form,
        h("nav", { class: "lang-switch", "aria-label": t("lang.label") }, h("ul", null)),
        h("div", { class: "account" }),
      ),
    ),
    h("main", { id: "main", tabindex: "-1" }),
    h("div", { id: "live", class: "visually-hidden", role: "status", "aria-live": "polite" }),
    h(
      "footer",
      { class: "site-footer" },
      h("p", null, t("footer.data"), " ", h("a", { href: "/graphql" }, t("footer.api"))),
    ),
  );
  shellLang = lang();
}

function refreshShell(): void {
  if (shellLang !== lang()) buildShell();
  const here = window.location.pathname;
  document.querySelectorAll<HTMLAnchorElement>(".main-nav a").forEach((anchor) => {
    const path = anchor.dataset.nav ?? "";
    const current = path === "/" ? here === "/" : here.startsWith(path);
    if (current) anchor.setAttribute("aria-current", "page");
    else anchor.removeAttribute("aria-current");
  });
  const switcher = document.querySelector(".lang-switch ul");
  if (switcher) {
    const choices: [Lang, string][] = [
      ["fr", "Français"],
      ["en", "English"],
    ];
    fill(
      switcher,
      choices.map(([code, name]) =>
        h(
          "li",
          null,
          h(
            "a",
            {
              href: inLanguage(code),
              hreflang: code,
              lang: code,
              "aria-current": code === lang() ? "true" : null,
            },
            h("span", { "aria-hidden": "true" }, code.toUpperCase()),
            h("span", { class: "visually-hidden" }, name),
          ),
        ),
      ),
    );
  }
}

/** The header's account corner: sign in, or who is signed in (and, for editors, curation). */
function refreshAccount(): void {
  void caller().then((who) => {
    const corner = document.querySelector(".account");
    if (!corner) return;
    if (!who) {
      fill(corner, h("a", { href: link("/signin") }, t("signin.title")));
      return;
    }
    fill(
      corner,
      h("a", { href: link("/signin"), class: "account-name" }, who.name),
      mayEdit(who) ? [" · ", h("a", { href: link("/curate") }, t("edit.title"))] : null,
    );
  });
}

let running: AbortController | null = null;

async function show(first: boolean): Promise<void> {
  running?.abort();
  const controller = new AbortController();
  running = controller;
  refreshShell();
  refreshAccount();
  const main = document.getElementById("main");
  if (!main) return;
  main.setAttribute("aria-busy", "true");
  try {
    await render(parse(new URL(window.location.href)), main, controller.signal);
  } catch (error) {
    if (isAbort(error) || controller.signal.aborted) return;
    document.title = `${t("error.title")} — Maillage`;
    fill(main, problem(error));
  } finally {
    if (running === controller) main.removeAttribute("aria-busy");
  }
  if (!first && !controller.signal.aborted) {
    window.scrollTo(0, 0);
    main.focus({ preventScroll: true });
  }
}

setNavigator((url) => {
  window.history.pushState(null, "", url);
  void show(false);
});

document.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element | null)?.closest("a");
  if (!anchor || anchor.target || anchor.hasAttribute("download")) return;
  const url = new URL(anchor.href, window.location.href);
  if (url.origin !== window.location.origin || !isExplorerPath(url.pathname)) return;
  if (url.hash) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});
window.addEventListener("popstate", () => void show(false));

buildShell();
void show(true);
