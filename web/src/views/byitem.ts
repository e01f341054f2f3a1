// The "by agreement" reading of a network: agreements and projects become nodes between the
// actors who are parties to them, and a framework agreement is tied to the contracts under it,
// as a press release tells it: one framework, the contracts it frames, the protocol beside it.

import { gql } from "../api";
import type { Pair } from "./pairs";

export interface ItemNode {
  /** "AGREEMENT:key" or "PROJECT:key": items and actors share one drawing. */
  id: string;
  kind: "AGREEMENT" | "PROJECT";
  key: string;
  title: string;
  relation: string;
  /** Between the rings of its parties: half a link further than the nearer one. */
  depth: number;
}

export interface Tie {
  id: string;
  source: string;
  target: string;
  /** PARTY: an actor to an item; FRAMES: a framework or agreement to what falls under it. */
  kind: "PARTY" | "FRAMES";
}

const PARENTS_QUERY = `
query NetworkItemParents($agreements: [String!]!, $projects: [String!]!, $first: Int!) {
  agreements(where: { key: { in: $agreements } }, first: $first) {
    nodes { key parent { key } }
  }
  projects(where: { key: { in: $projects } }, first: $first) {
    nodes { key agreement { key } }
  }
}`;

interface Parents {
  agreements: { nodes: { key: string; parent: { key: string } | null }[] };
  projects: { nodes: { key: string; agreement: { key: string } | null }[] };
}

/** Items behind the drawn pairs, and the actors party to each. */
export function itemsOf(
  pairs: Pair[],
  depthOf: Map<string, number>,
): { items: ItemNode[]; ties: Tie[]; actorPairs: Pair[] } {
  const items = new Map<string, ItemNode>();
  const ties = new Map<string, Tie>();
  const actorPairs: Pair[] = [];
  for (const pair of pairs) {
    const actorItems = pair.items.filter((item) => !item.key);
    if (actorItems.length) actorPairs.push({ ...pair, items: actorItems });
    for (const item of pair.items) {
      if (!item.key || (item.kind !== "AGREEMENT" && item.kind !== "PROJECT")) continue;
      const id = `${item.kind}:${item.key}`;
      const near = Math.min(depthOf.get(pair.source) ?? 0, depthOf.get(pair.target) ?? 0);
      const known = items.get(id);
      if (!known || near + 0.5 < known.depth)
        items.set(id, {
          id,
          kind: item.kind,
          key: item.key,
          title: item.title ?? item.key,
          relation: item.relation,
          depth: near + 0.5,
        });
      for (const actor of [pair.source, pair.target])
        ties.set(`${actor}|${id}`, {
          id: `${actor}|${id}`,
          source: actor,
          target: id,
          kind: "PARTY",
        });
    }
  }
  return { items: [...items.values()], ties: [...ties.values()], actorPairs };
}

/** Ties from each framework to its contracts and from each agreement to its projects, among
 * the items drawn: one request, whatever their number. */
export async function framingTies(items: ItemNode[], signal?: AbortSignal): Promise<Tie[]> {
  const agreements = items.filter((item) => item.kind === "AGREEMENT").map((item) => item.key);
  const projects = items.filter((item) => item.kind === "PROJECT").map((item) => item.key);
  if (!agreements.length && !projects.length) return [];
  const first = Math.min(100, Math.max(agreements.length, projects.length));
  const answer = await gql<Parents>(PARENTS_QUERY, { agreements, projects, first }, signal);
  const drawn = new Set(items.map((item) => item.id));
  const ties: Tie[] = [];
  const tie = (parent: string, child: string) => {
    if (drawn.has(parent) && drawn.has(child))
      ties.push({ id: `${parent}|${child}`, source: parent, target: child, kind: "FRAMES" });
  };
  for (const agreement of answer.agreements.nodes)
    if (agreement.parent) tie(`AGREEMENT:${agreement.parent.key}`, `AGREEMENT:${agreement.key}`);
  for (const project of answer.projects.nodes)
    if (project.agreement) tie(`AGREEMENT:${project.agreement.key}`, `PROJECT:${project.key}`);
  return ties;
}
