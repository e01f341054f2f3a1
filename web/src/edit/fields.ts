// Form fields of the curation forms. Each field carries the API's path of its argument
// (`data-path`, e.g. input.parties.0.actor), so a refusal shows its message next to it.

import { h, uid, type Child } from "../dom";
import { combobox, type SearchKind } from "../combobox";

export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** A labelled control (drawn inside `body` when given) with its hint and its error's slot. */
export function field(
  path: string,
  text: string,
  control: Control,
  hint?: string,
  body?: HTMLElement,
): HTMLElement {
  control.id ||= uid("field");
  const error = h("p", { class: "field-error", id: `${control.id}-error`, hidden: true });
  const hintId = hint ? `${control.id}-hint` : null;
  control.setAttribute("aria-describedby", [hintId, error.id].filter(Boolean).join(" "));
  return h(
    "div",
    { class: "field", "data-path": path },
    h("label", { for: control.id }, text),
    body ?? control,
    hint ? h("p", { class: "field-hint muted", id: hintId }, hint) : null,
    error,
  );
}

export function input(
  name: string,
  attrs: Record<string, string | boolean> = {},
): HTMLInputElement {
  return h("input", { name, type: "text", ...attrs });
}

export function textarea(name: string): HTMLTextAreaElement {
  return h("textarea", { name, rows: 3 });
}

export function select(name: string, choices: [string, string][], value = ""): HTMLSelectElement {
  return h(
    "select",
    { name },
    choices.map(([code, text]) => h("option", { value: code, selected: code === value }, text)),
  );
}

/** The trimmed text of a control, or null when empty. */
export function text(control: Control): string | null {
  const value = control.value.trim();
  return value ? value : null;
}

/** Keys typed as "a, b c": each one once. */
export function keyList(control: Control): string[] {
  return [...new Set(control.value.split(/[\s,;]+/).filter(Boolean))];
}

/** A lower-case slug for keys made from a title: "Accord CID–CTPC 2026" → "accord-cid-ctpc-2026". */
export function slug(value: string): string {
  return value
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
}

export interface Picker {
  root: HTMLElement;
  /** The key picked, or the text typed when nothing was picked (the API then says why). */
  value(): string;
}

/** A search box that picks one actor, agreement or theme by its key. */
export function picker(
  path: string,
  text: string,
  kind: SearchKind,
  initial?: { key: string; text: string },
  onPick?: (key: string, label: string) => void,
): Picker {
  let picked = initial?.key ?? "";
  const box = combobox({
    label: text,
    name: path,
    kinds: [kind],
    value: initial?.text ?? "",
    onPick: (choice) => {
      picked = choice.key;
      box.input.value = choice.text;
      onPick?.(choice.key, choice.text);
    },
    onType: () => {
      picked = "";
    },
  });
  box.root.querySelector("label")?.remove();
  const root = field(path, text, box.input, undefined, box.root);
  return { root, value: () => picked || box.input.value.trim() };
}

/** A group of fields under a legend. */
export function group(legend: string, ...children: Child[]): HTMLElement {
  return h("fieldset", { class: "form-group" }, h("legend", null, legend), ...children);
}
