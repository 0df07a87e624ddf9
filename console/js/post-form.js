// Posting a message from a queue page: a JSON body (any JSON value) and a TTL. The body is
// checked as JSON before sending; the API's own limits answer for the rest.

import { api, idFromHref } from "./api.js";
import { announce, guarded, h } from "./ui.js";

export class PostForm {
  constructor(queue, changed) {
    this.queue = queue;
    this.changed = changed;
  }

  element() {
    const body = h("textarea", {
      id: "post-body", rows: 4, spellcheck: "false", "aria-describedby": "post-body-error",
    });
    body.value = '{"hello": "world"}';
    const error = h("p", { id: "post-body-error", class: "field-error", "aria-live": "polite" });
    const ttl = h("input", { id: "post-ttl", type: "number", value: 300, min: 60, max: 1209600, required: true });
    const button = h("button", { type: "submit", id: "post-button" }, "Post message");
    const form = h("form", { class: "grid-form", id: "post-form" },
      h("label", { for: "post-body", class: "span" }, "Body (JSON)"), body, error,
      h("label", { for: "post-ttl" }, "TTL (s)"), ttl,
      h("div", { class: "form-actions" }, button));
    const check = () => {
      try {
        JSON.parse(body.value);
        body.removeAttribute("aria-invalid");
        error.textContent = "";
        return true;
      } catch (e) {
        body.setAttribute("aria-invalid", "true");
        error.textContent = `Not valid JSON: ${e.message}`;
        return false;
      }
    };
    body.addEventListener("input", check);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (!check()) {
        body.focus();
        return;
      }
      if (!form.reportValidity()) return;
      guarded(button, "Post message", async () => {
        // The body is sent as typed (its text, not a re-serialisation).
        const text = `[{"ttl": ${Number(ttl.value)}, "body": ${body.value}}]`;
        const result = await api.postMessages(this.queue, text);
        const ids = (result.data && result.data.resources || []).map(idFromHref);
        announce(`Posted message ${ids.join(", ")}.`);
        await this.changed();
      });
    });
    return h("section", { class: "panel", "aria-labelledby": "post-heading" },
      h("h3", { id: "post-heading" }, "Post a message"), form);
  }
}
