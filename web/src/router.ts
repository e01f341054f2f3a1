// The explorer's addresses. Each view is a deep link: its path and query string say everything
// it shows, so it can be bookmarked, shared and reloaded.

export const ACTOR_KINDS = [
  "MINISTRY",
  "ENGINEERING_FIRM",
  "TECHNICAL_CENTRE",
  "NETWORK",
  "FEDERATION",
  "COMPANY",
  "AGENCY",
  "TRAINING_INSTITUTE",
] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const LINK_KINDS = [
  "AGREEMENT",
  "PROJECT",
  "MEMBERSHIP",
  "OWNERSHIP",
  "FOUNDING",
  "SUPERVISION",
] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export const MAX_DEPTH = 3;
export const MAX_HOPS = 6;
/** Choices of the "strongest links" filter (0: all). */
export const TOP_CHOICES = [0, 3, 5, 10] as const;

export type Route =
  | { view: "home"; q: string }
  | { view: "actor"; key: string }
  | {
      view: "network";
      key: string;
      depth: number;
      via: LinkKind[];
      asOf: string;
      /** Links between actors at the same distance from the centre drawn too. */
      peers: boolean;
      /** The centre's strongest links kept (0: all). */
      top: number;
      /** The pair whose items are listed, as "key~key". */
      pair: string;
      /** "agreements": agreements and projects drawn as nodes between the actors. */
      mode: "" | "agreements";
      /** Actors whose neighbours are unfolded, and actors hidden, by key. */
      expand: string[];
      hide: string[];
      layout: "rings" | "force";
    }
  | { view: "agreement"; key: string }
  | { view: "project"; key: string }
  | {
      view: "expertise";
      theme: string;
      kinds: ActorKind[];
      asOf: string;
      q: string;
      without: string[];
      choose: string[];
    }
  | { view: "paths"; from: string; to: string; maxHops: number }
  | { view: "curate"; form: EditForm; actor: string }
  | { view: "signin" }
  | { view: "missing" };

export const EDIT_FORMS = ["agreement", "actor", "link", "competency"] as const;
export type EditForm = (typeof EDIT_FORMS)[number];

function list<T extends string>(raw: string | null, allowed: readonly T[]): T[] {
  const wanted = new Set((raw ?? "").split(",").map((item) => item.trim().toUpperCase()));
  return allowed.filter((item) => wanted.has(item));
}

function whole(raw: string | null, low: number, high: number, fallback: number): number {
  const value = Number.parseInt(raw ?? "", 10);
  return Number.isFinite(value) ? Math.min(high, Math.max(low, value)) : fallback;
}

function keys(raw: string | null): string[] {
  return [...new Set((raw ?? "").split(",").map((key) => key.trim()))].filter(Boolean);
}

function isoDate(raw: string | null): string {
  return raw && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : "";
}

export function parse(url: URL): Route {
  const query = url.searchParams;
  const text = (name: string) => (query.get(name) ?? "").trim();
  const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { view: "home", q: text("q") };
  const [head, key, tail] = parts;
  if (head === "actor" && key && !tail) return { view: "actor", key };
  if (head === "actor" && key && tail === "network" && parts.length === 3) {
    return {
      view: "network",
      key,
      depth: whole(query.get("depth"), 1, MAX_DEPTH, 1),
      // No `via` means every kind of link.
      via: query.has("via") ? list(query.get("via"), LINK_KINDS) : [...LINK_KINDS],
      asOf: isoDate(query.get("asOf")),
      peers: query.get("links") === "all",
      top: whole(query.get("top"), 0, 1000, 0),
      pair: /^[^~]+~[^~]+$/.test(text("link")) ? text("link") : "",
      mode: text("mode") === "agreements" ? "agreements" : "",
      expand: keys(query.get("expand")),
      hide: keys(query.get("hide")),
      layout: text("layout") === "force" ? "force" : "rings",
    };
  }
  if (head === "agreement" && key && !tail) return { view: "agreement", key };
  if (head === "project" && key && !tail) return { view: "project", key };
  if (head === "expertise" && !key) {
    return {
      view: "expertise",
      theme: text("theme"),
      kinds: list(query.get("kinds"), ACTOR_KINDS),
      asOf: isoDate(query.get("asOf")),
      q: text("q"),
      without: keys(query.get("without")),
      choose: keys(query.get("choose")),
    };
  }
  if (head === "paths" && !key) {
    return {
      view: "paths",
      from: text("from"),
      to: text("to"),
      maxHops: whole(query.get("maxHops"), 1, MAX_HOPS, 4),
    };
  }
  if (head === "curate" && !key) {
    const form = EDIT_FORMS.find((name) => name === text("form")) ?? "agreement";
    return { view: "curate", form, actor: text("actor") };
  }
  if (head === "signin" && !key) return { view: "signin" };
  return { view: "missing" };
}

/** Whether a same-origin path is one of the explorer's own pages (else: a full load). */
export function isExplorerPath(pathname: string): boolean {
  return parse(new URL(pathname, window.location.origin)).view !== "missing";
}
