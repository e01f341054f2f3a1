// What the network view asks the API for: the neighbourhood of the centre, the neighbourhoods
// of the actors the reader unfolded, and in the "by agreement" mode which agreement frames which.

import { gql } from "../api";
import { gqlLang } from "../i18n";
import { LINK_KINDS, type Route } from "../router";
import { ACTOR_FIELDS, type ActorRef } from "../ui";
import { framingTies, itemsOf, type Tie } from "./byitem";
import type { NetNode } from "./graph";
import { pairsOf, type NetEdge } from "./pairs";

// Nodes and edges are two operations: together they would pass the API's cost budget for
// anonymous callers at depth 3, which counts both lists of every level.
const NODES_QUERY = `
query NetworkNodes($key: String!, $depth: Int!, $via: [LinkKind!], $asOf: Date, $lang: Lang!) {
  actor(key: $key) { ${ACTOR_FIELDS} }
  neighbourhood(key: $key, depth: $depth, via: $via, asOf: $asOf) {
    truncated
    nodes { key acronym kind founded depth name(lang: $lang) }
  }
}`;

const EDGES_QUERY = `
query NetworkEdges($key: String!, $depth: Int!, $via: [LinkKind!], $asOf: Date, $lang: Lang!) {
  neighbourhood(key: $key, depth: $depth, via: $via, asOf: $asOf) {
    truncated
    edges {
      source target kind directed strength since
      items { kind key relation date sinceYear source target title(lang: $lang) }
    }
  }
}`;

export interface NetworkData {
  actor: ActorRef | null;
  neighbourhood: { truncated: boolean; nodes: NetNode[]; edges: NetEdge[] };
  /** Framework to contract, agreement to project: asked for in the "by agreement" mode only. */
  framing: Tie[];
}

/** The network view's state: its route without the view's name. */
export type State = Omit<Extract<Route, { view: "network" }>, "view">;

interface Around {
  actor: ActorRef | null;
  truncated: boolean;
  nodes: NetNode[];
  edges: NetEdge[];
}

async function around(
  key: string,
  depth: number,
  state: State,
  signal?: AbortSignal,
): Promise<Around> {
  const variables = {
    key,
    depth,
    via: state.via.length === LINK_KINDS.length ? null : state.via,
    asOf: state.asOf || null,
    lang: gqlLang(),
  };
  type Nodes = { actor: ActorRef | null; neighbourhood: { truncated: boolean; nodes: NetNode[] } };
  type Edges = { neighbourhood: { truncated: boolean; edges: NetEdge[] } };
  const [first, second] = await Promise.all([
    gql<Nodes>(NODES_QUERY, variables, signal),
    gql<Edges>(EDGES_QUERY, variables, signal),
  ]);
  return {
    actor: first.actor,
    truncated: first.neighbourhood.truncated || second.neighbourhood.truncated,
    nodes: first.neighbourhood.nodes,
    edges: second.neighbourhood.edges,
  };
}

/** The network around the centre, with the neighbours of each unfolded actor added one link
 * further out than that actor: a request pair per unfolded actor, as many as the reader asked. */
export async function load(state: State, signal?: AbortSignal): Promise<NetworkData> {
  const [main, ...unfolded] = await Promise.all([
    around(state.key, state.depth, state, signal),
    ...state.expand.map((key) => around(key, 1, state, signal)),
  ]);
  const nodes = new Map(main.nodes.map((node) => [node.key, node]));
  const edges = new Map(main.edges.map((edge) => [edgeId(edge), edge]));
  state.expand.forEach((key, index) => {
    const more = unfolded[index];
    const from = nodes.get(key);
    if (!more || !from) return;
    for (const node of more.nodes)
      if (!nodes.has(node.key)) nodes.set(node.key, { ...node, depth: (from.depth ?? 0) + 1 });
    for (const edge of more.edges)
      if (nodes.has(edge.source) && nodes.has(edge.target)) edges.set(edgeId(edge), edge);
  });
  const merged = [...edges.values()];
  let framing: Tie[] = [];
  if (state.mode === "agreements") {
    const depthOf = new Map([...nodes.values()].map((node) => [node.key, node.depth ?? 0]));
    framing = await framingTies(itemsOf(pairsOf(merged), depthOf).items, signal);
  }
  return {
    actor: main.actor,
    neighbourhood: {
      truncated: main.truncated || unfolded.some((more) => more.truncated),
      nodes: [...nodes.values()],
      edges: merged,
    },
    framing,
  };
}

function edgeId(edge: NetEdge): string {
  return `${edge.source}|${edge.target}|${edge.kind}`;
}
