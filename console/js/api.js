// A small client of the v1 API for the console: every call goes to this gateway's /v1 with
// X-Project-Id (when a project is chosen), X-Auth-Token (only when one was entered) and the
// session's Client-ID. Failures become ApiError, carrying the API's own title and description.

import { session } from "./session.js";

const REASONS = {
  400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
  406: "Not Acceptable", 409: "Conflict", 413: "Payload Too Large", 429: "Too Many Requests",
  500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
};

/** An error answer of the API (status >= 400), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(status, title, description, method, path) {
    super(`${title}: ${description}`);
    this.status = status;
    this.title = title;
    this.description = description;
    this.method = method;
    this.path = path;
  }
}

function queuePath(queue, rest = "") {
  return `/v1/queues/${encodeURIComponent(queue)}${rest}`;
}

/** The last path segment of an href (message and claim ids, contract §6.11). */
export function idFromHref(href) {
  const path = href.split("?")[0];
  return path.slice(path.lastIndexOf("/") + 1);
}

/** The `marker` of a `next` link, or null. */
export function markerFromLinks(links) {
  const next = (links || []).find((l) => l.rel === "next");
  if (!next) return null;
  const query = next.href.includes("?") ? next.href.slice(next.href.indexOf("?") + 1) : "";
  return new URLSearchParams(query).get("marker");
}

/**
 * One API call. Resolves to {status, data, headers}; data is the parsed JSON body or null
 * (204 and other empty answers). Rejects with ApiError on status >= 400 or a network failure.
 */
export async function call(method, path, { query = null, body = undefined } = {}) {
  const headers = { Accept: "application/json", "Client-ID": session.clientId };
  if (session.project) headers["X-Project-Id"] = session.project;
  if (session.token) headers["X-Auth-Token"] = session.token;
  let url = path;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== "") params.set(k, String(v));
    const q = params.toString();
    if (q) url += "?" + q;
  }
  const init = { method, headers, cache: "no-store", credentials: "same-origin" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = typeof body === "string" ? body : JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    throw new ApiError(0, "Network error", `Cannot reach the gateway (${e.message || e}).`, method, url);
  }
  const text = method === "HEAD" ? "" : await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (_) {
      data = null;
    }
  }
  if (response.status >= 400) {
    const reason = response.statusText || REASONS[response.status] || "Error";
    const title = data && typeof data.title === "string" ? data.title : reason;
    let description;
    if (data && typeof data.description === "string") description = data.description;
    else if (text && data === null) description = text.slice(0, 300);
    else description = `${method} ${url} answered ${response.status} ${reason} with no details.`;
    throw new ApiError(response.status, title, description, method, url);
  }
  return { status: response.status, data, headers: response.headers };
}

/** The v1 operations the console uses, one function each. */
export const api = {
  listQueues: (marker, limit) => call("GET", "/v1/queues", { query: { marker, limit } }),
  queueExists: (q) => call("GET", queuePath(q)),
  createQueue: (q) => call("PUT", queuePath(q)),
  deleteQueue: (q) => call("DELETE", queuePath(q)),
  stats: (q) => call("GET", queuePath(q, "/stats")),
  getMetadata: (q) => call("GET", queuePath(q, "/metadata")),
  setMetadata: (q, text) => call("PUT", queuePath(q, "/metadata"), { body: text }),
  listMessages: (q, { marker, limit, echo, includeClaimed }) =>
    call("GET", queuePath(q, "/messages"), {
      query: { marker, limit, echo: echo ? "true" : "false", include_claimed: includeClaimed ? "true" : "false" },
    }),
  postMessages: (q, messages) => call("POST", queuePath(q, "/messages"), { body: messages }),
  deleteMessage: (q, id, claimId) =>
    call("DELETE", queuePath(q, `/messages/${encodeURIComponent(id)}`), { query: { claim_id: claimId } }),
  claim: (q, { ttl, grace, limit }) => call("POST", queuePath(q, "/claims"), { query: { limit }, body: { ttl, grace } }),
  releaseClaim: (q, claimId) => call("DELETE", queuePath(q, `/claims/${encodeURIComponent(claimId)}`)),
};
