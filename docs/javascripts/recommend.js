// "Papers like yours" on /reading-list/: ten papers like the starred ones, worked out in this browser
// from files the site already serves (no server, no account, nothing sent anywhere).
//
// - Each starred paper's own page gives its tags and its related papers (generator/related.py, at
//   build time: the papers most like it by title and abstract, featured no later than it).
// - The search index (generator/search/index.py; ARCHITECTURE.md's "The search index") gives each of those
//   tags' papers (tags/<slug>.json.gz, document numbers as gaps) and the papers' display records.
// - A paper's score sums, over the starred papers, what it shares with each. A starred paper's tags
//   share one vote between them by rarity (lunr's idf, ln(1 + (N - n + 0.5) / (n + 0.5)), n being
//   the tag's papers): a tag of a few papers says more than one of a third of the archive, and the
//   tag three starred papers have in common outweighs two that only two of them have. Being one of
//   a starred paper's related papers counts RELATED_WEIGHT of its vote. Starred papers are left
//   out; the ten are like the FROM_STARRED newest starred (a long list is not a page fetched per
//   paper). Each one's "why" names the tags it shares and the starred papers it is related to.
// - Records are read in score order (ties: newest first), only until no paper not yet read could
//   make the ten on its tags (see recommend()).
//
// reading-list.js owns the stars: this watches them (a Map slug -> {title, url, starred}), on load and
// after every change. The index is read through search-engine.js's indexFiles, each file once per page
// view, so a change costs only new files.
import { SEARCH_INDEX, TAG } from "./constants.js";
import { watch } from "./reading-list.js";
import { indexFiles } from "./search-engine.js";
import { element, fetchJson, fetchPage, paperSlug, paperUrl, siteRoot, slugOf } from "./util.js";

const COUNT = 10;
const RELATED_WEIGHT = 0.5; // of a starred paper's vote: about as much as its rarest tag, when it has two
const BATCH = 4; // record files asked for at a time
const MAX_FILES = 24; // record files read at most for one list
const FROM_STARRED = 20; // the newest starred papers the ten are like: a page each to fetch
let root = null;
let index = null; // the search index's files
let box = null;
let generation = 0; // the stars a computation was for: only the latest is shown
const pages = new Map(); // URL -> Promise of a starred paper's parsed page, each fetched once

// A paper's page, parsed. A failed fetch is forgotten, so the next change of the stars tries again.
function page(url) {
  if (!pages.has(url)) {
    const loading = fetchPage(url);
    loading.catch(() => pages.delete(url));
    pages.set(url, loading);
  }
  return pages.get(url);
}

