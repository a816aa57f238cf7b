// "Papers like yours" on /reading-list/: ten papers like the starred ones, worked out in this browser
// from files the site already serves (no server, no account, nothing sent anywhere).
//
// - Each starred paper's own page gives its tags and its related papers (generator/related.py, at
//   build time: the papers most like it by title and abstract, featured no later than it).
// - The search index (generator/search/index.py; the README's "The search index") gives each of those
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
// reading-list.js owns the stars: it fires "dpa-reading-list" on the document (detail: a Map slug ->
// {title, url, starred}) whenever they are shown, on load and after every change. This script runs
// before it (a plain script in the page's content; reading-list.js is at the end of the body), so it
// hears the first one. Every file is fetched once per page view, so a change costs only new files.
(function () {
  "use strict";

  const COUNT = 10;
  const RELATED_WEIGHT = 0.5; // of a starred paper's vote: about as much as its rarest tag, when it has two
  const BATCH = 4; // record files asked for at a time
  const MAX_FILES = 24; // record files read at most for one list
  const FROM_STARRED = 20; // the newest starred papers the ten are like: a page each to fetch
  const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/; // generator/model.py SLUG
  const PAPER_PATH = /^papers\/([^/?#]+)\/(?:index\.html)?$/; // generator/urls.py paper()
  const TAG_PATH = /^tags\/([^/?#]+)\/$/; // generator/urls.py tag()
  let root = null; // the site's root: read from Material's config once the page is parsed
  let box = null;
  let generation = 0; // the stars a computation was for: only the latest is shown
  const files = new Map(); // URL -> Promise of its content, each fetched once

  function siteRoot() {
    const config = JSON.parse(document.getElementById("__config").textContent);
    return new URL(config.base.replace(/\/?$/, "/"), location.href);
  }

  // ---- The site's files ----------------------------------------------------------------------------

  // A file once: its JSON (the index's .gz files inflated here, unless a server already did) or a
  // parsed page. A failed fetch is forgotten, so the next change of the stars tries again.
  function get(url, kind) {
    if (!files.has(url)) {
      const loading = fetch(url, kind === "manifest" ? { cache: "no-cache" } : {}).then(async (response) => {
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        if (kind === "page") return new DOMParser().parseFromString(await response.text(), "text/html");
        const body = await response.blob();
        const magic = new Uint8Array(await body.slice(0, 2).arrayBuffer());
        if (magic[0] !== 0x1f || magic[1] !== 0x8b) return JSON.parse(await body.text());
        return new Response(body.stream().pipeThrough(new DecompressionStream("gzip"))).json();
      });
      loading.catch(() => files.delete(url));
      files.set(url, loading);
    }
    return files.get(url);
  }

  const index = (path) => new URL(`search-index/${path}`, root).href; // generator/urls.py SEARCH_INDEX
  const fill = (pattern, values) => pattern.replace(/\{(\w+)\}/g, (_, name) => values[name]);
  const manifest = () => get(index("manifest.json"), "manifest");

  // The slug of a link to a paper's page (against the page it is on), or null.
  function slugOf(href, base) {
    const url = new URL(href, base);
    if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) return null;
    const match = PAPER_PATH.exec(url.pathname.slice(root.pathname.length));
    return match && SLUG.test(match[1]) ? match[1] : null;
  }

  // A starred paper's tags (slugs) and related papers ([slug, title]), from its page; none if the
  // page cannot be had (it is still left out of the ten).
  async function starredPaper(slug) {
    const url = new URL(`papers/${slug}/`, root);
    let page;
    try {
      page = await get(url.href, "page");
    } catch (error) {
      return { tags: [], related: [] };
    }
    const article = page.querySelector("article.dpa-paper--page");
    if (!article) return { tags: [], related: [] };
    const tags = [];
    for (const link of article.querySelectorAll(".dpa-tags a")) {
      const target = new URL(link.getAttribute("href"), url);
      const match = target.pathname.startsWith(root.pathname) && TAG_PATH.exec(target.pathname.slice(root.pathname.length));
      if (match) tags.push(match[1]);
    }
    const related = [];
    for (const link of article.querySelectorAll("ul.dpa-titles a")) {
      const found = slugOf(link.getAttribute("href"), url);
      if (found) related.push([found, link.textContent.trim()]);
    }
    return { tags, related };
  }

  // Document numbers from gaps (the index's tag files).
  function numbers(gaps) {
    const out = [];
    for (let i = 0, doc = 0; i < gaps.length; i++) out.push(doc += gaps[i]);
    return out;
  }

  // The record file that holds a paper's: {segment, file, url}, or null.
  function fileOf(m, doc) {
    const segment = m.segments.find((s) => doc >= s.start && doc < s.end);
    if (!segment) return null;
    const file = Math.floor((doc - segment.start) / m.records_per_file);
    return { segment, file, url: index(fill(m.paths.records, { segment: segment.name, file })) };
  }

  // The display records of the file that holds a paper's: [{doc, slug, title}] (the file's other
  // papers come with it, for nothing: any of them may be one of the ten too).
  async function records(m, doc) {
    const where = fileOf(m, doc);
    if (!where) return [];
    const first = where.segment.start + where.file * m.records_per_file;
    const out = [];
    (await get(where.url)).forEach((found, i) => {
      const match = Array.isArray(found) && PAPER_PATH.exec(found[0]);
      if (match && SLUG.test(match[1])) out.push({ doc: first + i, slug: match[1], title: String(found[1]) });
    });
    return out;
  }

  // ---- The ten -------------------------------------------------------------------------------------

  // papers: the reading list (Map slug -> entry). Returns [{slug, title, score, tags: [names], related: [titles]}].
  async function recommend(papers) {
    const starred = new Set(papers.keys());
    const chosen = [...papers].sort(([, a], [, b]) => b.starred.localeCompare(a.starred)).slice(0, FROM_STARRED).map(([slug]) => slug);
    const [m, pages] = await Promise.all([manifest(), Promise.all(chosen.map(starredPaper))]);
    const N = m.documents;
    const tagInfo = new Map(m.tags.map((t) => [t.slug, t]));
    const idf = (slug) => {
      const n = tagInfo.get(slug).count;
      return Math.log(1 + Math.abs((N - n + 0.5) / (n + 0.5)));
    };
    const tagWeight = new Map(); // tag slug -> its shares of the starred papers' votes
    const candidates = new Map(); // slug -> candidate
    const candidate = (slug, title) => {
      if (!candidates.has(slug)) candidates.set(slug, { slug, title, score: 0, tags: [], related: [], read: false });
      return candidates.get(slug);
    };
    chosen.forEach((slug, i) => {
      const own = [...new Set(pages[i].tags)].filter((tag) => tagInfo.has(tag));
      const total = own.reduce((sum, tag) => sum + idf(tag), 0);
      for (const tag of own) tagWeight.set(tag, (tagWeight.get(tag) || 0) + idf(tag) / total);
      for (const [other, title] of pages[i].related) {
        if (starred.has(other)) continue;
        const found = candidate(other, title);
        if (found.related.includes(papers.get(slug).title)) continue;
        found.score += RELATED_WEIGHT;
        found.related.push(papers.get(slug).title);
      }
    });

    // Each paper's score from the tags it shares, the weightiest first in its "why".
    const tags = [...tagWeight].map(([slug, weight]) => {
      const info = tagInfo.get(slug);
      return { slug, name: info.name, version: info.version, weight };
    }).sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name));
    const members = await Promise.all(tags.map((t) => get(`${index(fill(m.paths.tag, { slug: t.slug }))}?v=${t.version}`)));
    const byDoc = new Map(); // doc -> {score, tags}
    tags.forEach((tag, i) => {
      for (const doc of numbers(members[i])) {
        if (!byDoc.has(doc)) byDoc.set(doc, { score: 0, tags: [] });
        const entry = byDoc.get(doc);
        entry.score += tag.weight;
        entry.tags.push(tag.name);
      }
    });
    const order = [...byDoc.keys()].sort((a, b) => byDoc.get(b).score - byDoc.get(a).score || b - a);

    // Records are read in score order, a file at a time (its other papers come with it), until the
    // tenth paper read scores at least as much as the next one's tags: no paper not yet read could
    // then beat it by its tags. A related paper not read by then is ranked by its related links (its
    // tags, if any is a starred one, would add no more than that next score), and its "why" names
    // them alone. MAX_FILES bounds the reading where the starred tags' scores fall slowly.
    const ranked = (all) => all.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title));
    const read = new Set(); // documents whose record has been read
    const take = ({ doc, slug, title }) => {
      if (read.has(doc)) return;
      read.add(doc);
      const tagged = byDoc.get(doc);
      if (starred.has(slug) || (!tagged && !candidates.has(slug))) return;
      const entry = candidate(slug, title);
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
        const where = fileOf(m, order[at]);
        if (!where) read.add(order[at]); // no segment holds it: a manifest out of step with its tag files
        else if (!read.has(order[at])) batch.set(where.url, order[at]);
      }
      opened += batch.size;
      for (const group of await Promise.all([...batch.values()].map((doc) => records(m, doc)))) group.forEach(take);
    }
    // On a tie, a paper read first: its "why" is whole.
    return [...candidates.values()].sort((a, b) => b.score - a.score || b.read - a.read || a.title.localeCompare(b.title))
      .slice(0, COUNT);
  }

  // ---- On the page ---------------------------------------------------------------------------------

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function why(found) {
    const parts = [];
    if (found.tags.length) parts.push(`shares: ${found.tags.join(", ")}`);
    if (found.related.length) parts.push(`related to ${found.related.map((t) => `“${t}”`).join(", ")}`);
    const text = parts.join("; ");
    return text.charAt(0).toUpperCase() + text.slice(1);
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
    } catch (error) {
      if (mine !== generation) return;
      box.removeAttribute("aria-busy");
      status.textContent = "Papers like yours could not be worked out: the site's files did not load. Star or unstar a paper to try again.";
      return;
    }
    if (mine !== generation) return; // the stars changed meanwhile: a newer list is on its way
    box.removeAttribute("aria-busy");
    list.replaceChildren(...found.map((paper) => {
      const item = element("li", "dpa-recommend__paper");
      item.dataset.dpaSlug = paper.slug;
      const link = element("a", "", paper.title);
      link.href = new URL(`papers/${paper.slug}/`, root).href;
      item.append(link, element("span", "dpa-recommend__why", why(paper)));
      return item;
    }));
    list.hidden = !found.length;
    status.textContent = found.length
      ? `${found.length} papers like your ${papers.size === 1 ? "starred paper" : `${papers.size} starred papers`}, most alike first.`
      : "No papers like yours yet: none shares a tag with them or is related to them.";
  }

  function mount() {
    box = document.querySelector("[data-dpa-recommend]");
    if (!box || box.dataset.dpaMounted) return !!box;
    box.dataset.dpaMounted = "1";
    root = siteRoot();
    const status = element("p", "dpa-recommend__status");
    status.setAttribute("role", "status");
    const list = element("ol", "dpa-recommend__papers");
    list.setAttribute("aria-label", "Papers like yours");
    box.replaceChildren(status, list);
    return true;
  }

  document.addEventListener("dpa-reading-list", (event) => {
    if (mount()) show(event.detail);
  });
})();
