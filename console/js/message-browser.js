// The message browser of a queue page: pages through the queue with the marker (contract
// §6.11), with the echo and include_claimed switches; a message can be deleted from here
// (the API refuses with 403 if it is claimed: the error is shown as it comes).

import { api, idFromHref, markerFromLinks } from "./api.js";
import { announce, formatAge, guarded, h, jsonPreview, showError } from "./ui.js";

export class MessageBrowser {
  constructor(queue, changed) {
    this.queue = queue;
    this.changed = changed;
    this.markers = [null];
    this.page = 0;
  }

  element() {
    this.echo = h("input", { type: "checkbox", id: "browse-echo", checked: true });
    this.claimed = h("input", { type: "checkbox", id: "browse-claimed" });
    this.limit = h("select", { id: "browse-limit" }, ...[10, 20, 50, 100].map((n) => h("option", { value: n }, n)));
    for (const input of [this.echo, this.claimed, this.limit]) input.addEventListener("change", () => this.first());
    this.prev = h("button", { type: "button", id: "browse-prev", onclick: () => this.go(this.page - 1) }, "Previous page");
    this.next = h("button", { type: "button", id: "browse-next", onclick: () => this.go(this.page + 1) }, "Next page");
    const reload = h("button", { type: "button", id: "browse-refresh", onclick: () => this.load() }, "Refresh");
    this.pageLabel = h("span", { class: "page-label", "aria-live": "polite" });
    this.body = h("tbody", { id: "message-rows" });
    this.empty = h("p", { class: "empty", id: "no-messages", hidden: true });
    return h("section", { class: "panel wide", "aria-labelledby": "browse-heading" },
      h("h3", { id: "browse-heading" }, "Messages"),
      h("div", { class: "controls" },
        h("label", { class: "check" }, this.echo, " Include my own (echo)"),
        h("label", { class: "check" }, this.claimed, " Include claimed"),
        h("label", { for: "browse-limit" }, "Per page"), this.limit, reload),
      h("div", { class: "table-wrap" },
        h("table", { class: "data", id: "message-table" },
          h("caption", { class: "visually-hidden" }, "Messages of the queue, oldest first"),
          h("thead", {}, h("tr", {},
            h("th", { scope: "col" }, "Message id"),
            h("th", { scope: "col", class: "num" }, "Age"),
            h("th", { scope: "col", class: "num" }, "TTL"),
            h("th", { scope: "col" }, "Body"),
            h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Actions")))),
          this.body)),
      this.empty,
      h("div", { class: "pager" }, this.prev, this.pageLabel, this.next));
  }

  first() {
    this.markers = [null];
    this.page = 0;
    return this.load();
  }

  async go(page) {
    if (page < 0 || page >= this.markers.length) return;
    this.page = page;
    await this.load();
  }

  /** Reads the current page again (after a post, a claim or a delete). */
  async load() {
    const limit = Number(this.limit.value);
    let result;
    try {
      result = await api.listMessages(this.queue, {
        marker: this.markers[this.page], limit, echo: this.echo.checked, includeClaimed: this.claimed.checked,
      });
    } catch (e) {
      showError(e, "List messages");
      return;
    }
    const messages = result.status === 204 || !result.data ? [] : result.data.messages;
    this.markers.length = this.page + 1;
    // The API always sends a next link; a short page is the last one.
    if (messages.length === limit) {
      const marker = markerFromLinks(result.data.links);
      if (marker) this.markers.push(marker);
    }
    this.body.replaceChildren(...messages.map((m) => this.row(m)));
    this.empty.hidden = messages.length > 0;
    this.empty.textContent = this.page === 0 ? "No messages to show (see the switches above)." : "No more messages.";
    this.prev.disabled = this.page === 0;
    this.next.disabled = this.page + 1 >= this.markers.length;
    const after = this.markers[this.page];
    this.pageLabel.textContent = `Page ${this.page + 1}` + (after ? ` (after marker ${after})` : "");
  }

  row(message) {
    const id = idFromHref(message.href);
    const del = h("button", { type: "button", class: "danger small", "aria-label": `Delete message ${id}` }, "Delete");
    del.addEventListener("click", () =>
      guarded(del, `Delete message ${id}`, async () => {
        await api.deleteMessage(this.queue, id, null);
        announce(`Message ${id} deleted.`);
        await this.changed();
      }));
    // Long bodies are cut in the table; the whole body, indented, opens below.
    const preview = jsonPreview(message.body);
    const body = preview.endsWith("…") && preview.length < JSON.stringify(message.body).length
      ? h("details", {}, h("summary", {}, h("code", {}, preview)), h("pre", {}, JSON.stringify(message.body, null, 2)))
      : h("code", {}, preview);
    return h("tr", { dataset: { id } },
      h("td", {}, h("code", { class: "id" }, id)),
      h("td", { class: "num" }, formatAge(message.age)),
      h("td", { class: "num" }, formatAge(message.ttl)),
      h("td", { class: "body" }, body),
      h("td", { class: "actions" }, del));
  }
}
