// French and English. The language lives in the URL (?lang=en; French when absent), so every
// link carries it and a deep link opens in the language it was shared in.

import { en, fr, type MessageKey } from "./messages";

export type Lang = "fr" | "en";

export function lang(): Lang {
  return new URLSearchParams(window.location.search).get("lang") === "en" ? "en" : "fr";
}

/** The `Lang` enum value for GraphQL fields such as `name(lang:)`. */
export function gqlLang(): "FR" | "EN" {
  return lang() === "en" ? "EN" : "FR";
}

/** A message, with `{name}` placeholders filled. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text = (lang() === "en" ? en : fr)[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

/** A message of the form "singular|plural"; French takes the singular for 0 and 1. */
export function tn(key: MessageKey, n: number, vars: Record<string, string | number> = {}): string {
  const [one, other] = t(key, { n: formatNumber(n), ...vars }).split("|");
  const singular = lang() === "fr" ? n < 2 : n === 1;
  return (singular ? one : (other ?? one)).trim();
}

/** A label from the dictionary for a value of a GraphQL enum, or the value made readable. */
export function label(group: string, value: string): string {
  const key = `${group}.${value}` as MessageKey;
  const table = lang() === "en" ? en : fr;
  return key in table ? table[key] : value.toLowerCase().replace(/_/g, " ");
}

export type Params = Record<string, string | number | null | undefined | readonly string[]>;

/** An internal link: the path, its parameters (empty ones left out) and the language. */
export function link(path: string, params: Params = {}, language: Lang = lang()): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "") continue;
    if (Array.isArray(value)) {
      if (value.length) query.set(name, value.join(","));
    } else {
      query.set(name, String(value));
    }
  }
  if (language === "en") query.set("lang", "en");
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** The current page in another language. */
export function inLanguage(language: Lang): string {
  const query = new URLSearchParams(window.location.search);
  query.delete("lang");
  if (language === "en") query.set("lang", "en");
  const text = query.toString();
  return text ? `${window.location.pathname}?${text}` : window.location.pathname;
}

export function formatDate(
  iso: string | null | undefined,
  month: "long" | "short" = "long",
): string {
  if (!iso) return "";
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang(), {
    day: "numeric",
    month,
    year: "numeric",
    timeZone: "UTC",
  }).format(date);
}

export function formatMonth(iso: string): string {
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  return new Intl.DateTimeFormat(lang(), {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(date);
}

export function formatNumber(value: number, digits = 0): string {
  return new Intl.NumberFormat(lang(), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}
