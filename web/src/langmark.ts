// Texts in the language chosen, and the marks that say when they are not: a fallback to the
// other language (the text is shown in it, tagged with its `lang`), or this project's
// translation of a source that gives only one language.

import { h, type Child } from "./dom";
import { lang, t, type Lang } from "./i18n";

export interface Localised {
  /** The text the API gave for the language asked. */
  text: string;
  /** The same field asked in the other language (equal when the API fell back). */
  other: string | null;
  /** The language the API falls back to for this field. */
  fallsBackTo: Lang;
  /** Whether the text shown is this project's translation. */
  translated?: boolean;
}

/** The language the text is really in. */
export function languageOf(item: Localised): Lang {
  const asked = lang();
  return asked !== item.fallsBackTo && item.other !== null && item.text === item.other
    ? item.fallsBackTo
    : asked;
}

/** A small badge: "en anglais" when the text falls back, "traduit" when it is a translation. */
export function languageMark(item: Localised): Child {
  const shown = languageOf(item);
  if (shown !== lang()) {
    return h(
      "span",
      { class: "lang-mark fallback", title: t("lang.fallback.help") },
      t(shown === "en" ? "lang.fallback.en" : "lang.fallback.fr"),
    );
  }
  return item.translated
    ? h(
        "span",
        { class: "lang-mark translated", title: t("lang.translated.help") },
        t("lang.translated"),
      )
    : null;
}

/** A paragraph in its real language, with its mark. */
export function localisedParagraph(item: Localised, className: string): HTMLElement {
  return h("p", { class: className, lang: languageOf(item) }, item.text, " ", languageMark(item));
}

/** The language of the current view, for the page's language badge. */
export function otherLang(): "FR" | "EN" {
  return lang() === "en" ? "FR" : "EN";
}
