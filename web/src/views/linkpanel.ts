// The panel beside the network that lists what lies behind one link: the agreements,
// projects and links between two actors, oldest first, with their dates.

import { h, type Child } from "../dom";
import { label, link, t, tn } from "../i18n";
import { dateText, itemLink } from "../ui";
import type { NetNode } from "./graph";
import type { LinkItem, Pair } from "./pairs";

function relation(item: LinkItem): string {
  if (item.kind === "AGREEMENT") return label("agreementKind", item.relation.toUpperCase());
  if (item.kind === "PROJECT") return label("link", "PROJECT");
  return label("link", item.kind);
}

function nameOf(key: string | null, nodes: Map<string, NetNode>): string {
  const node = key ? nodes.get(key) : undefined;
  return node?.acronym ?? node?.name ?? key ?? "";
}

function itemText(item: LinkItem, nodes: Map<string, NetNode>): Child {
  if (item.title) return itemLink(item.kind, item.key, item.title);
  // An actor link has no title: say who is what to whom.
  const verb = label("linkType", `${item.relation}.out`);
  return `${nameOf(item.source, nodes)} ${verb} ${nameOf(item.target, nodes)}`;
}

function itemDate(item: LinkItem): Child {
  if (item.date) return dateText(item.date);
  return item.sinceYear ? h("time", { datetime: String(item.sinceYear) }, item.sinceYear) : null;
}

export function linkPanel(pair: Pair, nodes: Map<string, NetNode>, close: () => void): Child[] {
  // Acronyms keep the heading short; the full names are the links' titles.
  const ends = [pair.source, pair.target].map((key) => {
    const node = nodes.get(key);
    if (!node) return key;
    const href = link(`/actor/${encodeURIComponent(key)}`);
    return h("a", { href, title: node.name }, nameOf(key, nodes));
  });
  const missing = pair.strength - pair.items.length;
  return [
    h(
      "div",
      { class: "pair-head" },
      h("h2", { id: "pair-title" }, ends[0], " — ", ends[1]),
      h(
        "button",
        { type: "button", class: "button secondary", onclick: () => close() },
        t("network.closeLink"),
      ),
    ),
    h(
      "p",
      { class: "muted" },
      tn("network.linkStrength", pair.strength),
      " · ",
      pair.kinds.map((kind) => label("link", kind)).join(", "),
    ),
    h(
      "ol",
      { class: "plain pair-items" },
      pair.items.map((item) =>
        h(
          "li",
          null,
          h("span", { class: `line link-${item.kind.toLowerCase()}`, "aria-hidden": "true" }),
          h(
            "span",
            null,
            itemText(item, nodes),
            " ",
            h("span", { class: "badge" }, relation(item)),
            " ",
            itemDate(item),
          ),
        ),
      ),
    ),
    missing > 0 ? h("p", { class: "muted" }, tn("network.moreItems", missing)) : null,
  ];
}

export interface ActorActions {
  expand: (() => void) | null;
  hide: (() => void) | null;
  close: () => void;
}

/** An actor picked in the drawing: its page, its neighbours unfolded in place, or hidden. */
export function actorPanel(node: NetNode, actions: ActorActions): Child[] {
  const button = (text: string, action: (() => void) | null) =>
    h(
      "button",
      {
        type: "button",
        class: "button secondary",
        disabled: !action,
        onclick: () => action?.(),
      },
      text,
    );
  return [
    h(
      "div",
      { class: "pair-head" },
      h("h2", { id: "pair-title" }, node.name),
      button(t("network.closeLink"), actions.close),
    ),
    h(
      "p",
      { class: "exports" },
      h(
        "a",
        { class: "button", href: link(`/actor/${encodeURIComponent(node.key)}`) },
        t("network.openActor"),
      ),
      button(t("network.expand"), actions.expand),
      button(t("network.hide"), actions.hide),
    ),
  ];
}
