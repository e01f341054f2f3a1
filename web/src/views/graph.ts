// The drawing itself, with Cytoscape.js (loaded only when a network is shown). Colours come
// from the CSS custom properties --kind-* and --link-*, so the legend and the graph agree.
// One line per pair of actors, as wide as the number of items behind it.

import type { Core, ElementDefinition, StylesheetJson } from "cytoscape";
import { label, link } from "../i18n";
import { navigate } from "../nav";
import { ACTOR_KINDS, LINK_KINDS } from "../router";
import type { ItemNode, Tie } from "./byitem";
import type { Pair } from "./pairs";

export interface NetNode {
  key: string;
  acronym: string | null;
  kind: string;
  founded: number | null;
  depth: number | null;
  name: string;
}

export interface Drawing {
  nodes: NetNode[];
  pairs: Pair[];
  /** In the "by agreement" reading: agreements and projects as nodes, and their ties. */
  items?: ItemNode[];
  ties?: Tie[];
}

export interface Graph {
  /** Draw; "rings" by distance from the centre, "force" force-directed. */
  show(drawing: Drawing, centre: string, arrangement: "rings" | "force"): void;
  /** Bring one actor and its links forward (null: none). */
  highlight(key: string | null): void;
  /** Mark the link or actor whose panel is open (null: none). */
  select(id: string | null): void;
  clear(): void;
  fit(): void;
  downloadPng(filename: string): void;
  destroy(): void;
}

