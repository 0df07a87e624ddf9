// The console's entry point: picks the view from the URL (#/queues, #/queues/NAME; the
// project picker until a project is chosen or given as ?project=NAME), runs the auto-refresh
// timer, and turns any uncaught failure into a visible error instead of a blank page.

import { api } from "./api.js";
import { QueueListView } from "./queue-list.js";
import { QueuePage } from "./queue-page.js";
import { session } from "./session.js";
import { announce, clearErrors, focusHeading, guarded, h, showError } from "./ui.js";

const REFRESH_MS = 5000;
const main = document.getElementById("main");
let view = null;
let firstRoute = true;

window.addEventListener("error", (e) => showError(e.error || e.message));
window.addEventListener("unhandledrejection", (e) => showError(e.reason));

function navigate(hash) {
  if (window.location.hash === hash) route();
  else window.location.hash = hash;
}

function showProjectBar() {
  const bar = document.getElementById("project-bar");
  bar.hidden = !session.chosen;
  document.getElementById("project-name").textContent = session.project || "(global namespace)";
}

async function route() {
  showProjectBar();
  const hash = window.location.hash;
  if (!session.chosen) {
    view = null;
    renderPicker();
  } else if (hash.startsWith("#/queues/") && hash.length > "#/queues/".length) {
    view = new QueuePage(decodeURIComponent(hash.slice("#/queues/".length)), navigate);
    document.title = `${view.queue} · Cloud Queues console`;
    await view.mount(main);
  } else {
    if (hash !== "#/queues") window.history.replaceState(null, "", "#/queues");
    view = new QueueListView(navigate);
    document.title = "Queues · Cloud Queues console";
    await view.mount(main);
  }
  if (!firstRoute) focusHeading(main);
  firstRoute = false;
}

function renderPicker() {
  document.title = "Cloud Queues console";
  const recent = session.recentProjects();
  const project = h("input", {
    id: "project-input", name: "project", autocomplete: "off", spellcheck: "false",
    list: "recent-projects", "aria-describedby": "project-help",
  });
  project.value = session.project || recent[0] || "";
  const token = h("input", {
    id: "token-input", name: "token", type: "password", autocomplete: "off", "aria-describedby": "token-help",
  });
  token.value = session.token;
  const open = h("button", { type: "submit", id: "open-project" }, "Open project");
  const form = h("form", { id: "project-form", class: "picker" },
    h("label", { for: "project-input" }, "Project"), project,
    h("p", { id: "project-help", class: "help" },
      "The X-Project-Id of your queues. Leave it empty for the global namespace (no project)."),
    h("datalist", { id: "recent-projects" }, ...recent.map((p) => h("option", { value: p }))),
    h("label", { for: "token-input" }, "Auth token (optional)"), token,
    h("p", { id: "token-help", class: "help" },
      "Sent as X-Auth-Token when the gateway requires one; kept only in this tab."),
    h("div", { class: "form-actions" }, open));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const name = project.value.trim();
    guarded(open, `Open project ${name || "(global)"}`, async () => {
      session.choose(name, token.value.trim());
      try {
        await api.listQueues(null, 1); // fails now, not later, on a bad token or project id
      } catch (err) {
        session.forget();
        throw err;
      }
      clearErrors();
      announce(`Project ${name || "(global namespace)"} opened.`);
      navigate("#/queues");
    });
  });
  main.replaceChildren(h("section", { "aria-labelledby": "picker-heading" },
    h("h2", { id: "picker-heading" }, "Choose a project"), form));
  if (!firstRoute) project.focus();
}

function tick() {
  const auto = document.getElementById("auto-refresh");
  if (!view || !view.refresh || !auto.checked || document.hidden) return;
  view.refresh().then(() => {
    document.getElementById("updated").textContent = `Updated ${new Date().toLocaleTimeString()}`;
  });
}

function start() {
  session.readUrl();
  document.getElementById("change-project").addEventListener("click", () => {
    session.forget();
    clearErrors();
    navigate("#/");
  });
  window.addEventListener("hashchange", () => route().catch((e) => showError(e)));
  window.setInterval(tick, REFRESH_MS);
  document.body.classList.add("ready");
  route().catch((e) => showError(e));
}

start();
