// The queue list: the project's queues, a page at a time (paged with the marker), each with
// its live stats (free, claimed, total, age of the oldest message), refreshed by the app's
// timer; a form to create a queue and a delete button (with confirmation) on each row.

import { api, markerFromLinks } from "./api.js";
import { record } from "./history.js";
import { session } from "./session.js";
import { announce, confirmDialog, formatAge, guarded, h, showError } from "./ui.js";

const PAGE = 20;
const NAME_PATTERN = "[A-Za-z0-9_\\-]{1,64}";

export class QueueListView {
  constructor(navigate) {
    this.navigate = navigate;
    this.markers = [null]; // markers of the pages seen so far: markers[i] starts page i
    this.page = 0;
    this.rows = new Map();
  }

  mount(root) {
    const nameInput = h("input", {
      id: "new-queue-name", name: "queue", required: true, maxlength: 64, pattern: NAME_PATTERN,
      autocomplete: "off", spellcheck: "false", "aria-describedby": "new-queue-help",
    });
    const createButton = h("button", { type: "submit", id: "create-queue" }, "Create queue");
    const form = h("form", { class: "inline-form", id: "create-queue-form" },
      h("label", { for: "new-queue-name" }, "New queue"), nameInput, createButton,
      h("p", { id: "new-queue-help", class: "help" }, "1–64 letters, digits, _ or -."));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (!form.reportValidity()) return;
      const name = nameInput.value.trim();
      guarded(createButton, `Create queue ${name}`, async () => {
        const r = await api.createQueue(name);
        announce(r.status === 201 ? `Queue ${name} created.` : `Queue ${name} already existed.`);
        nameInput.value = "";
        await this.refresh();
      });
    });

    this.body = h("tbody", { id: "queue-rows" });
    this.empty = h("p", { class: "empty", id: "no-queues", hidden: true });
    this.prev = h("button", { type: "button", id: "queues-prev", onclick: () => this.go(this.page - 1) }, "Previous page");
    this.next = h("button", { type: "button", id: "queues-next", onclick: () => this.go(this.page + 1) }, "Next page");
    this.pageLabel = h("span", { class: "page-label", "aria-live": "polite" });
    const where = session.project ? `project ${session.project}` : "the global namespace (no project)";
    root.replaceChildren(
      h("section", { "aria-labelledby": "queues-heading" },
        h("h2", { id: "queues-heading" }, "Queues"),
        h("p", { class: "muted" }, `In ${where}. Counts refresh by themselves.`),
        form,
        h("div", { class: "table-wrap" },
          h("table", { class: "data", id: "queue-table" },
            h("caption", { class: "visually-hidden" }, "Queues and their message counts"),
            h("thead", {}, h("tr", {},
              h("th", { scope: "col" }, "Queue"),
              h("th", { scope: "col", class: "num" }, "Free"),
              h("th", { scope: "col", class: "num" }, "Claimed"),
              h("th", { scope: "col", class: "num" }, "Total"),
              h("th", { scope: "col", class: "num" }, "Oldest"),
              h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Actions")))),
            this.body)),
        this.empty,
        h("div", { class: "pager" }, this.prev, this.pageLabel, this.next)));
    return this.refresh();
  }

  async go(page) {
    if (page < 0 || page >= this.markers.length) return;
    this.page = page;
    await this.refresh();
    this.body.closest("section").querySelector("h2").focus();
  }

  /** Reads the current page of queues, then every row's stats in parallel. */
  async refresh() {
    if (this.busy) return;
    this.busy = true;
    try {
      let result;
      try {
        result = await api.listQueues(this.markers[this.page], PAGE);
      } catch (e) {
        showError(e, "List queues");
        return;
      }
      const queues = result.status === 204 || !result.data ? [] : result.data.queues;
      if (queues.length === 0 && this.page > 0) {
        // The page emptied (queues deleted elsewhere): step back.
        this.markers.length = this.page;
        this.page -= 1;
        this.busy = false;
        return this.refresh();
      }
      const nextMarker = queues.length === PAGE ? markerFromLinks(result.data.links) : null;
      this.markers.length = this.page + 1;
      if (nextMarker) this.markers.push(nextMarker);
      this.render(queues.map((q) => q.name));
      await Promise.all(queues.map((q) => this.refreshStats(q.name)));
    } finally {
      this.busy = false;
    }
  }

  render(names) {
    const rows = new Map();
    for (const name of names) rows.set(name, this.rows.get(name) || this.row(name));
    this.rows = rows;
    this.body.replaceChildren(...rows.values());
    this.empty.hidden = names.length > 0;
    this.empty.textContent = this.page === 0 ? "No queues yet: create one above." : "No more queues.";
    this.prev.disabled = this.page === 0;
    this.next.disabled = this.page + 1 >= this.markers.length;
    this.pageLabel.textContent = `Page ${this.page + 1}`;
  }

  row(name) {
    const cell = (cls) => h("td", { class: `num ${cls}` }, "…");
    const del = h("button", { type: "button", class: "danger small", "aria-label": `Delete queue ${name}` }, "Delete");
    del.addEventListener("click", () => this.deleteQueue(name, del));
    return h("tr", { dataset: { queue: name } },
      h("th", { scope: "row" }, h("a", { href: `#/queues/${encodeURIComponent(name)}` }, name)),
      cell("free"), cell("claimed"), cell("total"), cell("oldest"),
      h("td", { class: "actions" }, del));
  }

  async refreshStats(name) {
    const row = this.rows.get(name);
    if (!row) return;
    const set = (cls, text) => { row.querySelector(`.${cls}`).textContent = text; };
    try {
      const { data } = await api.stats(name);
      record(name, data);
      const m = data.messages;
      set("free", m.free);
      set("claimed", m.claimed);
      set("total", m.total);
      set("oldest", m.oldest ? formatAge(m.oldest.age) : "–");
      row.classList.remove("stale");
    } catch (e) {
      row.classList.add("stale");
      if (e.status === 404) return; // deleted meanwhile: gone at the next refresh
      showError(e, `Stats of ${name}`);
    }
  }

  async deleteQueue(name, button) {
    const sure = await confirmDialog("Delete queue?",
      `Delete queue “${name}” and all its messages and claims? This cannot be undone.`, "Delete queue");
    if (!sure) {
      button.focus();
      return;
    }
    await guarded(button, `Delete queue ${name}`, async () => {
      await api.deleteQueue(name);
      announce(`Queue ${name} deleted.`);
      await this.refresh();
    });
    document.getElementById("new-queue-name")?.focus();
  }
}
