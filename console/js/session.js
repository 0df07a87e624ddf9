// The console's session: the project, the optional auth token and the Client-ID, kept in
// sessionStorage (per browser tab, forgotten when it closes). `?project=NAME` in the console's
// URL preselects the project; recently used projects are remembered in localStorage for the
// picker's suggestions (names only, never tokens).

const store = window.sessionStorage;
const RECENT_KEY = "cq.recentProjects";

/** A random version-4 UUID; crypto.randomUUID exists only in secure contexts (https, localhost). */
function uuid4() {
  if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
  const b = new Uint8Array(16);
  window.crypto.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const session = {
  /** The Client-ID sent on message and claim calls: one per browser session. */
  get clientId() {
    let id = store.getItem("cq.clientId");
    if (!id) {
      id = uuid4();
      store.setItem("cq.clientId", id);
    }
    return id;
  },

  /** True once a project was chosen (the empty string is the global namespace). */
  get chosen() {
    return store.getItem("cq.project") !== null;
  },
  get project() {
    return store.getItem("cq.project") || "";
  },
  get token() {
    return store.getItem("cq.token") || "";
  },

  choose(project, token) {
    store.setItem("cq.project", project);
    store.setItem("cq.token", token);
    if (project) {
      const recent = this.recentProjects().filter((p) => p !== project);
      recent.unshift(project);
      try {
        window.localStorage.setItem(RECENT_KEY, JSON.stringify(recent.slice(0, 10)));
      } catch (_) {
        /* storage full or disabled: suggestions are a nicety */
      }
    }
    syncUrl(project);
  },

  forget() {
    store.removeItem("cq.project");
    syncUrl(null);
  },

  recentProjects() {
    try {
      const list = JSON.parse(window.localStorage.getItem(RECENT_KEY) || "[]");
      return Array.isArray(list) ? list.filter((p) => typeof p === "string") : [];
    } catch (_) {
      return [];
    }
  },

  /** Applies `?project=NAME` from the URL (the token, if any, is kept). */
  readUrl() {
    const params = new URLSearchParams(window.location.search);
    if (params.has("project")) {
      store.setItem("cq.project", params.get("project"));
      return true;
    }
    return false;
  },
};

/** Keeps `?project=` in the address bar in step, so the URL can be copied as a link. */
function syncUrl(project) {
  const url = new URL(window.location.href);
  if (project === null) url.searchParams.delete("project");
  else url.searchParams.set("project", project);
  window.history.replaceState(null, "", url.toString());
}
