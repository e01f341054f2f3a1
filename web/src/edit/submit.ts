// Sending a curation form: one idempotency key per submission (a double click, or a retry after
// a lost answer, writes once), and the API's refusal shown next to the fields it names.

import { ApiError, gql } from "../api";
import { h, fill, type Child } from "../dom";
import { t } from "../i18n";

export const REFUSAL = "... on MutationError { code message fields { path message } }";

interface FieldError {
  path: string;
  message: string;
}

interface Refused {
  __typename: "MutationError";
  code: string;
  message: string;
  fields: FieldError[];
}

function newKey(): string {
  // getRandomValues, unlike randomUUID, also works on pages served over plain http.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `form-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

/** The field showing `path`, or the nearest field of an enclosing path. */
function fieldOf(form: HTMLFormElement, path: string): HTMLElement | null {
  const parts = path.split(".");
  while (parts.length) {
    const found = form.querySelector<HTMLElement>(`[data-path="${CSS.escape(parts.join("."))}"]`);
    if (found) return found;
    parts.pop();
  }
  return null;
}

function clear(form: HTMLFormElement): void {
  form.querySelectorAll<HTMLElement>(".field-error").forEach((slot) => {
    slot.hidden = true;
    slot.textContent = "";
  });
  form.querySelectorAll("[aria-invalid]").forEach((item) => item.removeAttribute("aria-invalid"));
}

function showRefusal(form: HTMLFormElement, status: HTMLElement, refused: Refused): void {
  const loose: FieldError[] = [];
  let first: HTMLElement | null = null;
  for (const problem of refused.fields) {
    const where = fieldOf(form, problem.path);
    const slot = where?.querySelector<HTMLElement>(":scope > .field-error");
    if (!where || !slot) {
      loose.push(problem);
      continue;
    }
    slot.append(slot.textContent ? " · " : "", `${problem.path}: ${problem.message}`);
    slot.hidden = false;
    where.querySelector("input, select, textarea")?.setAttribute("aria-invalid", "true");
    first ??= where;
  }
  fill(
    status,
    h(
      "div",
      { class: "problem-inline", role: "alert", "data-code": refused.code },
      h("p", null, t("edit.refused"), " ", refused.message),
      loose.length
        ? h(
            "ul",
            null,
            loose.map((p) => h("li", null, `${p.path}: ${p.message}`)),
          )
        : null,
    ),
  );
  first?.querySelector<HTMLElement>("input, select, textarea")?.focus();
}

export interface Submission<T> {
  query: string;
  field: string;
  variables: (idempotencyKey: string) => Record<string, unknown>;
  done: (payload: T) => Child;
}

/** Wire `form` to send its mutation; the submit button is disabled while a write runs. */
export function sendOnSubmit<T>(
  form: HTMLFormElement,
  status: HTMLElement,
  build: () => Submission<T>,
): void {
  let key: string | null = null;
  let busy = false;
  form.addEventListener("input", () => {
    key = null; // other values: another submission
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    key ??= newKey();
    const button = form.querySelector<HTMLButtonElement>("button[type=submit]");
    if (button) button.disabled = true;
    clear(form);
    const empty = [...form.querySelectorAll<HTMLInputElement>("[required]")].filter(
      (control) => control.validity.valueMissing || control.validity.badInput,
    );
    if (empty.length) {
      const fields = empty.map((control) => ({
        path: control.closest<HTMLElement>("[data-path]")?.dataset.path ?? control.name,
        message: t("edit.required"),
      }));
      showRefusal(form, status, {
        __typename: "MutationError",
        code: "REQUIRED",
        message: "",
        fields,
      });
      busy = false;
      if (button) button.disabled = false;
      return;
    }
    fill(status, h("p", { class: "muted" }, t("edit.sending")));
    const submission = build();
    void gql<Record<string, (T & { __typename: string }) | Refused>>(
      submission.query,
      submission.variables(key),
    )
      .then((data) => {
        const answer = data[submission.field];
        if (answer.__typename === "MutationError") {
          showRefusal(form, status, answer as Refused);
          return;
        }
        key = null;
        fill(status, h("div", { class: "done", role: "status" }, submission.done(answer as T)));
      })
      .catch((error: unknown) => {
        const message = error instanceof ApiError ? error.message : String(error);
        fill(status, h("p", { class: "problem-inline", role: "alert" }, message));
      })
      .finally(() => {
        busy = false;
        if (button) button.disabled = false;
      });
  });
}
