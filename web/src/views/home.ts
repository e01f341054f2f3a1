// Home: what the explorer is for, a few ways in, every actor by kind; with ?q=, the full list
// of search results.

import { gql } from "../api";
import { suggest, suggestionHref, type SearchKind, type Suggestion } from "../combobox";
import { fill, h } from "../dom";
import { gqlLang, link, t, tn } from "../i18n";
import { ACTOR_KINDS } from "../router";
import { actorLink, announce, isRefusal, kindBadge, refusal, section, type ActorRef } from "../ui";

const HOME_QUERY = `
query Home($lang: Lang!) {
  actors(first: 100, orderBy: [{ field: NAME }]) {
    totalCount
    nodes { key acronym kind name(lang: $lang) }
  }
}`;

const EVERYTHING: SearchKind[] = ["ACTOR", "AGREEMENT", "PROJECT", "THEME", "SECTOR"];

async function results(text: string, main: HTMLElement, signal: AbortSignal): Promise<void> {
  document.title = `${t("home.results")} : ${text} — Maillage`;
  let found: Suggestion[];
  try {
    found = await suggest(text, EVERYTHING, 20, signal);
  } catch (error) {
    if (!isRefusal(error)) throw error;
    fill(main, h("h1", null, t("home.results")), refusal(error));
    return;
  }
  const count = found.length
    ? tn("search.count", found.length, { text })
    : t("search.none", { text });
  fill(
    main,
    h("h1", null, t("home.results")),
    h("p", { class: "result-count" }, count),
    h(
      "ol",
      { class: "hits" },
      found.map((choice) =>
        h(
          "li",
          null,
          h("a", { href: suggestionHref(choice) }, choice.text),
          " ",
          h("span", { class: "badge" }, choice.detail),
        ),
      ),
    ),
  );
  announce(count);
}

export async function renderHome(
  route: { q: string },
  main: HTMLElement,
  signal: AbortSignal,
): Promise<void> {
  if (route.q) return results(route.q, main, signal);
  document.title = `${t("app.title")}`;
  const data = await gql<{ actors: { totalCount: number; nodes: ActorRef[] } }>(
    HOME_QUERY,
    { lang: gqlLang() },
    signal,
  );
  const examples: [string, string][] = [
    [link("/actor/cid/network"), t("home.ex.network")],
    [link("/expertise", { theme: "décarbonation" }), t("home.ex.expertise")],
    [link("/paths", { from: "ctpc", to: "capgemini" }), t("home.ex.paths")],
    [link("/actor/ctpc"), t("home.ex.actor")],
  ];
  const groups = ACTOR_KINDS.map((kind) => ({
    kind,
    actors: data.actors.nodes.filter((actor) => actor.kind === kind),
  })).filter((group) => group.actors.length);
  fill(
    main,
    h(
      "div",
      { class: "intro" },
      h("h1", null, t("home.title")),
      h("p", { class: "lead" }, t("home.intro")),
    ),
    section(
      t("home.examples"),
      "home-examples",
      h(
        "ul",
        { class: "cards" },
        examples.map(([href, text]) => h("li", null, h("a", { href, class: "card" }, text))),
      ),
    ),
    section(
      t("home.actors"),
      "home-actors",
      h("p", { class: "muted" }, tn("home.actorCount", data.actors.totalCount)),
      h(
        "div",
        { class: "directory" },
        groups.map((group) =>
          h(
            "div",
            { class: "directory-group" },
            h(
              "h3",
              null,
              kindBadge(group.kind),
              " ",
              h("span", { class: "muted" }, String(group.actors.length)),
            ),
            h(
              "ul",
              null,
              group.actors.map((actor) => h("li", null, actorLink(actor, false))),
            ),
          ),
        ),
      ),
    ),
  );
}
