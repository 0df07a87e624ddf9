// A small SVG line chart of a queue's counts (total, free, claimed) over the last minutes.
// Drawn from the samples in history.js; a gap of more than GAP_MS between samples (the tab
// was hidden, the gateway did not answer) breaks the lines instead of drawing across it.

const SVG = "http://www.w3.org/2000/svg";
const WINDOW_MS = 10 * 60 * 1000;
const GAP_MS = 30 * 1000;
const H = 200, LEFT = 44, RIGHT = 12, TOP = 12, BOTTOM = 26;
export const SERIES = [
  { key: "total", label: "Total", cls: "series-total" },
  { key: "free", label: "Free", cls: "series-free" },
  { key: "claimed", label: "Claimed", cls: "series-claimed" },
];

function el(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The smallest of 1, 2, 5 × 10^n at or above `v` (at least 4), for a tidy y axis. */
function niceMax(v) {
  if (v <= 4) return 4;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** Renders the chart for `samples` ({t, free, claimed, total}, oldest first) into an <svg>. */
export function renderChart(svg, samples, now = Date.now()) {
  // One user unit per CSS pixel (the chart fills its box; text keeps its size).
  const W = Math.max(320, Math.round(svg.getBoundingClientRect().width) || 640);
  const start = now - WINDOW_MS;
  const shown = samples.filter((s) => s.t >= start);
  const max = niceMax(Math.max(0, ...shown.map((s) => s.total)));
  const x = (t) => LEFT + ((t - start) / WINDOW_MS) * (W - LEFT - RIGHT);
  const y = (v) => TOP + (1 - v / max) * (H - TOP - BOTTOM);

  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.replaceChildren();
  const last = shown[shown.length - 1];
  const summary = last
    ? `Messages over the last 10 minutes, ${shown.length} samples; now total ${last.total}, free ${last.free}, claimed ${last.claimed}.`
    : "Messages over the last 10 minutes: no samples yet.";
  svg.append(el("title", {}, summary));

  for (const v of [0, max / 2, max]) {
    svg.append(el("line", { x1: LEFT, x2: W - RIGHT, y1: y(v), y2: y(v), class: "grid" }));
    svg.append(el("text", { x: LEFT - 6, y: y(v) + 4, class: "axis", "text-anchor": "end" }, String(Math.round(v))));
  }
  for (const [minutes, anchor] of [[10, "start"], [5, "middle"], [0, "end"]]) {
    const t = now - minutes * 60000;
    svg.append(el("text", { x: x(t), y: H - 6, class: "axis", "text-anchor": anchor }, minutes ? `−${minutes} min` : "now"));
  }

  // Runs of samples without a long gap.
  const runs = [];
  for (const s of shown) {
    const run = runs[runs.length - 1];
    if (run && s.t - run[run.length - 1].t <= GAP_MS) run.push(s);
    else runs.push([s]);
  }
  for (const series of SERIES) {
    for (const run of runs) {
      if (run.length === 1) {
        svg.append(el("circle", { cx: x(run[0].t), cy: y(run[0][series.key]), r: 2.5, class: series.cls }));
      } else {
        const points = run.map((s) => `${x(s.t).toFixed(1)},${y(s[series.key]).toFixed(1)}`).join(" ");
        svg.append(el("polyline", { points, class: series.cls }));
      }
    }
  }
  svg.dataset.samples = String(shown.length);
  if (last) {
    svg.dataset.lastTotal = String(last.total);
    svg.dataset.lastFree = String(last.free);
    svg.dataset.lastClaimed = String(last.claimed);
  }
}
