// Who is signed in: an API key kept for this tab, and the name and role the API gives it.
// The explorer only hides what a role may not do; the API's roles are the guard.

import { credential, gql, setCredential } from "./api";

export type Role = "VIEWER" | "EDITOR" | "ADMIN";

export interface Caller {
  name: string;
  role: Role;
}

const ME = "query Me { me { name role } }";

let known: Promise<Caller | null> | null = null;

async function ask(): Promise<Caller | null> {
  if (!credential()) return null;
  try {
    return (await gql<{ me: Caller | null }>(ME)).me;
  } catch {
    // A revoked or unknown key: forget it rather than failing every page.
    setCredential(null);
    return null;
  }
}

/** The caller of this tab (asked once per page load), or null when anonymous. */
export function caller(): Promise<Caller | null> {
  known ??= ask();
  return known;
}

/** Check `key` with the API and keep it for this tab; rejects with the API's error. */
export async function signIn(key: string): Promise<Caller> {
  const previous = credential();
  setCredential(key);
  try {
    const { me } = await gql<{ me: Caller | null }>(ME);
    if (!me) throw new Error("no caller");
    known = Promise.resolve(me);
    return me;
  } catch (error) {
    setCredential(previous);
    throw error;
  }
}

export function signOut(): void {
  setCredential(null);
  known = Promise.resolve(null);
}

export function mayEdit(who: Caller | null): boolean {
  return who?.role === "EDITOR" || who?.role === "ADMIN";
}
