// Pieces every view shares: links to actors and items, badges, sources, messages.

import { ApiError } from "./api";
import { h, type Child } from "./dom";
import { formatDate, label, link, t } from "./i18n";

export interface ActorRef {
  key: string;
  acronym?: string | null;
  kind: string;
  name: string;
}

export interface SourceRef {
  key?: string;
  title: string;
  url?: string | null;
  publisher?: string | null;
  publishedOn?: string | null;
}

export const ACTOR_FIELDS = "key acronym kind name(lang: $lang)";

/** "CTPC — Centre Technique …" when the acronym says more than the name alone. */
export function actorName(actor: ActorRef): string {
  return actor.acronym && !actor.name.includes(actor.acronym)
    ? `${actor.acronym} — ${actor.name}`
    : actor.name;
}

export function kindBadge(kind: string): HTMLElement {
  return h("span", { class: `badge kind-${kind.toLowerCase()}` }, label("kind", kind));
}

export function actorLink(actor: ActorRef, withKind = true): HTMLElement {
  return h(
    "span",
    { class: "actor-ref" },
    h("a", { href: link(`/actor/${encodeURIComponent(actor.key)}`) }, actorName(actor)),
    withKind ? [" ", kindBadge(actor.kind)] : null,
  );
}

export function itemLink(kind: string, key: string | null | undefined, title: Child): Child {
  if (!key) return title;
  const path = kind === "PROJECT" ? "project" : kind === "AGREEMENT" ? "agreement" : null;
  return path ? h("a", { href: link(`/${path}/${encodeURIComponent(key)}`) }, title) : title;
}

export function themeLink(theme: { key: string; label: string }): HTMLElement {
  return h("a", { href: link("/expertise", { theme: theme.key }), class: "chip" }, theme.label);
}

export function dateText(iso: string | null | undefined, month: "long" | "short" = "long"): Child {
  return iso ? h("time", { datetime: iso }, formatDate(iso, month)) : null;
}

/** An external source: opens in a new tab, sends no referrer. */
export function sourceLink(source: SourceRef): Child {
  return source.url
    ? h(
        "a",
        { href: source.url, rel: "noopener noreferrer external", target: "_blank" },
        source.title,
      )
    : source.title;
}

export function sourceList(sources: SourceRef[], compact = false): HTMLElement {
  if (!sources.length) return h("p", { class: "muted" }, t("sources.none"));
  return h(
    "ul",
    { class: compact ? "sources compact" : "sources" },
    sources.map((source) =>
      h(
        "li",
        null,
        sourceLink(source),
        compact
          ? null
          : h(
              "span",
              { class: "muted" },
              source.publisher ? ` — ${source.publisher}` : "",
              source.publishedOn ? `, ${formatDate(source.publishedOn)}` : "",
            ),
      ),
    ),
  );
}

export function section(title: string, id: string, ...children: Child[]): HTMLElement {
  return h(
    "section",
    { class: "panel", "aria-labelledby": id },
    h("h2", { id }, title),
    ...children,
  );
}

/** A term–description list, leaving out empty values. */
export function facts(rows: [string, Child][]): HTMLElement {
  return h(
    "dl",
    { class: "facts" },
    rows
      .filter(([, value]) => value !== null && value !== undefined && value !== "")
      .map(([term, value]) => h("div", null, h("dt", null, term), h("dd", null, value))),
  );
}

export function uncertain(confidence: string | null | undefined): Child {
  return confidence === "UNCERTAIN"
    ? h("span", { class: "badge uncertain", title: t("uncertain.help") }, t("uncertain"))
    : null;
}

export function problem(error: unknown): HTMLElement {
  const missing = error instanceof ApiError && error.code === "NOT_FOUND";
  const message = error instanceof Error ? error.message : String(error);
  return h(
    "div",
    { class: "problem", role: "alert" },
    h("h1", null, missing ? t("error.notFound") : t("error.title")),
    h("p", null, message),
    h("p", null, h("a", { href: link("/") }, t("error.home"))),
  );
}

/** An error the API gave for the request itself (bad text, unknown key, over a limit). */
export function isRefusal(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    ["VALIDATION", "NOT_FOUND", "LIMIT_EXCEEDED", "BAD_REQUEST"].includes(error.code)
  );
}

export function refusal(error: ApiError): HTMLElement {
  return h("p", { class: "problem-inline", role: "alert" }, error.message);
}

/** Tell screen readers something changed (result counts, loading done). */
export function announce(text: string): void {
  const live = document.getElementById("live");
  if (!live) return;
  live.textContent = "";
  window.setTimeout(() => {
    live.textContent = text;
  }, 30);
}

/** A bar 0..1 shown with its number, for strengths and scores. */
export function meter(value: number, max: number, text: string, description: string): HTMLElement {
  const share = max > 0 ? Math.max(0.04, Math.min(1, value / max)) : 0;
  const bar = h("span", { class: "meter-bar", "aria-hidden": "true" });
  // A CSSOM property, not a style attribute: allowed by the pages' CSP.
  bar.style.setProperty("--share", share.toFixed(3));
  return h(
    "span",
    { class: "meter", title: description },
    bar,
    h("span", { class: "meter-value" }, text),
    h("span", { class: "visually-hidden" }, ` (${description})`),
  );
}
