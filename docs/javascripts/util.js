// Helpers the site's scripts share. Importing this touches no page (Node's tests import it too): only
// the functions that are handed a page's elements, or asked for the site's root, use the DOM.
import { MONTHS, PAPER, SLUG } from "./constants.js";

const SLUG_PATTERN = new RegExp(SLUG);
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
// A paper page's path below the site's root, its index.html named or not (generator/urls.py paper()).
const PAPER_PATH = new RegExp(`^${escapeRegExp(PAPER[0])}([^/?#]+)${escapeRegExp(PAPER[1])}(?:index\\.html)?$`);

// An object's own property ("constructor" is a slug and a word like any other), else undefined.
export const own = (object, key) => (Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined);

export const isSlug = (text) => typeof text === "string" && SLUG_PATTERN.test(text);

// A paper's page, relative to the site's root.
export const paperUrl = (slug) => PAPER[0] + slug + PAPER[1];

// The slug of a path below the site's root that is a paper's page, or null.
export function paperSlug(path) {
  const match = PAPER_PATH.exec(path);
  return match && isSlug(match[1]) ? match[1] : null;
}

// The slug of a link to a paper's page (resolved against base), or null for any other link.
export function slugOf(href, base, root) {
  const url = new URL(href, base);
  if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) return null;
  return paperSlug(url.pathname.slice(root.pathname.length));
}

// Patterns such as the index's "segments/{segment}/records/{file}.json.gz", filled in.
export const fill = (pattern, values) => pattern.replace(/\{(\w+)\}/g, (_, name) => values[name]);

// Numbers stored as gaps (the search index's lists of documents).
export function numbers(gaps) {
  const out = [];
  for (let i = 0, n = 0; i < gaps.length; i++) out.push(n += gaps[i]);
  return out;
}

// A day as the site's pages write it (generator/dates.py shortdate): "18 Nov 2025".
export const shortDate = (year, month, day) => `${day} ${MONTHS[month - 1]} ${year}`;

// A count with thousands separated as the pages write it ("12,345"). Not toLocaleString: a page's
// first use of Intl loads locale data, a delay the first search result would wait for.
export const grouped = (count) => String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

export const plural = (count, one, many) => `${grouped(count)} ${count === 1 ? one : many}`;

// fresh: asked of the server every time (the index's manifest), not taken from the HTTP cache.
// The index stores its files gzipped (generator/search/index.py `stored`), served as they are:
// inflated here, unless a server already did (then the body no longer starts with gzip's magic).
export async function fetchJson(url, fresh) {
  const response = await fetch(url, fresh ? { cache: "no-cache" } : {});
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const body = await response.blob();
  const magic = new Uint8Array(await body.slice(0, 2).arrayBuffer());
  if (magic[0] !== 0x1f || magic[1] !== 0x8b) return JSON.parse(await body.text());
  return new Response(body.stream().pipeThrough(new DecompressionStream("gzip"))).json();
}

// A page of the site, fetched and parsed (a parsed document's scripts never run).
export async function fetchPage(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new DOMParser().parseFromString(await response.text(), "text/html");
}

// ---- In the page ---------------------------------------------------------------------------------

// The site's root, from Material's page configuration.
export function siteRoot() {
  const config = JSON.parse(document.getElementById("__config").textContent);
  return new URL(config.base.replace(/\/?$/, "/"), location.href);
}

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function button(label, action) {
  const node = element("button", "md-button", label);
  node.type = "button";
  node.addEventListener("click", action);
  return node;
}

// Whether a key pressed there is being typed into something (not a shortcut).
export const isTyping = (target) => target.isContentEditable || /^(TEXTAREA|SELECT)$/.test(target.tagName)
  || (target.tagName === "INPUT" && !/^(checkbox|radio|button|submit|reset)$/.test(target.type));

// Saves text as a file of this name.
export function download(name, type, text) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  document.body.append(link); // Firefox on Android follows only a link in the document
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

// Runs mount on this page, and again on each page Material's instant navigation swaps in.
export function onEveryPage(mount) {
  if (window.document$) window.document$.subscribe(mount); else mount();
}