function colour(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function shortName(node: NetNode): string {
  if (node.acronym) return node.acronym;
  return node.name.length > 28 ? `${node.name.slice(0, 26)}…` : node.name;
}

function stylesheet(): StylesheetJson {
  const font = getComputedStyle(document.body).fontFamily;
  return [
    {
      selector: "node",
      style: {
        label: "data(label)",
        "font-family": font,
        "font-size": 12,
        "font-weight": 600,
        color: "#1b1f24",
        "text-valign": "bottom",
        "text-margin-y": 4,
        "text-outline-color": "#ffffff",
        "text-outline-width": 2,
        "text-wrap": "ellipsis",
        "text-max-width": "140px",
        width: 30,
        height: 30,
        "border-width": 2,
        "border-color": "#ffffff",
      },
    },
    ...ACTOR_KINDS.map((kind) => ({
      selector: `node[kind = "${kind}"]`,
      style: { "background-color": colour(`--kind-${kind.toLowerCase()}`, "#555") },
    })),
    {
      selector: "node.centre",
      style: {
        width: 48,
        height: 48,
        "border-width": 4,
        "border-color": "#1b1f24",
        "font-size": 14,
      },
    },
    {
      selector: "edge",
      style: {
        width: "mapData(strength, 1, 8, 1.5, 9)",
        "curve-style": "bezier",
        opacity: 0.6,
        "font-family": font,
        "font-size": 10,
        color: "#1f2937",
        "text-rotation": "autorotate",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.9,
        "text-background-padding": "1px",
      },
    },
    // Labels on the centre's edges, on a highlighted actor's edges, and on all when zoomed in:
    // 90 labels at once on a clique of technical centres would hide the drawing.
    { selector: "edge.labelled, edge.near", style: { label: "data(label)", opacity: 0.9 } },
    { selector: "edge.faded", style: { opacity: 0.12 } },
    { selector: "node.faded", style: { opacity: 0.35 } },
    ...LINK_KINDS.map((kind) => ({
      selector: `edge[kind = "${kind}"]`,
      style: {
        "line-color": colour(`--link-${kind.toLowerCase()}`, "#888"),
        "target-arrow-color": colour(`--link-${kind.toLowerCase()}`, "#888"),
      },
    })),
    {
      selector: "edge[?directed]",
      style: { "target-arrow-shape": "triangle", "arrow-scale": 0.9 },
    },
    {
      selector: "node.item",
      style: {
        shape: "round-rectangle",
        width: 18,
        height: 18,
        "background-color": colour("--link-agreement", "#888"),
        "font-size": 9,
        "font-weight": 400,
        "text-wrap": "wrap",
        "text-max-width": "120px",
      },
    },
    {
      selector: 'node.item[kind = "PROJECT"]',
      style: { shape: "diamond", "background-color": colour("--link-project", "#888") },
    },
    {
      selector: "edge.tie",
      style: { width: 1.5, "line-color": "#9ca3af", "line-style": "dashed", opacity: 0.7 },
    },
    {
      selector: 'edge.tie[kind = "FRAMES"]',
      style: {
        width: 2.5,
        "line-style": "solid",
        "line-color": "#1b1f24",
        "target-arrow-shape": "triangle",
        "target-arrow-color": "#1b1f24",
      },
    },
    { selector: "node.hover", style: { "overlay-opacity": 0.15, "overlay-color": "#f5b700" } },
    {
      selector: "node.selected",
      style: { "underlay-color": "#f5b700", "underlay-opacity": 0.6, "underlay-padding": 6 },
    },
    {
      selector: "edge.selected",
      style: {
        opacity: 1,
        label: "data(label)",
        "underlay-color": "#f5b700",
        "underlay-opacity": 0.5,
        "underlay-padding": 4,
      },
    },
  ];
}

function pairLabel(pair: Pair): string {
  const kinds = pair.kinds.map((kind) => label("link", kind)).join(", ");
  return pair.strength > 1 ? `${kinds} (${pair.strength})` : kinds;
}

function elements(drawing: Drawing, centre: string): ElementDefinition[] {
  return [
    ...drawing.nodes.map((node) => ({
      group: "nodes" as const,
      data: {
        id: node.key,
        label: shortName(node),
        name: node.name,
        kind: node.kind,
        depth: node.depth ?? 0,
      },
      classes: node.key === centre ? "centre" : "",
    })),
    ...drawing.pairs.map((pair) => ({
      group: "edges" as const,
      data: {
        id: pair.id,
        source: pair.source,
        target: pair.target,
        kind: pair.kind,
        kinds: pair.kinds.join(" "),
        directed: pair.directed,
        strength: pair.strength,
        label: pairLabel(pair),
        pair: true,
      },
    })),
    ...(drawing.items ?? []).map((item) => ({
      group: "nodes" as const,
      data: {
        id: item.id,
        label: item.title,
        kind: item.kind,
        depth: item.depth,
        frames: (drawing.ties ?? []).some((tie) => tie.kind === "FRAMES" && tie.source === item.id),
        href: link(
          `/${item.kind === "PROJECT" ? "project" : "agreement"}/${encodeURIComponent(item.key)}`,
        ),
      },
      classes: "item",
    })),
    ...(drawing.ties ?? []).map((tie) => ({
      group: "edges" as const,
      data: { id: tie.id, source: tie.source, target: tie.target, kind: tie.kind, label: "" },
      classes: "tie",
    })),
  ];
}

/** Cytoscape adds an inline <style> for `position: relative` unless one with this id exists;
 * the pages' CSP refuses inline styles, and style.css already has the rule. */
function claimCytoscapeStylesheet(): void {
  const id = "__________cytoscape_stylesheet";
  if (!document.getElementById(id))
    document.head.append(Object.assign(document.createElement("meta"), { id }));
}

export async function drawGraph(
  container: HTMLElement,
  onActor: (key: string) => void,
  onPair: (pair: string | null) => void,
): Promise<Graph> {
  const { default: cytoscape } = await import("cytoscape");
  claimCytoscapeStylesheet();
  const cy: Core = cytoscape({
    container,
    style: stylesheet(),
    minZoom: 0.2,
    maxZoom: 3,
    boxSelectionEnabled: false,
  });
  let centre = "";

  function highlight(key: string | null): void {
    cy.batch(() => {
      cy.elements().removeClass("hover faded near");
      const node = key ? cy.getElementById(key) : null;
      if (!node || node.empty()) return;
      const around = node.closedNeighborhood();
      node.addClass("hover");
      node.connectedEdges().addClass("near");
      cy.elements().not(around).addClass("faded");
    });
  }

  function labelEdges(): void {
    const all = cy.zoom() >= 1.6;
    cy.batch(() => {
      cy.edges().forEach((edge) => {
        const spoke = edge.data("source") === centre || edge.data("target") === centre;
        edge.toggleClass("labelled", all || spoke);
      });
    });
  }

  cy.on("tap", "node", (event) => {
    const href: unknown = event.target.data("href");
    if (typeof href === "string") navigate(href);
    else onActor(event.target.id());
  });
  cy.on("tap", "edge[?pair]", (event) => onPair(event.target.id()));
  cy.on("tap", (event) => {
    if (event.target === cy) onPair(null);
  });
  cy.on("mouseover", "edge", () => container.classList.add("pointing"));
  cy.on("mouseout", "edge", () => container.classList.remove("pointing"));
  cy.on("mouseover", "node", (event) => {
    highlight(event.target.id());
    container.classList.add("pointing");
  });
  cy.on("mouseout", "node", () => {
    highlight(null);
    container.classList.remove("pointing");
  });
  cy.on("zoom", labelEdges);
  // A phone turned sideways, a window resized: draw the whole network in the new frame.
  let frame = 0;
  const resized = new ResizeObserver(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      cy.resize();
      cy.fit(undefined, 24);
    });
  });
  resized.observe(container);

  function layout(arrangement: "rings" | "force"): void {
    const count = cy.nodes().length;
    cy.layout({
      name: "concentric",
      // A ring per distance from the centre; agreements between their parties' rings, and
      // a framework inside the ring of the contracts it frames.
      concentric: (node) => 10 - 2 * Number(node.data("depth")) + (node.data("frames") ? 0.5 : 0),
      levelWidth: () => 1,
      minNodeSpacing: count > 40 ? 16 : 48,
      avoidOverlap: true,
      animate: false,
      padding: 24,
    }).run();
    // From the rings, so that the same network settles the same way each time.
    if (arrangement === "force")
      cy.layout({
        name: "cose",
        randomize: false,
        animate: false,
        padding: 24,
        nodeRepulsion: () => 2000000,
        nodeOverlap: 40,
        idealEdgeLength: () => 140,
        edgeElasticity: () => 60,
        gravity: 0.05,
        numIter: 1000,
      }).run();
  }

  return {
    show(drawing, key, arrangement) {
      centre = key;
      cy.batch(() => {
        cy.elements().remove();
        cy.add(elements(drawing, key));
      });
      layout(arrangement);
      labelEdges();
      container.dataset.nodes = String(cy.nodes().length);
      container.dataset.edges = String(cy.edges().length);
    },
    highlight,
    select(id) {
      cy.batch(() => {
        cy.elements().removeClass("selected");
        if (id) cy.getElementById(id).addClass("selected");
      });
    },
    clear() {
      cy.elements().remove();
      container.dataset.nodes = "0";
      container.dataset.edges = "0";
    },
    fit() {
      cy.fit(undefined, 24);
    },
    downloadPng(filename) {
      const blob = cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff" });
      const url = URL.createObjectURL(blob);
      const anchor = Object.assign(document.createElement("a"), { href: url, download: filename });
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
    destroy() {
      resized.disconnect();
      cy.destroy();
    },
  };
}
