// Claiming from a queue page: claim a batch (limit, ttl, grace), then for each claim delete
// its messages (one or all, with the claim id) or release it (contract §6.15, §6.16, §6.19).

import { api, idFromHref } from "./api.js";
import { announce, formatAge, guarded, h, jsonPreview, showError } from "./ui.js";

export class ClaimsPanel {
  constructor(queue, changed) {
    this.queue = queue;
    this.changed = changed;
  }

  element() {
    const field = (id, label, value, min, max) => [
      h("label", { for: id }, label),
      h("input", { id, type: "number", value, min, max, required: true, inputmode: "numeric" }),
    ];
    const button = h("button", { type: "submit", id: "claim-button" }, "Claim");
    const form = h("form", { class: "grid-form", id: "claim-form" },
      ...field("claim-limit", "Messages", 5, 1, 100),
      ...field("claim-ttl", "Claim TTL (s)", 60, 60, 43200),
      ...field("claim-grace", "Grace (s)", 60, 60, 43200),
      h("div", { class: "form-actions" }, button));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (!form.reportValidity()) return;
      const n = (id) => Number(form.querySelector(`#${id}`).value);
      guarded(button, "Claim messages", () => this.claim(n("claim-limit"), n("claim-ttl"), n("claim-grace")));
    });
    this.list = h("div", { id: "claims" });
    return h("section", { class: "panel", "aria-labelledby": "claim-heading" },
      h("h3", { id: "claim-heading" }, "Claim messages"),
      form, this.list);
  }

  async claim(limit, ttl, grace) {
    const result = await api.claim(this.queue, { ttl, grace, limit });
    if (result.status === 204 || !Array.isArray(result.data) || result.data.length === 0) {
      announce("Nothing to claim: no free messages.");
      this.list.prepend(h("p", { class: "empty claim-none" }, "Nothing to claim: no free messages."));
      this.trim();
      return;
    }
    const claimId = new URLSearchParams(result.data[0].href.split("?")[1] || "").get("claim_id");
    this.list.querySelectorAll(".claim-none").forEach((p) => p.remove());
    this.list.prepend(this.card(claimId, result.data, ttl));
    this.trim();
    announce(`Claimed ${result.data.length} message(s), claim ${claimId}.`);
    await this.changed();
  }

  trim() {
    while (this.list.children.length > 5) this.list.lastElementChild.remove();
  }

  card(claimId, messages, ttl) {
    const expires = Date.now() + ttl * 1000;
    const remaining = h("span", { class: "muted claim-remaining" });
    const tick = () => {
      const left = (expires - Date.now()) / 1000;
      remaining.textContent = left > 0 ? `expires in ${formatAge(left)}` : "expired";
      if (left > 0 && card.isConnected) window.setTimeout(tick, 1000);
    };
    const rows = h("tbody");
    rows.append(...messages.map((m) => this.row(claimId, m, rows)));
    const deleteAll = h("button", { type: "button", class: "danger", dataset: { action: "delete-all" } }, "Delete all");
    const release = h("button", { type: "button", dataset: { action: "release" } }, "Release claim");
    const card = h("article", { class: "claim", dataset: { claim: claimId }, "aria-label": `Claim ${claimId}` },
      h("header", {}, h("strong", {}, "Claim "), h("code", { class: "id" }, claimId), " ", remaining),
      h("table", { class: "data compact" },
        h("thead", {}, h("tr", {},
          h("th", { scope: "col" }, "Message id"),
          h("th", { scope: "col" }, "Body"),
          h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Actions")))),
        rows),
      h("div", { class: "form-actions" }, deleteAll, release));
    deleteAll.addEventListener("click", () =>
      guarded(deleteAll, `Delete claimed messages of ${claimId}`, async () => {
        let deleted = 0;
        for (const row of [...rows.children]) {
          try {
            await api.deleteMessage(this.queue, row.dataset.id, claimId);
            row.remove();
            deleted += 1;
          } catch (e) {
            showError(e, `Delete message ${row.dataset.id}`);
          }
        }
        announce(`Deleted ${deleted} claimed message(s).`);
        if (rows.children.length === 0) card.remove();
        await this.changed();
      }));
    release.addEventListener("click", () =>
      guarded(release, `Release claim ${claimId}`, async () => {
        await api.releaseClaim(this.queue, claimId);
        card.remove();
        announce(`Claim ${claimId} released: its messages are free again.`);
        await this.changed();
      }));
    tick();
    return card;
  }

  row(claimId, message, rows) {
    const id = idFromHref(message.href);
    const del = h("button", { type: "button", class: "danger small", "aria-label": `Delete claimed message ${id}` }, "Delete");
    del.addEventListener("click", () =>
      guarded(del, `Delete message ${id}`, async () => {
        await api.deleteMessage(this.queue, id, claimId);
        const card = del.closest(".claim");
        del.closest("tr").remove();
        if (rows.children.length === 0) card.remove();
        announce(`Message ${id} deleted.`);
        await this.changed();
      }));
    return h("tr", { dataset: { id } },
      h("td", {}, h("code", { class: "id" }, id)),
      h("td", { class: "body" }, h("code", {}, jsonPreview(message.body, 80))),
      h("td", { class: "actions" }, del));
  }
}
