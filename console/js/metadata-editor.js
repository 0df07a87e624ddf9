// The metadata editor of a queue page: the queue's metadata as JSON text, checked as you type
// (it must be a JSON object), saved with PUT (which replaces the whole document).

import { api } from "./api.js";
import { announce, guarded, h, showError } from "./ui.js";

export class MetadataEditor {
  constructor(queue) {
    this.queue = queue;
  }

  element() {
    this.text = h("textarea", {
      id: "metadata-text", rows: 6, spellcheck: "false", "aria-describedby": "metadata-error",
    });
    this.error = h("p", { id: "metadata-error", class: "field-error", "aria-live": "polite" });
    const save = h("button", { type: "submit", id: "metadata-save" }, "Save metadata");
    const reload = h("button", { type: "button", id: "metadata-reload" }, "Reload");
    const form = h("form", { id: "metadata-form" },
      h("label", { for: "metadata-text" }, "Metadata (a JSON object; saving replaces it)"),
      this.text, this.error,
      h("div", { class: "form-actions" }, save, reload));
    this.text.addEventListener("input", () => this.check());
    reload.addEventListener("click", () => guarded(reload, "Read metadata", () => this.load()));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (!this.check()) {
        this.text.focus();
        return;
      }
      guarded(save, "Save metadata", async () => {
        await api.setMetadata(this.queue, this.text.value);
        announce("Metadata saved.");
      });
    });
    return h("section", { class: "panel", "aria-labelledby": "metadata-heading" },
      h("h3", { id: "metadata-heading" }, "Metadata"), form);
  }

  /** True when the text is a JSON object; otherwise says why next to the field. */
  check() {
    let problem = "";
    try {
      const value = JSON.parse(this.text.value);
      if (value === null || typeof value !== "object" || Array.isArray(value)) problem = "Metadata must be a JSON object ({…}).";
    } catch (e) {
      problem = `Not valid JSON: ${e.message}`;
    }
    this.error.textContent = problem;
    if (problem) this.text.setAttribute("aria-invalid", "true");
    else this.text.removeAttribute("aria-invalid");
    return !problem;
  }

  async load() {
    try {
      const { data } = await api.getMetadata(this.queue);
      this.text.value = JSON.stringify(data, null, 2);
      this.check();
    } catch (e) {
      showError(e, "Read metadata");
    }
  }
}
