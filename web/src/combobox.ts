// A text box with suggestions as you type (the WAI-ARIA combobox pattern): arrows move through
// the suggestions, Enter picks one, Escape closes the list. Suggestions come from `search`.

import { gql, isAbort } from "./api";
import { h, uid } from "./dom";
import { gqlLang, label, link, t } from "./i18n";

export type SearchKind = "ACTOR" | "AGREEMENT" | "PROJECT" | "THEME" | "SECTOR";

export interface Suggestion {
  kind: SearchKind;
  key: string;
  text: string;
  detail: string;
}

interface Hit {
  kind: SearchKind;
  node: {
    key: string;
    acronym?: string | null;
    kind?: string;
    name?: string;
    title?: string;
    label?: string;
    signedOn?: string;
    startedOn?: string | null;
  };
}

export const SEARCH_QUERY = `
query Suggest($text: String!, $kinds: [SearchKind!], $first: Int!, $lang: Lang!) {
  search(text: $text, kinds: $kinds, first: $first) {
    kind
    exact
    node {
      ... on Actor { key acronym kind name(lang: $lang) }
      ... on Agreement { key signedOn title(lang: $lang) }
      ... on Project { key startedOn title(lang: $lang) }
      ... on Theme { key label(lang: $lang) }
      ... on Sector { key name(lang: $lang) }
    }
  }
}`;

export function toSuggestion(hit: Hit): Suggestion {
  const node = hit.node;
  const name = node.name ?? node.title ?? node.label ?? node.key;
  const text = node.acronym && !name.includes(node.acronym) ? `${node.acronym} — ${name}` : name;
  const detail =
    hit.kind === "ACTOR" && node.kind ? label("kind", node.kind) : label("search", hit.kind);
  return { kind: hit.kind, key: node.key, text, detail };
}

// Full-text search matches whole words (one typo allowed), not the start of one, so "plast"
// finds nothing there; the lists' `contains` filters catch what is still being typed.
const CONTAINS: Partial<Record<SearchKind, string>> = {
  ACTOR: `actors(first: $first, where: { OR: [
      { name: { contains: $text, mode: INSENSITIVE } },
      { acronym: { startsWith: $text, mode: INSENSITIVE } } ] }) {
    nodes { key acronym kind name(lang: $lang) } }`,
  AGREEMENT: `agreements(first: $first, where: { title: { contains: $text, mode: INSENSITIVE } }) {
    nodes { key signedOn title(lang: $lang) } }`,
  PROJECT: `projects(first: $first, where: { title: { contains: $text, mode: INSENSITIVE } }) {
    nodes { key startedOn title(lang: $lang) } }`,
  THEME: `themes(first: $first, where: { label: { contains: $text, mode: INSENSITIVE } }) {
    nodes { key label(lang: $lang) } }`,
};

function suggestQuery(kinds: SearchKind[]): string {
  const lists = kinds
    .filter((kind) => CONTAINS[kind])
    .map((kind) => `  ${kind.toLowerCase()}: ${CONTAINS[kind]}`);
  return SEARCH_QUERY.replace(/\}\s*$/, `${lists.join("\n")}\n}`);
}

type Nodes = { nodes: Hit["node"][] };

/** Search hits that name the text exactly, then list matches, then the other hits. */
export async function suggest(
  text: string,
  kinds: SearchKind[],
  first: number,
  signal?: AbortSignal,
): Promise<Suggestion[]> {
  const data = await gql<{ search: (Hit & { exact: boolean })[] } & Record<string, Nodes>>(
    suggestQuery(kinds),
    { text, kinds, first, lang: gqlLang() },
    signal,
  );
  const listed = kinds.flatMap((kind) =>
    (data[kind.toLowerCase()]?.nodes ?? []).map((node) => ({ kind, node })),
  );
  const ordered = [
    ...data.search.filter((hit) => hit.exact),
    ...listed,
    ...data.search.filter((hit) => !hit.exact),
  ];
  const seen = new Set<string>();
  const choices: Suggestion[] = [];
  for (const hit of ordered) {
    const id = `${hit.kind}:${hit.node.key}`;
    if (seen.has(id)) continue;
    seen.add(id);
    choices.push(toSuggestion(hit));
  }
  return choices.slice(0, first);
}

