// The expertise finder: actors ranked for a theme, each with the evidence that makes its score
// (competencies, projects, agreements), its weight and its sources.

import { gql } from "../api";
import { combobox } from "../combobox";
import { fill, h, joined, uid } from "../dom";
import { gqlLang, label, link, t, tn } from "../i18n";
import { navigate } from "../nav";
import { ACTOR_KINDS, type ActorKind } from "../router";
import { announce, isRefusal, refusal, themeLink } from "../ui";
import { renderQuestion } from "./question";
import { HIT_FIELDS, rankedList, type Hit, type Theme } from "./ranked";

const EXPERTISE_QUERY = `
query ExpertisePage($theme: String!, $kinds: [ActorKind!], $asOf: Date, $lang: Lang!) {
  expertiseHint(theme: $theme) {
    matchedBy message
    themes { key label(lang: $lang) }
    sectors { key name(lang: $lang) }
    suggestions { key label(lang: $lang) }
  }
  expertise(theme: $theme, kinds: $kinds, asOf: $asOf, first: 20) { ${HIT_FIELDS} }
}`;

const THEMES_QUERY = `
query ExpertiseThemes($lang: Lang!) {
  themes(first: 40, orderBy: [{ field: ACTOR_COUNT, direction: DESC }]) {
    nodes { key label(lang: $lang) }
  }
}`;

interface ExpertiseData {
  expertiseHint: {
    matchedBy: string;
    message: string | null;
    themes: Theme[];
    sectors: { key: string; name: string }[];
    suggestions: Theme[];
  };
  expertise: Hit[];
}

export interface Query {
  theme: string;
  kinds: ActorKind[];
  asOf: string;
  q: string;
  without: string[];
  choose: string[];
}

/** One box: a theme picked from the suggestions, or a question in words (read by `ask`). */
export function form(route: Query): HTMLFormElement {
  const theme = combobox({
    label: t("ask.box"),
    name: "q",
    kinds: ["THEME"],
    value: route.q || route.theme,
    placeholder: t("ask.placeholder"),
    required: true,
    onPick: (choice) =>
      navigate(link("/expertise", { theme: choice.key, kinds: route.kinds, asOf: route.asOf })),
  });
  const dateId = uid("asof");
  const boxes = ACTOR_KINDS.map((kind) =>
    h("input", {
      type: "checkbox",
      name: "kinds",
      value: kind,
      checked: route.kinds.includes(kind),
    }),
  );
  const date = h("input", { id: dateId, type: "date", name: "asOf", value: route.asOf });
  const element = h(
    "form",
    {
      class: "controls finder",
      role: "search",
      "aria-label": t("expertise.title"),
      action: "/expertise",
      method: "get",
    },
    theme.root,
    h(
      "details",
      { class: "control", open: route.kinds.length > 0 || !!route.asOf },
      h("summary", null, t("expertise.filters")),
      h(
        "fieldset",
        { class: "kinds" },
        h("legend", null, t("expertise.kinds")),
        boxes.map((box) => h("label", { class: "check" }, box, label("kind", box.value))),
      ),
      h("div", { class: "control" }, h("label", { for: dateId }, t("expertise.asOf")), date),
    ),
    h("button", { type: "submit", class: "button" }, t("expertise.submit")),
  );
  element.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = theme.input.value.trim();
    if (!text) return;
    const kinds = boxes.filter((box) => box.checked).map((box) => box.value);
    navigate(link("/expertise", { q: text, kinds, asOf: date.value }));
  });
  return element;
}

function results(route: Query, data: ExpertiseData): HTMLElement {
  const hint = data.expertiseHint;
  const hits = data.expertise;
  const count = hits.length
    ? tn("expertise.count", hits.length, { theme: route.theme })
    : t("expertise.none", { theme: route.theme });
  const matched = hint.themes.length
    ? h(
        "p",
        null,
        `${t("expertise.matched")} `,
        h("span", { class: "chips" }, hint.themes.map(themeLink)),
      )
    : hint.sectors.length
      ? h(
          "p",
          null,
          `${t("expertise.matchedSector")} `,
          joined(hint.sectors.map((sector) => sector.name)),
        )
      : null;
  return h(
    "div",
    { class: "results" },
    h("p", { class: "result-count" }, count),
    matched,
    hint.message ? h("p", { class: "muted" }, hint.message) : null,
    hint.suggestions.length
      ? h(
          "p",
          null,
          `${t("expertise.suggestions")} `,
          h("span", { class: "chips" }, hint.suggestions.map(themeLink)),
        )
      : null,
    rankedList(hits),
    hits.length ? h("p", { class: "muted help" }, t("expertise.how")) : null,
  );
}

export async function renderExpertise(
  route: Query,
  main: HTMLElement,
  signal: AbortSignal,
): Promise<void> {
  const head = h(
    "div",
    { class: "page-head" },
    h("h1", null, t("expertise.title")),
    h("p", { class: "lead" }, t("expertise.intro")),
  );
  if (route.q) return renderQuestion(route, main, [head, form(route)], signal);
  if (!route.theme) {
    document.title = `${t("expertise.title")} — Maillage`;
    const data = await gql<{ themes: { nodes: Theme[] } }>(
      THEMES_QUERY,
      { lang: gqlLang() },
      signal,
    );
    fill(
      main,
      head,
      form(route),
      h(
        "section",
        { class: "panel", "aria-labelledby": "expertise-themes" },
        h("h2", { id: "expertise-themes" }, t("expertise.themes")),
        h("p", { class: "chips" }, data.themes.nodes.map(themeLink)),
      ),
    );
    return;
  }
  document.title = `${t("expertise.title")} : ${route.theme} — Maillage`;
  let data: ExpertiseData;
  try {
    data = await gql<ExpertiseData>(
      EXPERTISE_QUERY,
      {
        theme: route.theme,
        kinds: route.kinds.length ? route.kinds : null,
        asOf: route.asOf || null,
        lang: gqlLang(),
      },
      signal,
    );
  } catch (error) {
    if (!isRefusal(error)) throw error;
    fill(main, head, form(route), refusal(error));
    return;
  }
  fill(main, head, form(route), results(route, data));
  announce(
    data.expertise.length
      ? tn("expertise.count", data.expertise.length, { theme: route.theme })
      : t("expertise.none", { theme: route.theme }),
  );
}
