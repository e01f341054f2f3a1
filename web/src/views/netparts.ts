// The pieces around the network's drawing: the legend, and the actors as a list by distance
// from the centre for keyboards and screen readers.

import { h } from "../dom";
import { label, t, tn } from "../i18n";
import { ACTOR_KINDS, LINK_KINDS } from "../router";
import { actorLink } from "../ui";
import type { NetworkData } from "./netdata";
import type { Pair } from "./pairs";

export function nodeList(data: NetworkData, highlight: (key: string | null) => void): HTMLElement {
  const depths = [...new Set(data.neighbourhood.nodes.map((node) => node.depth ?? 0))].sort();
  return h(
    "div",
    { class: "node-list" },
    depths.map((depth) => {
      const nodes = data.neighbourhood.nodes.filter((node) => (node.depth ?? 0) === depth);
      return h(
        "div",
        null,
        h("h3", null, depth === 0 ? t("network.centre") : tn("network.atDepth", depth)),
        h(
          "ul",
          { class: "plain" },
          nodes.map((node) => {
            const item = h("li", null, actorLink(node));
            // Pointing at or tabbing to an actor in the list shows it in the graph.
            for (const name of ["mouseenter", "focusin"])
              item.addEventListener(name, () => highlight(node.key));
            for (const name of ["mouseleave", "focusout"])
              item.addEventListener(name, () => highlight(null));
            return item;
          }),
        ),
      );
    }),
  );
}

export function legend(): HTMLElement {
  return h(
    "div",
    { class: "legend", "aria-hidden": "true" },
    h(
      "ul",
      null,
      ACTOR_KINDS.map((kind) =>
        h(
          "li",
          null,
          h("span", { class: `swatch kind-${kind.toLowerCase()}` }),
          label("kind", kind),
        ),
      ),
    ),
    h(
      "ul",
      null,
      LINK_KINDS.map((kind) =>
        h("li", null, h("span", { class: `line link-${kind.toLowerCase()}` }), label("link", kind)),
      ),
    ),
    h(
      "ul",
      null,
      h(
        "li",
        { class: "item-legend" },
        h("span", { class: "swatch item-agreement" }),
        label("link", "AGREEMENT"),
      ),
      h(
        "li",
        { class: "item-legend" },
        h("span", { class: "swatch item-project" }),
        label("link", "PROJECT"),
      ),
      h(
        "li",
        null,
        h("span", { class: "line thin" }),
        h("span", { class: "line thick" }),
        t("network.width"),
      ),
    ),
  );
}

/** The drawn links as buttons, strongest first: the keyboard's way to a link's panel. */
export function pairList(
  pairs: Pair[],
  names: Map<string, string>,
  open: (id: string) => void,
): HTMLElement {
  const sorted = [...pairs].sort((a, b) => b.strength - a.strength || a.id.localeCompare(b.id));
  return h(
    "div",
    null,
    h("h3", null, t("network.linkList")),
    h(
      "ul",
      { class: "plain pair-list" },
      sorted.map((pair) =>
        h(
          "li",
          null,
          h(
            "button",
            { type: "button", class: "link-button", onclick: () => open(pair.id) },
            `${names.get(pair.source) ?? pair.source} — ${names.get(pair.target) ?? pair.target}`,
          ),
          " ",
          h("span", { class: "muted" }, tn("network.linkStrength", pair.strength)),
        ),
      ),
    ),
  );
}
