// The path finder: how two actors are linked, as the shortest chains of actors with the
// agreements, projects and institutional links behind each step.

import { gql } from "../api";
import { combobox, type Combobox } from "../combobox";
import { fill, h, uid } from "../dom";
import { gqlLang, label, link, t, tn } from "../i18n";
import { navigate } from "../nav";
import { MAX_HOPS } from "../router";
import {
  ACTOR_FIELDS,
  actorLink,
  actorName,
  announce,
  dateText,
  isRefusal,
  itemLink,
  refusal,
  type ActorRef,
} from "../ui";

// Two steps, to stay within the API's cost budget for anonymous callers: the paths as chains
// of actors, then what links each distinct pair of neighbours (a one-hop path between them).
const PATHS_QUERY = `
query PathsPage($from: String!, $to: String!, $maxHops: Int!, $lang: Lang!) {
  from: actor(key: $from) { ${ACTOR_FIELDS} }
  to: actor(key: $to) { ${ACTOR_FIELDS} }
  paths(from: $from, to: $to, maxHops: $maxHops, first: 10) {
    length
    actors { ${ACTOR_FIELDS} }
  }
}`;

const STEP_FIELDS =
  "steps { items { kind key relation date sinceYear source target title(lang: $lang) } }";
const PAIRS_PER_QUERY = 5;

/** One aliased one-hop `paths` per pair: its single step carries the items linking them. */
function stepsQuery(count: number): string {
  const names = Array.from({ length: count }, (_, i) => `$a${i}: String!, $b${i}: String!`);
  const fields = Array.from(
    { length: count },
    (_, i) => `p${i}: paths(from: $a${i}, to: $b${i}, maxHops: 1, first: 1) { ${STEP_FIELDS} }`,
  );
  return `query PathSteps(${names.join(", ")}, $lang: Lang!) {\n  ${fields.join("\n  ")}\n}`;
}

const NAMES_QUERY = `
query PathEnds($from: String!, $to: String!, $lang: Lang!) {
  from: actor(key: $from) { ${ACTOR_FIELDS} }
  to: actor(key: $to) { ${ACTOR_FIELDS} }
}`;

interface LinkItem {
  kind: string;
  key: string | null;
  relation: string;
  date: string | null;
  sinceYear: number | null;
  source: string | null;
  target: string | null;
  title: string | null;
}

interface Step {
  from: ActorRef;
  to: ActorRef;
  items: LinkItem[];
}

interface Path {
  length: number;
  steps: Step[];
}

interface PathsData {
  from: ActorRef | null;
  to: ActorRef | null;
  paths?: { length: number; actors: ActorRef[] }[];
}

const pairKey = (a: string, b: string) => `${a}|${b}`;

/** The items behind every step of these paths, fetched once per distinct pair. */
async function stepItems(
  chains: ActorRef[][],
  signal: AbortSignal,
): Promise<Map<string, LinkItem[]>> {
  const pairs = new Map<string, [string, string]>();
  for (const chain of chains) {
    chain.slice(1).forEach((actor, i) => {
      const from = chain[i]?.key ?? "";
      pairs.set(pairKey(from, actor.key), [from, actor.key]);
    });
  }
  const list = [...pairs.values()];
  const batches: [string, string][][] = [];
  for (let i = 0; i < list.length; i += PAIRS_PER_QUERY)
    batches.push(list.slice(i, i + PAIRS_PER_QUERY));
  type Answer = Record<string, { steps: { items: LinkItem[] }[] }[]>;
  const answers = await Promise.all(
    batches.map((batch) => {
      const variables: Record<string, string> = { lang: gqlLang() };
      batch.forEach(([a, b], i) => {
        variables[`a${i}`] = a;
        variables[`b${i}`] = b;
      });
      return gql<Answer>(stepsQuery(batch.length), variables, signal);
    }),
  );
  const items = new Map<string, LinkItem[]>();
  batches.forEach((batch, n) =>
    batch.forEach(([a, b], i) =>
      items.set(pairKey(a, b), answers[n]?.[`p${i}`]?.[0]?.steps[0]?.items ?? []),
    ),
  );
  return items;
}

interface Query {
  from: string;
  to: string;
  maxHops: number;
}

/** An actor picker: the box shows a name, the form sends the key. */
function actorPicker(
  name: "from" | "to",
  text: string,
  key: string,
): { box: Combobox; key: HTMLInputElement } {
  const hidden = h("input", { type: "hidden", name, value: key });
  const box = combobox({
    label: t(name === "from" ? "paths.from" : "paths.to"),
    name: `${name}-text`,
    kinds: ["ACTOR"],
    value: text,
    placeholder: t("paths.placeholder"),
    required: true,
    onPick: (choice) => {
      hidden.value = choice.key;
      box.input.value = choice.text;
      box.input.setCustomValidity("");
    },
    onType: () => {
      hidden.value = "";
      box.input.setCustomValidity("");
    },
  });
  box.root.append(hidden);
  return { box, key: hidden };
}

