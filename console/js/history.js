// The counts of each queue over the last minutes, sampled whenever the console reads a
// queue's stats (the queue list and the queue page both feed it). Kept in sessionStorage so
// the chart survives a reload of the tab; at most KEEP_MS of samples per queue.

import { session } from "./session.js";

const KEEP_MS = 15 * 60 * 1000;

function key(queue) {
  return `cq.history.${session.project}/${queue}`;
}

/** Samples of a queue, oldest first: [{t, free, claimed, total}]. */
export function samples(queue) {
  try {
    const raw = JSON.parse(window.sessionStorage.getItem(key(queue)) || "[]");
    return Array.isArray(raw) ? raw.map(([t, free, claimed]) => ({ t, free, claimed, total: free + claimed })) : [];
  } catch (_) {
    return [];
  }
}

/** Adds the counts of a stats answer ({messages: {free, claimed, total}}) taken now. */
export function record(queue, stats) {
  const m = stats && stats.messages;
  if (!m) return;
  const now = Date.now();
  const list = samples(queue).filter((s) => now - s.t <= KEEP_MS);
  // Two reads of the same counts within a second (two views refreshing) add one sample.
  const last = list[list.length - 1];
  if (last && now - last.t < 1000 && last.free === m.free && last.claimed === m.claimed) list.pop();
  list.push({ t: now, free: m.free, claimed: m.claimed });
  try {
    window.sessionStorage.setItem(key(queue), JSON.stringify(list.map((s) => [s.t, s.free, s.claimed])));
  } catch (_) {
    /* storage full: the chart shows less history */
  }
}

export function forget(queue) {
  window.sessionStorage.removeItem(key(queue));
}
