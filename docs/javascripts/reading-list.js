// The reading list's storage: starred papers are kept in this browser's localStorage under one key,
// as {slug: {title, url: "papers/<slug>/", starred: ISO date}}, never sent anywhere. A slug is
// permanent (digests/slugs.yaml), so a list survives rebuilds. A paper's URL is made from its slug,
// never taken from a stored or imported file. In here the list is a Map, and stored or imported JSON
// is read by own properties only: a slug such as "constructor" is a key like any other.
import { isSlug, own, paperUrl } from "./util.js";

export const KEY = "dpa-reading-list";
export const FORMAT = "dpa-reading-list"; // an export's "format"
let memory = new Map(); // when localStorage is refused (a browser's setting): the list lasts the page
const listeners = [];

const isObject = (value) => !!value && typeof value === "object" && !Array.isArray(value);
// An entry's fields are strings; a list's values are entries. So {papers: {title: "…", …}} is a
// list holding the paper whose slug is "papers", not an export.
const isEntry = (value) => ["title", "url", "starred"].some((field) => typeof own(value, field) === "string");

function isoDate(value) {
  const date = typeof value === "string" ? new Date(value) : null;
  return date && !isNaN(date) ? date.toISOString() : null;
}

// A Map as the JSON object it is stored and exported as (own properties: a "__proto__" key too).
export const asObject = (papers) => Object.fromEntries(papers);

// A stored or imported list, made safe: entries keyed by a valid slug, a title as text, the URL made
// from the slug. Accepts {slug: entry}, {papers: {slug: entry}} (an export) or [{slug, ...}].
export function clean(data) {
  const papers = new Map();
  let count = 0;
  const inner = isObject(data) ? own(data, "papers") : undefined;
  if (isObject(inner) && (own(data, "format") === FORMAT || !isEntry(inner))) data = inner;
  const entries = Array.isArray(data) ? data.map((e) => [isObject(e) ? own(e, "slug") : undefined, e])
    : isObject(data) ? Object.entries(data) : [];
  for (const [slug, entry] of entries) {
    if (typeof slug !== "string" || slug.length > 200 || !isSlug(slug) || !isObject(entry)) continue;
    const given = own(entry, "title");
    const title = typeof given === "string" && given.trim() ? given.trim().slice(0, 1000) : slug;
    papers.set(slug, { title, url: paperUrl(slug), starred: isoDate(own(entry, "starred")) || new Date().toISOString() });
    count++;
  }
  return { papers, count };
}

export function load() {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? clean(JSON.parse(raw)).papers : new Map();
  } catch {
    return new Map(memory);
  }
}

// Every watcher is told of the list as stored: after a change here or in another tab.
function changed() {
  const papers = load();
  for (const listener of listeners) listener(papers);
}

export function save(papers) {
  memory = papers;
  try {
    localStorage.setItem(KEY, JSON.stringify(asObject(papers)));
  } catch { /* kept in memory */ }
  changed();
}

export function star(slug, title) {
  const papers = load();
  papers.set(slug, { title, url: paperUrl(slug), starred: new Date().toISOString() });
  save(papers);
}

export function unstar(slug) {
  const papers = load();
  papers.delete(slug);
  save(papers);
}

export function toggle(slug, title) {
  if (load().has(slug)) unstar(slug); else star(slug, title);
}

// listener(papers) now and after every change; papers is theirs to read, not to change.
export function watch(listener) {
  if (!listeners.length) {
    window.addEventListener("storage", (event) => { if (event.key === KEY || event.key === null) changed(); });
  }
  listeners.push(listener);
  listener(load());
}

// Newest starred first.
export const ordered = (papers) => [...papers].sort(([, a], [, b]) =>
  b.starred.localeCompare(a.starred) || a.title.localeCompare(b.title));
