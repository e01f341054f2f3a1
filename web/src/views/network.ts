// The network around an actor: a graph coloured by actor kind with one link per pair of
// actors, filters for depth, kinds of link, date (asOf) and the strongest links, a panel
// listing the items behind a link, exports, and the same actors as a list for keyboards and
// screen readers. Controls rewrite the URL, so the view is a deep link.

import { isAbort } from "../api";
import { fill, h, uid } from "../dom";
import { formatDate, formatMonth, label, link, t, tn } from "../i18n";
import { LINK_KINDS, MAX_DEPTH, TOP_CHOICES, type LinkKind } from "../router";
import { actorName, announce, kindBadge, problem } from "../ui";
import { drawGraph, type Drawing, type Graph } from "./graph";
import { itemsOf } from "./byitem";
import { actorPanel, linkPanel } from "./linkpanel";
import { load, type NetworkData, type State } from "./netdata";
import { legend, nodeList, pairList } from "./netparts";
import { pairsOf, visiblePairs, type Pair } from "./pairs";

/** The slider runs month by month from FIRST_YEAR to now; its last step means "all dates". */
const FIRST_YEAR = 1970;

function monthCount(): number {
  const now = new Date();
  return (now.getUTCFullYear() - FIRST_YEAR) * 12 + now.getUTCMonth() + 1;
}

function monthEnd(index: number): string {
  const year = FIRST_YEAR + Math.floor(index / 12);
  const end = new Date(Date.UTC(year, (index % 12) + 1, 0));
  const today = new Date();
  return (end > today ? today : end).toISOString().slice(0, 10);
}

function monthIndex(iso: string): number {
  return (Number(iso.slice(0, 4)) - FIRST_YEAR) * 12 + Number(iso.slice(5, 7)) - 1;
}

function params(state: State): Record<string, string | number | readonly string[]> {
  const all = state.via.length === LINK_KINDS.length;
  return {
    depth: state.depth,
    ...(all ? {} : { via: state.via.length ? state.via : ["NONE"] }),
    ...(state.asOf ? { asOf: state.asOf } : {}),
    ...(state.peers ? { links: "all" } : {}),
    ...(state.top ? { top: state.top } : {}),
    ...(state.pair ? { link: state.pair } : {}),
    ...(state.mode ? { mode: state.mode } : {}),
    expand: state.expand,
    hide: state.hide,
    ...(state.layout === "force" ? { layout: "force" } : {}),
  };
}

function exportHref(file: string, state: State): string {
  const query = new URLSearchParams({ key: state.key, depth: String(state.depth) });
  if (state.via.length !== LINK_KINDS.length) query.set("via", state.via.join(","));
  if (state.asOf) query.set("asOf", state.asOf);
  return `/export/${file}?${query.toString()}`;
}

