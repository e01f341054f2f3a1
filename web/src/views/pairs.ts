// One link per pair of actors: the API answers one edge per pair and kind of link, which
// draws a multilateral agreement as a clique of parallel lines. Here the kinds of a pair
// merge into one link whose strength counts the agreements, projects and links behind it.

import { LINK_KINDS } from "../router";

export interface LinkItem {
  kind: string;
  key: string | null;
  relation: string;
  date: string | null;
  sinceYear: number | null;
  /** Subject and object of an actor link (the member, the network ...). */
  source: string | null;
  target: string | null;
  title: string | null;
}

export interface NetEdge {
  source: string;
  target: string;
  kind: string;
  directed: boolean;
  strength: number;
  since: string | null;
  items: LinkItem[];
}

export interface Pair {
  /** The two keys in order, joined by "~": a business key for the address bar. */
  id: string;
  source: string;
  target: string;
  /** Kinds of link between the two, in the legend's order. */
  kinds: string[];
  /** The kind that colours the line: the one with most items. */
  kind: string;
  /** Only when a single directed kind links them one way. */
  directed: boolean;
  strength: number;
  since: string | null;
  items: LinkItem[];
}

export function pairId(one: string, other: string): string {
  return one < other ? `${one}~${other}` : `${other}~${one}`;
}

function earliest(one: string | null, other: string | null): string | null {
  if (!one) return other;
  if (!other) return one;
  return one < other ? one : other;
}

function itemDate(item: LinkItem): string {
  return item.date ?? (item.sinceYear ? String(item.sinceYear) : "9999");
}

export function pairsOf(edges: NetEdge[]): Pair[] {
  const byId = new Map<string, { pair: Pair; edges: NetEdge[] }>();
  for (const edge of edges) {
    const id = pairId(edge.source, edge.target);
    const found = byId.get(id);
    if (found) {
      found.edges.push(edge);
      continue;
    }
    const [source, target] = id.split("~") as [string, string];
    const pair: Pair = {
      id,
      source,
      target,
      kinds: [],
      kind: edge.kind,
      directed: false,
      strength: 0,
      since: null,
      items: [],
    };
    byId.set(id, { pair, edges: [edge] });
  }
  return [...byId.values()].map(({ pair, edges: group }) => {
    const order = (kind: string) => LINK_KINDS.indexOf(kind as (typeof LINK_KINDS)[number]);
    group.sort((a, b) => order(a.kind) - order(b.kind));
    const strongest = group.reduce((best, edge) => (edge.strength > best.strength ? edge : best));
    const single = group.length === 1 ? group[0] : undefined;
    return {
      ...pair,
      // A directed link keeps its direction only when it is the pair's only link.
      ...(single?.directed ? { source: single.source, target: single.target } : {}),
      kinds: [...new Set(group.map((edge) => edge.kind))],
      kind: strongest.kind,
      directed: single?.directed ?? false,
      strength: group.reduce((sum, edge) => sum + edge.strength, 0),
      since: group.reduce<string | null>((first, edge) => earliest(first, edge.since), null),
      items: group
        .flatMap((edge) => edge.items)
        .sort((a, b) => itemDate(a).localeCompare(itemDate(b))),
    };
  });
}

export interface PairFilter {
  /** Also draw links between two actors at the same distance from the centre. */
  peers: boolean;
  /** Keep only the centre's `top` strongest links (0: all). */
  top: number;
}

/** The links to draw: by default those the walk from the centre followed, one level to the
 * next; links among actors at the same distance on request; the centre's strongest first. */
export function visiblePairs(
  pairs: Pair[],
  depthOf: Map<string, number>,
  centre: string,
  filter: PairFilter,
): Pair[] {
  const distance = (key: string) => depthOf.get(key) ?? 0;
  const kept = pairs.filter(
    (pair) => filter.peers || distance(pair.source) !== distance(pair.target),
  );
  if (!filter.top) return kept;
  const spokes = kept
    .filter((pair) => pair.source === centre || pair.target === centre)
    .sort((a, b) => b.strength - a.strength || a.id.localeCompare(b.id))
    .slice(0, filter.top);
  const strongest = new Set(spokes.map((pair) => pair.id));
  return kept.filter(
    (pair) => strongest.has(pair.id) || (pair.source !== centre && pair.target !== centre),
  );
}
