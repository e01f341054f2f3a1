// The only door to the data: POST /graphql, the public API.
//
// Until the document has loaded, requests are synchronous, so the first view is rendered
// before the `load` event: `chromium --dump-dom`, printing and crawlers see the content, not a
// spinner. Every later request (navigation, filters, suggestions) is asynchronous.

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

const ENDPOINT = "/graphql";
const CREDENTIAL = "maillage.apiKey";
let unstored: string | null = null;

/** The API key signed in with, kept for this tab only (sessionStorage), or null. */
export function credential(): string | null {
  try {
    return window.sessionStorage.getItem(CREDENTIAL) ?? unstored;
  } catch {
    return unstored;
  }
}

export function setCredential(key: string | null): void {
  unstored = null;
  try {
    if (key) window.sessionStorage.setItem(CREDENTIAL, key);
    else window.sessionStorage.removeItem(CREDENTIAL);
  } catch {
    unstored = key; // storage refused: the key lasts until the page is left
  }
}

function headers(): Record<string, string> {
  const key = credential();
  return {
    "Content-Type": "application/json",
    Accept: "application/json",
    ...(key ? { Authorization: `Bearer ${key}` } : {}),
  };
}

function decode<T>(status: number, text: string): T {
  let body: GraphQLResponse<T>;
  try {
    body = JSON.parse(text) as GraphQLResponse<T>;
  } catch {
    throw new ApiError(`The API answered ${status} without JSON.`, "HTTP");
  }
  const error = body.errors?.[0];
  if (error) throw new ApiError(error.message, error.extensions?.code ?? "ERROR");
  if (!body.data) throw new ApiError(`The API answered ${status} without data.`, "HTTP");
  return body.data;
}

function booting(): boolean {
  return document.readyState !== "complete";
}

function postNow<T>(body: string): T {
  const request = new XMLHttpRequest();
  request.open("POST", ENDPOINT, false);
  for (const [name, value] of Object.entries(headers())) request.setRequestHeader(name, value);
  request.send(body);
  if (request.status === 0) throw new ApiError("The API cannot be reached.", "NETWORK");
  return decode<T>(request.status, request.responseText);
}

/** Run one GraphQL operation; rejects with an ApiError carrying `extensions.code`. */
export async function gql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  signal?: AbortSignal,
): Promise<T> {
  const body = JSON.stringify({ query, variables });
  if (booting()) return postNow<T>(body);
  let response: Response;
  try {
    response = await fetch(ENDPOINT, {
      method: "POST",
      headers: headers(),
      body,
      signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError("The API cannot be reached.", "NETWORK");
  }
  return decode<T>(response.status, await response.text());
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}