export async function renderNetwork(
  route: State,
  main: HTMLElement,
  signal: AbortSignal,
): Promise<void> {
  const state: State = {
    key: route.key,
    depth: route.depth,
    via: [...route.via],
    asOf: route.asOf,
    peers: route.peers,
    top: route.top,
    pair: route.pair,
    mode: route.mode,
    expand: [...route.expand],
    hide: [...route.hide],
    layout: route.layout,
  };
  let data = state.via.length ? await load(state, signal) : null;
  const centre = data?.actor ?? null;
  if (data && !centre) throw new Error(t("error.noActor", { key: route.key }));
  const name = centre ? actorName(centre) : route.key;
  document.title = `${t("network.title", { name })} — Maillage`;

  const status = h("p", { class: "result-count" });
  const listBox = h("section", { class: "panel", "aria-labelledby": "network-list" });
  const canvas = h("div", {
    class: "graph",
    role: "img",
    "aria-label": t("network.canvas", { name }),
  });
  const graphml = h(
    "a",
    { class: "button secondary", download: "", href: "" },
    t("network.graphml"),
  );
  const csv = h("a", { class: "button secondary", download: "", href: "" }, t("network.csv"));
  const png = h(
    "button",
    { type: "button", class: "button secondary", disabled: true },
    t("network.png"),
  );
  const fit = h(
    "button",
    { type: "button", class: "button secondary", disabled: true },
    t("network.fit"),
  );
  let graph: Graph | null = null;
  const unhide = h("button", { type: "button", class: "button secondary", hidden: true });
  const frame = h("div", { class: "graph-frame" });
  const panel = h("section", {
    class: "pair-panel",
    "aria-labelledby": "pair-title",
    hidden: true,
  });
  let pairs: Pair[] = data ? pairsOf(data.neighbourhood.edges) : [];
  let drawn: Drawing = { nodes: [], pairs: [] };

  const depthId = uid("depth");
  const depth = h(
    "select",
    { id: depthId, name: "depth" },
    Array.from({ length: MAX_DEPTH }, (_, i) =>
      h(
        "option",
        { value: i + 1, selected: i + 1 === state.depth },
        tn("network.depthOption", i + 1),
      ),
    ),
  );
  const kindBoxes = LINK_KINDS.map((kind) =>
    h("input", { type: "checkbox", name: "via", value: kind, checked: state.via.includes(kind) }),
  );
  const modeId = uid("mode");
  const mode = h(
    "select",
    { id: modeId, name: "mode" },
    h("option", { value: "", selected: !state.mode }, t("network.byPair")),
    h(
      "option",
      { value: "agreements", selected: state.mode === "agreements" },
      t("network.byAgreement"),
    ),
  );
  const layoutId = uid("layout");
  const arrangement = h(
    "select",
    { id: layoutId, name: "layout" },
    h("option", { value: "rings", selected: state.layout === "rings" }, t("network.rings")),
    h("option", { value: "force", selected: state.layout === "force" }, t("network.force")),
  );
  const peers = h("input", { type: "checkbox", name: "links", checked: state.peers });
  const topId = uid("top");
  const tops: number[] = [...TOP_CHOICES];
  if (!tops.includes(state.top)) tops.push(state.top);
  const top = h(
    "select",
    { id: topId, name: "top" },
    tops
      .sort((a, b) => a - b)
      .map((n) =>
        h(
          "option",
          { value: n, selected: n === state.top },
          n ? tn("network.topOption", n) : t("network.topAll"),
        ),
      ),
  );
  const sliderId = uid("asof");
  const last = monthCount();
  const slider = h("input", {
    id: sliderId,
    type: "range",
    name: "asOf",
    min: 0,
    max: last,
    step: 1,
    value: state.asOf ? Math.min(last, monthIndex(state.asOf)) : last,
  });
  const sliderText = h("output", { for: sliderId, class: "slider-value" });

  function describeDate(): void {
    const text = state.asOf
      ? t("network.asOfValue", { date: formatDate(state.asOf) })
      : t("network.allDates");
    sliderText.textContent = text;
    slider.setAttribute(
      "aria-valuetext",
      state.asOf ? formatMonth(state.asOf) : t("network.allDates"),
    );
  }

  function syncAddresses(): void {
    window.history.replaceState(
      null,
      "",
      link(`/actor/${encodeURIComponent(state.key)}/network`, params(state)),
    );
    graphml.href = exportHref("graph.graphml", state);
    csv.href = exportHref("edges.csv", state);
  }

  function drawing(current: NetworkData): Drawing {
    const hidden = new Set(state.hide.filter((key) => key !== state.key));
    const nodes = current.neighbourhood.nodes.filter((node) => !hidden.has(node.key));
    const depthOf = new Map(nodes.map((node) => [node.key, node.depth ?? 0]));
    const present = pairs.filter((pair) => !hidden.has(pair.source) && !hidden.has(pair.target));
    const shown = visiblePairs(present, depthOf, state.key, { peers: state.peers, top: state.top });
    // Actors whose only links were left out go with them.
    const linked = new Set(shown.flatMap((pair) => [pair.source, pair.target]));
    const kept = state.top
      ? nodes.filter((node) => node.key === state.key || linked.has(node.key))
      : nodes;
    if (state.mode !== "agreements") return { nodes: kept, pairs: shown };
    const { items, ties, actorPairs } = itemsOf(shown, depthOf);
    const drawnItems = new Set(items.map((item) => item.id));
    const framing = current.framing.filter(
      (tie) => drawnItems.has(tie.source) && drawnItems.has(tie.target),
    );
    return { nodes: kept, pairs: actorPairs, items, ties: [...ties, ...framing] };
  }

  function showPair(id: string): void {
    const pair = drawn.pairs.find((item) => item.id === id);
    state.pair = pair ? pair.id : "";
    graph?.select(state.pair || null);
    panel.hidden = !pair;
    if (pair) {
      const nodes = new Map(drawn.nodes.map((node) => [node.key, node]));
      fill(
        panel,
        linkPanel(pair, nodes, () => showPair("")),
      );
    } else fill(panel);
    syncAddresses();
  }

  function showActor(key: string): void {
    const node = drawn.nodes.find((item) => item.key === key);
    if (!node) return;
    state.pair = "";
    syncAddresses();
    graph?.select(key);
    panel.hidden = false;
    const unfold = () => {
      state.expand = [...state.expand, key];
      showPair("");
      void reload();
    };
    const hide = () => {
      state.hide = [...state.hide, key];
      showPair("");
      showData(data);
    };
    fill(
      panel,
      actorPanel(node, {
        expand: key === state.key || state.expand.includes(key) ? null : unfold,
        hide: key === state.key ? null : hide,
        close: () => showPair(""),
      }),
    );
  }

  function showData(current: NetworkData | null): void {
    if (!current) {
      status.textContent = t("network.noKinds");
      fill(listBox);
      graph?.clear();
      drawn = { nodes: [], pairs: [] };
      showPair("");
      announce(status.textContent);
      return;
    }
    const { truncated } = current.neighbourhood;
    drawn = drawing(current);
    const { nodes } = drawn;
    const count = [
      tn("network.actors", nodes.length),
      drawn.items && !drawn.pairs.length ? "" : tn("network.links", drawn.pairs.length),
      drawn.items ? tn("network.items", drawn.items.length) : "",
    ]
      .filter(Boolean)
      .join(", ");
    status.textContent = truncated
      ? `${count}. ${t("network.truncated")}`
      : nodes.length
        ? count
        : t("network.empty");
    frame.classList.toggle("by-agreement", Boolean(drawn.items));
    unhide.hidden = !state.hide.length;
    unhide.textContent = tn("network.showHidden", state.hide.length);
    fill(
      listBox,
      h("h2", { id: "network-list" }, t("network.list")),
      nodeList(current, (key) => graph?.highlight(key)),
      pairList(
        drawn.pairs,
        new Map(drawn.nodes.map((node) => [node.key, node.acronym ?? node.name])),
        (id) => {
          showPair(id);
          panel.querySelector("button")?.focus();
        },
      ),
    );
    graph?.show(drawn, state.key, state.layout);
    showPair(state.pair);
    announce(status.textContent);
  }

  let pending: AbortController | null = null;
  let timer = 0;
  async function reload(): Promise<void> {
    if (signal.aborted) return; // the reader has moved on to another view
    syncAddresses();
    pending?.abort();
    if (!state.via.length) {
      data = null;
      showData(null);
      return;
    }
    pending = new AbortController();
    try {
      data = await load(state, pending.signal);
      pairs = pairsOf(data.neighbourhood.edges);
      showData(data);
    } catch (error) {
      if (!isAbort(error)) fill(listBox, problem(error));
    }
  }

  signal.addEventListener("abort", () => {
    window.clearTimeout(timer);
    pending?.abort();
  });
  depth.addEventListener("change", () => {
    state.depth = Number(depth.value);
    void reload();
  });
  kindBoxes.forEach((box) =>
    box.addEventListener("change", () => {
      state.via = kindBoxes.filter((item) => item.checked).map((item) => item.value as LinkKind);
      void reload();
    }),
  );
  mode.addEventListener("change", () => {
    state.mode = mode.value === "agreements" ? "agreements" : "";
    void reload();
  });
  arrangement.addEventListener("change", () => {
    state.layout = arrangement.value === "force" ? "force" : "rings";
    showData(data);
  });
  peers.addEventListener("change", () => {
    state.peers = peers.checked;
    showData(data);
  });
  top.addEventListener("change", () => {
    state.top = Number(top.value);
    showData(data);
  });
  slider.addEventListener("input", () => {
    const index = Number(slider.value);
    state.asOf = index >= last ? "" : monthEnd(index);
    describeDate();
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void reload(), 250);
  });
  png.addEventListener("click", () => graph?.downloadPng(`maillage-${state.key}.png`));
  fit.addEventListener("click", () => graph?.fit());
  unhide.addEventListener("click", () => {
    state.hide = [];
    showData(data);
    syncAddresses();
  });

  fill(
    main,
    h(
      "div",
      { class: "page-head" },
      h(
        "p",
        { class: "eyebrow" },
        centre ? kindBadge(centre.kind) : null,
        " ",
        h(
          "a",
          { href: link(`/actor/${encodeURIComponent(state.key)}`) },
          t("network.back", { name }),
        ),
      ),
      h("h1", null, t("network.title", { name })),
    ),
    h(
      "form",
      { class: "controls", "aria-label": t("network.filters") },
      h("div", { class: "control" }, h("label", { for: depthId }, t("network.depth")), depth),
      h(
        "fieldset",
        { class: "control kinds" },
        h("legend", null, t("network.via")),
        kindBoxes.map((box) =>
          h(
            "label",
            { class: "check" },
            box,
            h("span", { class: `line link-${box.value.toLowerCase()}`, "aria-hidden": "true" }),
            label("link", box.value),
          ),
        ),
      ),
      h("div", { class: "control" }, h("label", { for: modeId }, t("network.mode")), mode),
      h("div", { class: "control" }, h("label", { for: topId }, t("network.top")), top),
      h(
        "div",
        { class: "control" },
        h("label", { for: layoutId }, t("network.layout")),
        arrangement,
      ),
      h("div", { class: "control" }, h("label", { class: "check" }, peers, t("network.peers"))),
      h(
        "div",
        { class: "control date" },
        h("label", { for: sliderId }, t("network.asOf")),
        slider,
        sliderText,
      ),
    ),
    h(
      "div",
      { class: "status-row" },
      status,
      h(
        "div",
        { class: "exports", role: "group", "aria-label": t("network.export") },
        unhide,
        fit,
        graphml,
        csv,
        png,
      ),
    ),
    frame,
    h("p", { class: "muted help" }, t("network.help")),
    listBox,
  );
  fill(frame, canvas, panel, legend());
  describeDate();
  graphml.href = exportHref("graph.graphml", state);
  csv.href = exportHref("edges.csv", state);
  for (const form of main.querySelectorAll("form"))
    form.addEventListener("submit", (event) => event.preventDefault());
  showData(data);

  graph = await drawGraph(canvas, showActor, (pair) => showPair(pair ?? ""));
  if (signal.aborted) {
    graph.destroy();
    return;
  }
  signal.addEventListener("abort", () => graph?.destroy());
  if (data) {
    graph.show(drawn, state.key, state.layout);
    graph.select(state.pair || null);
  }
  png.disabled = false;
  fit.disabled = false;
}