// The slug of a path below the site's root that is a tag's page, or null.
function tagSlug(path) {
  if (!path.startsWith(TAG[0]) || !path.endsWith(TAG[1])) return null;
  const slug = path.slice(TAG[0].length, path.length - TAG[1].length);
  return slug && !/[/?#]/.test(slug) ? slug : null;
}

// A starred paper's tags (slugs) and related papers ([slug, title]), from its page; none if the
// page cannot be had (it is still left out of the ten).
async function starredPaper(slug) {
  const url = new URL(paperUrl(slug), root);
  let found;
  try {
    found = await page(url.href);
  } catch {
    return { tags: [], related: [] };
  }
  const article = found.querySelector("article.dpa-paper--page");
  if (!article) return { tags: [], related: [] };
  const tags = [];
  for (const link of article.querySelectorAll(".dpa-tags a")) {
    const target = new URL(link.getAttribute("href"), url);
    const tag = target.pathname.startsWith(root.pathname) && tagSlug(target.pathname.slice(root.pathname.length));
    if (tag) tags.push(tag);
  }
  const related = [];
  for (const link of article.querySelectorAll("ul.dpa-titles a")) {
    const other = slugOf(link.getAttribute("href"), url, root);
    if (other) related.push([other, link.textContent.trim()]);
  }
  return { tags, related };
}

// The display records of the record file that holds a paper's: [{doc, slug, title}] (the file's other
// papers come with it, for nothing: any of them may be one of the ten too).
async function records(m, doc) {
  const where = index.recordFile(m, doc);
  if (!where) return [];
  const out = [];
  (await index.records(where)).forEach((found, i) => {
    const slug = Array.isArray(found) && paperSlug(found[0]);
    if (slug) out.push({ doc: where.first + i, slug, title: String(found[1]) });
  });
  return out;
}

// ---- The ten -------------------------------------------------------------------------------------

// The candidates so far (slug -> {slug, title, score, tags, related, read}), and one made if new.
function candidateOf(candidates, slug, title) {
  if (!candidates.has(slug)) candidates.set(slug, { slug, title, score: 0, tags: [], related: [], read: false });
  return candidates.get(slug);
}

// What the starred papers' pages say: each tag's share of their votes (slug -> weight), and the
// papers they are related to, as candidates.
function votes(m, papers, chosen, pages) {
  const starred = new Set(papers.keys());
  const tagInfo = new Map(m.tags.map((t) => [t.slug, t]));
  const idf = (slug) => {
    const n = tagInfo.get(slug).count;
    return Math.log(1 + Math.abs((m.documents - n + 0.5) / (n + 0.5)));
  };
  const tagWeight = new Map();
  const candidates = new Map();
  chosen.forEach((slug, i) => {
    const own = [...new Set(pages[i].tags)].filter((tag) => tagInfo.has(tag));
    const total = own.reduce((sum, tag) => sum + idf(tag), 0);
    for (const tag of own) tagWeight.set(tag, (tagWeight.get(tag) || 0) + idf(tag) / total);
    for (const [other, title] of pages[i].related) {
      if (starred.has(other)) continue;
      const found = candidateOf(candidates, other, title);
      if (found.related.includes(papers.get(slug).title)) continue;
      found.score += RELATED_WEIGHT;
      found.related.push(papers.get(slug).title);
    }
  });
  return { tagInfo, tagWeight, candidates };
}

// Each paper's score from the tags it shares (doc -> {score, tags}), the weightiest first in its "why".
async function byTags(m, tagInfo, tagWeight) {
  const tags = [...tagWeight].map(([slug, weight]) => ({ ...tagInfo.get(slug), weight }))
    .sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name));
  const members = await Promise.all(tags.map((t) => index.tagDocs(m, t)));
  const byDoc = new Map();
  tags.forEach((tag, i) => {
    for (const doc of members[i]) {
      if (!byDoc.has(doc)) byDoc.set(doc, { score: 0, tags: [] });
      const entry = byDoc.get(doc);
      entry.score += tag.weight;
      entry.tags.push(tag.name);
    }
  });
  return byDoc;
}

const ranked = (all) => all.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title));

// Records are read in score order, a file at a time (its other papers come with it), until the
// tenth paper read scores at least as much as the next one's tags: no paper not yet read could
// then beat it by its tags. A related paper not read by then is ranked by its related links (its
// tags, if any is a starred one, would add no more than that next score), and its "why" names
// them alone. MAX_FILES bounds the reading where the starred tags' scores fall slowly.
async function readRecords(m, starred, byDoc, candidates) {
  const order = [...byDoc.keys()].sort((a, b) => byDoc.get(b).score - byDoc.get(a).score || b - a);
  const read = new Set(); // documents whose record has been read
  const take = ({ doc, slug, title }) => {
    if (read.has(doc)) return;
    read.add(doc);
    const tagged = byDoc.get(doc);
    if (starred.has(slug) || (!tagged && !candidates.has(slug))) return;
    const entry = candidateOf(candidates, slug, title);
    entry.title = title; // the index's plain text, where a page's link may hold TeX
    if (tagged) {
      entry.score += tagged.score;
      entry.tags = tagged.tags;
    }
    entry.read = true;
  };
  let next = 0;
  let opened = 0; // record files
  for (;;) {
    while (next < order.length && read.has(order[next])) next++;
    if (next >= order.length || opened >= MAX_FILES) break;
    const sure = ranked([...candidates.values()].filter((c) => c.read));
    if (sure.length >= COUNT && sure[COUNT - 1].score >= byDoc.get(order[next]).score) break;
    const batch = new Map(); // record file -> a paper of it
    for (let at = next; at < order.length && batch.size < Math.min(BATCH, MAX_FILES - opened); at++) {
      const where = index.recordFile(m, order[at]);
      if (!where) read.add(order[at]); // no segment holds it: a manifest out of step with its tag files
      else if (!read.has(order[at])) batch.set(where.path, order[at]);
    }
    opened += batch.size;
    for (const group of await Promise.all([...batch.values()].map((doc) => records(m, doc)))) group.forEach(take);
  }
}

