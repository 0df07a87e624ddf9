// A queue's page: live stats and a chart of the counts over the last minutes, post, claim,
// the message browser and the metadata editor; delete the queue (with confirmation). A queue
// that does not exist gets a message and a way to create it, not an empty page.

import { api } from "./api.js";
import { renderChart, SERIES } from "./chart.js";
import { ClaimsPanel } from "./claims-panel.js";
import { forget, record, samples } from "./history.js";
import { MessageBrowser } from "./message-browser.js";
import { MetadataEditor } from "./metadata-editor.js";
import { PostForm } from "./post-form.js";
import { announce, confirmDialog, formatAge, guarded, h, showError } from "./ui.js";

export class QueuePage {
  constructor(queue, navigate) {
    this.queue = queue;
    this.navigate = navigate;
  }

  async mount(root) {
    this.root = root;
    const back = h("p", { class: "crumbs" }, h("a", { href: "#/queues" }, "← All queues"));
    root.replaceChildren(back, h("h2", {}, `Queue ${this.queue}`), h("p", { class: "muted" }, "Loading…"));
    try {
      await api.queueExists(this.queue);
    } catch (e) {
      if (e.status !== 404) {
        showError(e, `Open queue ${this.queue}`);
        root.lastElementChild.textContent = "The queue could not be read (see the error above).";
        return;
      }
      const create = h("button", { type: "button", id: "create-missing" }, `Create queue ${this.queue}`);
      create.addEventListener("click", () =>
        guarded(create, `Create queue ${this.queue}`, async () => {
          await api.createQueue(this.queue);
          announce(`Queue ${this.queue} created.`);
          await this.mount(root);
        }));
      root.replaceChildren(back, h("h2", {}, `Queue ${this.queue}`),
        h("p", { class: "empty", id: "queue-missing" }, "This queue does not exist in this project."), create);
      return;
    }

    const changed = () => Promise.all([this.refresh(), this.browser.load()]);
    this.browser = new MessageBrowser(this.queue, changed);
    const claims = new ClaimsPanel(this.queue, changed);
    const post = new PostForm(this.queue, changed);
    const metadata = new MetadataEditor(this.queue);

    const del = h("button", { type: "button", class: "danger", id: "delete-queue" }, "Delete queue");
    del.addEventListener("click", () => this.deleteQueue(del));
    this.counts = {};
    const stat = (key, label) =>
      h("div", { class: "stat" }, h("dt", {}, label), (this.counts[key] = h("dd", { id: `stat-${key}` }, "…")));
    this.chart = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    this.chart.setAttribute("id", "chart");
    this.chart.setAttribute("role", "img");
    this.chart.setAttribute("aria-labelledby", "chart-heading");
    const legend = h("ul", { class: "legend" },
      ...SERIES.map((s) => h("li", {}, h("span", { class: `swatch ${s.cls}`, "aria-hidden": "true" }), s.label)));

    root.replaceChildren(
      back,
      h("div", { class: "title-row" }, h("h2", {}, `Queue ${this.queue}`), del),
      h("section", { class: "panel wide", "aria-labelledby": "stats-heading" },
        h("h3", { id: "stats-heading", class: "visually-hidden" }, "Stats"),
        h("dl", { class: "stats" },
          stat("free", "Free"), stat("claimed", "Claimed"), stat("total", "Total"),
          stat("oldest", "Oldest"), stat("newest", "Newest")),
        h("figure", { class: "chart" },
          h("figcaption", { id: "chart-heading" }, "Messages over the last 10 minutes"),
          this.chart, legend)),
      h("div", { class: "columns" }, post.element(), claims.element()),
      this.browser.element(),
      metadata.element());
    renderChart(this.chart, samples(this.queue));
    await Promise.all([this.refresh(), this.browser.first(), metadata.load()]);
  }

  /** Stats and chart; called by the app's timer and after every change made here. */
  async refresh() {
    if (!this.counts) return;
    try {
      const { data } = await api.stats(this.queue);
      record(this.queue, data);
      const m = data.messages;
      this.counts.free.textContent = m.free;
      this.counts.claimed.textContent = m.claimed;
      this.counts.total.textContent = m.total;
      this.counts.oldest.textContent = m.oldest ? formatAge(m.oldest.age) : "–";
      this.counts.newest.textContent = m.newest ? formatAge(m.newest.age) : "–";
    } catch (e) {
      showError(e, `Stats of ${this.queue}`);
    }
    renderChart(this.chart, samples(this.queue));
  }

  async deleteQueue(button) {
    const sure = await confirmDialog("Delete queue?",
      `Delete queue “${this.queue}” and all its messages and claims? This cannot be undone.`, "Delete queue");
    if (!sure) {
      button.focus();
      return;
    }
    await guarded(button, `Delete queue ${this.queue}`, async () => {
      await api.deleteQueue(this.queue);
      forget(this.queue);
      announce(`Queue ${this.queue} deleted.`);
      this.counts = null;
      this.navigate("#/queues");
    });
  }
}