function form(route: Query, ends: PathsData | null): HTMLFormElement {
  const from = actorPicker("from", ends?.from ? actorName(ends.from) : route.from, route.from);
  const to = actorPicker("to", ends?.to ? actorName(ends.to) : route.to, route.to);
  const hopsId = uid("hops");
  const hops = h(
    "select",
    { id: hopsId, name: "maxHops" },
    Array.from({ length: MAX_HOPS }, (_, i) =>
      h("option", { value: i + 1, selected: i + 1 === route.maxHops }, String(i + 1)),
    ),
  );
  const swap = h("button", { type: "button", class: "button secondary" }, t("paths.swap"));
  swap.addEventListener("click", () => {
    [from.key.value, to.key.value] = [to.key.value, from.key.value];
    [from.box.input.value, to.box.input.value] = [to.box.input.value, from.box.input.value];
  });
  const element = h(
    "form",
    { class: "controls finder", action: "/paths", method: "get" },
    from.box.root,
    to.box.root,
    h("div", { class: "control" }, h("label", { for: hopsId }, t("paths.maxHops")), hops),
    h(
      "div",
      { class: "control buttons" },
      swap,
      h("button", { type: "submit", class: "button" }, t("paths.submit")),
    ),
  );
  element.addEventListener("submit", (event) => {
    event.preventDefault();
    // A typed text that was not picked from the list may still be a key (e.g. "ctpc").
    const fromKey = from.key.value || from.box.input.value.trim().toLowerCase();
    const toKey = to.key.value || to.box.input.value.trim().toLowerCase();
    if (!fromKey || !toKey) return;
    navigate(link("/paths", { from: fromKey, to: toKey, maxHops: hops.value }));
  });
  return element;
}

function describeItem(item: LinkItem, step: Step): HTMLElement {
  if (item.kind === "AGREEMENT" || item.kind === "PROJECT") {
    return h(
      "li",
      null,
      h("span", { class: "badge" }, label("link", item.kind)),
      " ",
      itemLink(item.kind, item.key, item.title ?? item.key ?? ""),
      " ",
      dateText(item.date),
    );
  }
  const names = new Map(
    [step.from, step.to].map((actor) => [actor.key, actor.acronym ?? actor.name]),
  );
  const subject = names.get(item.source ?? "") ?? item.source;
  const object = names.get(item.target ?? "") ?? item.target;
  return h(
    "li",
    null,
    h("span", { class: "badge" }, label("link", item.kind)),
    ` ${subject} ${label("linkType", `${item.relation}.out`)} ${object}`,
    item.sinceYear
      ? h("span", { class: "muted" }, ` (${t("actor.sinceYear", { year: item.sinceYear })})`)
      : null,
  );
}

function pathView(path: Path, index: number): HTMLElement {
  const first = path.steps[0]?.from;
  return h(
    "li",
    { class: "path" },
    h(
      "h2",
      { class: "path-title" },
      t("paths.path", { n: index + 1 }),
      h("span", { class: "muted" }, ` — ${tn("paths.steps", path.length)}`),
    ),
    h(
      "ol",
      { class: "chain" },
      first ? h("li", { class: "chain-actor" }, actorLink(first)) : null,
      path.steps.map((step) => [
        h(
          "li",
          { class: "chain-step" },
          h("span", { class: "visually-hidden" }, t("paths.linkedBy")),
          h(
            "ul",
            { class: "plain" },
            step.items.map((item) => describeItem(item, step)),
          ),
        ),
        h("li", { class: "chain-actor" }, actorLink(step.to)),
      ]),
    ),
  );
}

export async function renderPaths(
  route: Query,
  main: HTMLElement,
  signal: AbortSignal,
): Promise<void> {
  const head = h(
    "div",
    { class: "page-head" },
    h("h1", null, t("paths.title")),
    h("p", { class: "lead" }, t("paths.intro")),
  );
  if (!route.from || !route.to) {
    document.title = `${t("paths.title")} — Maillage`;
    const ends =
      route.from || route.to
        ? await gql<PathsData>(
            NAMES_QUERY,
            { from: route.from || "-", to: route.to || "-", lang: gqlLang() },
            signal,
          )
        : null;
    fill(main, head, form(route, ends));
    return;
  }
  let data: PathsData;
  try {
    data = await gql<PathsData>(PATHS_QUERY, { ...route, lang: gqlLang() }, signal);
  } catch (error) {
    if (!isRefusal(error)) throw error;
    document.title = `${t("paths.title")} — Maillage`;
    fill(main, head, form(route, null), refusal(error));
    return;
  }
  const chains = (data.paths ?? []).map((path) => path.actors);
  const items = await stepItems(chains, signal);
  const paths: Path[] = chains.map((actors) => ({
    length: actors.length - 1,
    steps: actors.slice(1).map((to, i) => {
      const from = actors[i] as ActorRef;
      return { from, to, items: items.get(pairKey(from.key, to.key)) ?? [] };
    }),
  }));
  const names =
    data.from && data.to ? { from: actorName(data.from), to: actorName(data.to) } : route;
  document.title = `${t("paths.title")} : ${names.from} → ${names.to} — Maillage`;
  const count = paths.length
    ? tn("paths.count", paths.length, { length: paths[0]?.length ?? 0 })
    : t("paths.none", { n: route.maxHops });
  fill(
    main,
    head,
    form(route, data),
    h("p", { class: "result-count" }, count),
    h("ol", { class: "paths" }, paths.map(pathView)),
    data.from && paths.length
      ? h(
          "p",
          null,
          h(
            "a",
            {
              href: link(`/actor/${encodeURIComponent(data.from.key)}/network`, {
                depth: Math.min(3, paths[0]?.length ?? 1),
              }),
            },
            t("paths.network", { name: actorName(data.from) }),
          ),
        )
      : null,
  );
  announce(count);
}
