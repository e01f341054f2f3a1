// A planner's question in words, read by `ask`: what was understood, as chips a planner can
// remove (the answer is then `expertise` with the remaining parts), and what is asked back,
// as choices. The state lives in the URL: ?q=…&without=PART:words,…&choose=PART:key,…

import { gql } from "../api";
import { fill, h, type Child } from "../dom";
import { gqlLang, label, link, t, tn } from "../i18n";
import { navigate } from "../nav";
import type { ActorKind } from "../router";
import { announce, isRefusal, refusal } from "../ui";
import { HIT_FIELDS, rankedList, type Hit } from "./ranked";

const ASK_QUERY = `
query AskPage($q: String!, $lang: Lang!) {
  ask(question: $q, first: 20) {
    understood { part key label words }
    clarifications { part words options { part key label words } }
    hits { ${HIT_FIELDS} }
  }
}`;

const PARTS_QUERY = `
query AskParts($theme: String!, $sector: String, $region: String, $kinds: [ActorKind!],
               $since: Date, $asOf: Date, $lang: Lang!) {
  expertise(theme: $theme, sector: $sector, region: $region, kinds: $kinds, since: $since,
            asOf: $asOf, first: 20) { ${HIT_FIELDS} }
}`;

interface Part {
  part: string;
  key: string;
  label: string;
  words: string;
}

interface Answer {
  understood: Part[];
  clarifications: { part: string; words: string; options: Part[] }[];
  hits: Hit[];
}

interface Route {
  q: string;
  kinds: ActorKind[];
  asOf: string;
  without: string[];
  choose: string[];
}

/** One chip per part and words: "industrie" may name several themes, removed together. */
interface Chip {
  part: string;
  words: string;
  parts: Part[];
  token: string; // in `without` (understood) or `choose` (a choice made)
  chosen: boolean;
}

function chips(answer: Answer, route: Route): Chip[] {
  const out = new Map<string, Chip>();
  for (const part of answer.understood) {
    const token = `${part.part}:${part.words}`;
    if (route.without.includes(token)) continue;
    const chip = out.get(token) ?? { ...part, parts: [], token, chosen: false };
    chip.parts.push(part);
    out.set(token, chip);
  }
  for (const ask of answer.clarifications) {
    for (const option of ask.options) {
      const token = `${option.part}:${option.key}`;
      if (route.choose.includes(token)) {
        out.set(token, { ...option, parts: [option], token, chosen: true });
      }
    }
  }
  return [...out.values()];
}

function partLabel(part: Part): string {
  if (part.part === "KIND") return label("kind", part.key.toUpperCase());
  return part.label;
}

function address(route: Route, change: Partial<Route>): string {
  const next = { ...route, ...change };
  return link("/expertise", {
    q: next.q,
    kinds: next.kinds,
    asOf: next.asOf,
    without: next.without,
    choose: next.choose,
  });
}

function chipElement(chip: Chip, route: Route): HTMLElement {
  const text = chip.parts.map(partLabel).join(", ");
  const change = chip.chosen
    ? { choose: route.choose.filter((token) => token !== chip.token) }
    : { without: [...route.without, chip.token] };
  return h(
    "span",
    {
      class: "chip part-chip",
      "data-part": chip.part,
      title: t("ask.from", { words: chip.words }),
    },
    h(
      "span",
      { class: "muted" },
      t("ask.partOf", { part: t(`ask.part.${chip.part}` as "ask.part.THEME") }),
    ),
    " ",
    text,
    " ",
    h(
      "button",
      {
        type: "button",
        class: "chip-remove",
        "aria-label": t("ask.remove", { part: text }),
        onclick: () => navigate(address(route, change)),
      },
      "×",
    ),
  );
}

function clarification(ask: Answer["clarifications"][number], route: Route): Child {
  if (ask.options.some((option) => route.choose.includes(`${option.part}:${option.key}`))) {
    return null;
  }
  return h(
    "div",
    { class: "clarification", role: "group", "aria-label": t("ask.clarify", { words: ask.words }) },
    h("p", null, t("ask.clarify", { words: ask.words })),
    ask.options.map((option) =>
      h(
        "button",
        {
          type: "button",
          class: "button choice",
          onclick: () =>
            navigate(address(route, { choose: [...route.choose, `${option.part}:${option.key}`] })),
        },
        partLabel(option),
      ),
    ),
  );
}

/** The `expertise` arguments of the chips kept; null when no theme nor sector is left. */
function argumentsOf(kept: Chip[], route: Route): Record<string, unknown> | null {
  const of = (part: string) => kept.filter((chip) => chip.part === part);
  const themes = of("THEME").map((chip) => chip.words);
  const sector = of("SECTOR")[0];
  const region = of("REGION")[0];
  const since = of("SINCE")[0];
  const kinds = [
    ...new Set([
      ...of("KIND").flatMap((chip) => chip.parts.map((p) => p.key.toUpperCase())),
      ...route.kinds,
    ]),
  ];
  if (!themes.length && !sector) return null;
  return {
    theme: themes.length ? themes.join(" ") : sector?.words,
    sector: themes.length ? (sector?.parts[0]?.key ?? null) : null,
    region: region?.parts[0]?.key ?? null,
    kinds: kinds.length ? kinds : null,
    since: since?.parts[0]?.label ?? null,
    asOf: route.asOf || null,
    lang: gqlLang(),
  };
}

export async function renderQuestion(
  route: Route,
  main: HTMLElement,
  top: Child[],
  signal: AbortSignal,
): Promise<void> {
  document.title = `${t("expertise.title")} : ${route.q} — Maillage`;
  let answer: Answer;
  let hits: Hit[] | null;
  const changed = route.without.length + route.choose.length + route.kinds.length > 0;
  let kept: Chip[] = [];
  try {
    answer = (await gql<{ ask: Answer }>(ASK_QUERY, { q: route.q, lang: gqlLang() }, signal)).ask;
    kept = chips(answer, route);
    const args = argumentsOf(kept, route);
    // Unchanged, the answer's hits are those of `expertise` with the parts understood.
    hits =
      args && (changed || route.asOf)
        ? (await gql<{ expertise: Hit[] }>(PARTS_QUERY, args, signal)).expertise
        : args && answer.hits;
  } catch (error) {
    if (!isRefusal(error)) throw error;
    fill(main, ...top, refusal(error));
    return;
  }
  const count = hits
    ? hits.length
      ? tn("ask.count", hits.length, { q: route.q })
      : t("ask.none", { q: route.q })
    : t(changed ? "ask.emptied" : "ask.nothing", { q: route.q });
  fill(
    main,
    ...top,
    h(
      "div",
      { class: "results" },
      kept.length
        ? h(
            "p",
            { class: "understood" },
            `${t("ask.understood")} `,
            kept.map((chip) => chipElement(chip, route)),
          )
        : null,
      answer.clarifications.map((ask) => clarification(ask, route)),
      changed
        ? h(
            "p",
            null,
            h(
              "a",
              { href: address(route, { without: [], choose: [], kinds: [] }) },
              t("ask.restore"),
            ),
          )
        : null,
      h("p", { class: "result-count" }, count),
      hits ? rankedList(hits) : null,
      hits?.length ? h("p", { class: "muted help" }, t("ask.how")) : null,
    ),
  );
  announce(count);
}