// papers: the reading list (Map slug -> entry). Returns [{slug, title, score, tags: [names], related: [titles]}].
async function recommend(papers) {
  const chosen = [...papers].sort(([, a], [, b]) => b.starred.localeCompare(a.starred)).slice(0, FROM_STARRED).map(([slug]) => slug);
  const [m, pages] = await Promise.all([index.manifest(), Promise.all(chosen.map(starredPaper))]);
  const { tagInfo, tagWeight, candidates } = votes(m, papers, chosen, pages);
  await readRecords(m, new Set(papers.keys()), await byTags(m, tagInfo, tagWeight), candidates);
  // On a tie, a paper read first: its "why" is whole.
  return [...candidates.values()].sort((a, b) => b.score - a.score || b.read - a.read || a.title.localeCompare(b.title))
    .slice(0, COUNT);
}

// ---- On the page ---------------------------------------------------------------------------------

function why(found) {
  const parts = [];
  if (found.tags.length) parts.push(`shares: ${found.tags.join(", ")}`);
  if (found.related.length) parts.push(`related to ${found.related.map((t) => `“${t}”`).join(", ")}`);
  const text = parts.join("; ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function showList(list, found) {
  list.replaceChildren(...found.map((paper) => {
    const item = element("li", "dpa-recommend__paper");
    item.dataset.dpaSlug = paper.slug;
    const link = element("a", "", paper.title);
    link.href = new URL(paperUrl(paper.slug), root).href;
    item.append(link, element("span", "dpa-recommend__why", why(paper)));
    return item;
  }));
  list.hidden = !found.length;
}

async function show(papers) {
  const mine = ++generation;
  const status = box.querySelector(".dpa-recommend__status");
  const list = box.querySelector(".dpa-recommend__papers");
  if (!papers.size) {
    list.replaceChildren();
    list.hidden = true;
    status.textContent = "Star a few papers, and papers like them are suggested here.";
    return;
  }
  box.setAttribute("aria-busy", "true");
  let found;
  try {
    found = await recommend(papers);
  } catch {
    if (mine !== generation) return;
    box.removeAttribute("aria-busy");
    status.textContent = "Papers like yours could not be worked out: the site's files did not load. Star or unstar a paper to try again.";
    return;
  }
  if (mine !== generation) return; // the stars changed meanwhile: a newer list is on its way
  box.removeAttribute("aria-busy");
  showList(list, found);
  status.textContent = found.length
    ? `${found.length} papers like your ${papers.size === 1 ? "starred paper" : `${papers.size} starred papers`}, most alike first.`
    : "No papers like yours yet: none shares a tag with them or is related to them.";
}

function mount() {
  box = document.querySelector("[data-dpa-recommend]");
  if (!box) return;
  root = siteRoot();
  index = indexFiles(new URL(SEARCH_INDEX, root).href, fetchJson);
  const status = element("p", "dpa-recommend__status");
  status.setAttribute("role", "status");
  const list = element("ol", "dpa-recommend__papers");
  list.setAttribute("aria-label", "Papers like yours");
  box.replaceChildren(status, list);
  watch(show);
}

mount();
