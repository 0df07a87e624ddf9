// DOM helpers shared by the views: element building (text only, never HTML strings, so
// message bodies cannot inject markup), the error panel, the status line, the confirmation
// dialog and number/age formatting.

import { ApiError } from "./api.js";

/** Builds an element: h("button", {class: "x", onclick: f}, "text", child...). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Shows an error in the error panel (role=alert, so screen readers announce it). */
export function showError(error, context = "") {
  const panel = document.getElementById("errors");
  let title, description, meta;
  if (error instanceof ApiError) {
    title = error.status ? `${error.status} ${error.title}` : error.title;
    description = error.description;
    meta = `${error.method} ${error.path}`;
  } else {
    title = "Console error";
    description = (error && error.message) || String(error);
    meta = "";
  }
  const item = h(
    "div",
    { class: "error", role: "alert" },
    h("div", { class: "error-text" },
      h("strong", { class: "error-title" }, context ? `${context}: ${title}` : title),
      h("span", { class: "error-description" }, description),
      meta ? h("span", { class: "error-meta" }, meta) : null),
    h("button", { type: "button", class: "link", "aria-label": "Dismiss this error", onclick: () => item.remove() }, "Dismiss"),
  );
  panel.prepend(item);
  while (panel.children.length > 4) panel.lastElementChild.remove();
}

export function clearErrors() {
  document.getElementById("errors").replaceChildren();
}

/** A short polite announcement in the status line ("Queue created."). */
export function announce(text) {
  const status = document.getElementById("status");
  status.textContent = text;
  status.dataset.at = String(Date.now());
}

/** Runs an action with its button disabled; shows its error instead of throwing. */
export async function guarded(button, context, action) {
  if (button) button.disabled = true;
  try {
    return await action();
  } catch (e) {
    showError(e, context);
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

/** A modal yes/no question in the page's <dialog>; resolves true on confirmation. */
export function confirmDialog(title, text, confirmLabel) {
  const dialog = document.getElementById("confirm");
  dialog.querySelector("#confirm-title").textContent = title;
  dialog.querySelector("#confirm-text").textContent = text;
  const ok = dialog.querySelector("#confirm-ok");
  ok.textContent = confirmLabel;
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
    dialog.returnValue = "";
    dialog.showModal();
    dialog.querySelector("#confirm-cancel").focus();
  });
}

/** "42 s", "3 min 5 s", "2 h 7 min", "3 d 4 h". */
export function formatAge(seconds) {
  if (seconds === null || seconds === undefined) return "–";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

/** A JSON value as compact text for a table cell, cut at `max` characters. */
export function jsonPreview(value, max = 160) {
  const text = JSON.stringify(value);
  return text.length > max ? text.slice(0, max - 1) + "…" : text;
}

/** Moves focus to a view's heading so keyboard and screen-reader users land on the new view. */
export function focusHeading(root) {
  const heading = root.querySelector("h2");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }
}