/** Where a picked suggestion leads. */
export function suggestionHref(choice: Suggestion): string {
  const key = encodeURIComponent(choice.key);
  switch (choice.kind) {
    case "ACTOR":
      return link(`/actor/${key}`);
    case "AGREEMENT":
      return link(`/agreement/${key}`);
    case "PROJECT":
      return link(`/project/${key}`);
    case "THEME":
      return link("/expertise", { theme: choice.key });
    case "SECTOR":
      return link("/expertise", { theme: choice.text });
  }
}

export interface ComboboxOptions {
  label: string;
  name: string;
  kinds: SearchKind[];
  value?: string;
  placeholder?: string;
  required?: boolean;
  onPick: (choice: Suggestion) => void;
  /** Called when the text changes by typing (the previous pick no longer holds). */
  onType?: (text: string) => void;
}

export interface Combobox {
  root: HTMLElement;
  input: HTMLInputElement;
}

export function combobox(options: ComboboxOptions): Combobox {
  const inputId = uid("combo");
  const listId = `${inputId}-list`;
  const input = h("input", {
    id: inputId,
    name: options.name,
    type: "search",
    role: "combobox",
    autocomplete: "off",
    spellcheck: "false",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": listId,
    placeholder: options.placeholder ?? "",
    required: options.required ?? false,
    value: options.value ?? "",
  });
  const list = h("ul", { id: listId, role: "listbox", class: "suggestions", hidden: true });
  list.setAttribute("aria-label", options.label);
  let choices: Suggestion[] = [];
  let active = -1;
  let pending: AbortController | null = null;
  let timer = 0;

  function close(): void {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index: number): void {
    active = index;
    list.querySelectorAll("[role=option]").forEach((option, i) => {
      option.setAttribute("aria-selected", String(i === index));
      if (i === index) option.scrollIntoView({ block: "nearest" });
    });
    if (index >= 0) input.setAttribute("aria-activedescendant", `${listId}-${index}`);
    else input.removeAttribute("aria-activedescendant");
  }

  function pick(index: number): void {
    const choice = choices[index];
    if (!choice) return;
    close();
    options.onPick(choice);
  }

  function show(found: Suggestion[]): void {
    choices = found;
    list.replaceChildren(
      ...found.map((choice, index) =>
        h(
          "li",
          {
            id: `${listId}-${index}`,
            role: "option",
            "aria-selected": "false",
            "data-kind": choice.kind,
            onmousedown: (event: Event) => event.preventDefault(),
            onclick: () => pick(index),
          },
          h("span", { class: "suggestion-text" }, choice.text),
          h("span", { class: "suggestion-detail" }, choice.detail),
        ),
      ),
    );
    if (!found.length) {
      list.append(
        h("li", { class: "suggestion-empty", "aria-disabled": "true" }, t("search.noSuggestion")),
      );
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
  }

  async function refresh(): Promise<void> {
    const text = input.value.trim();
    pending?.abort();
    if (text.length < 2) {
      close();
      return;
    }
    pending = new AbortController();
    try {
      show(await suggest(text, options.kinds, 8, pending.signal));
    } catch (error) {
      if (!isAbort(error)) close();
    }
  }

  input.addEventListener("input", () => {
    options.onType?.(input.value);
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void refresh(), 150);
  });
  input.addEventListener("keydown", (event) => {
    const open = !list.hidden && choices.length > 0;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (open) highlight((active + 1) % choices.length);
      else void refresh();
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      highlight(active <= 0 ? choices.length - 1 : active - 1);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      pick(active);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", () => window.setTimeout(close, 100));

  const root = h(
    "div",
    { class: "combobox" },
    h("label", { for: inputId }, options.label),
    h("div", { class: "combobox-field" }, input, list),
  );
  return { root, input };
}
