// The reading list and the keyboard, for Daily Papers Archive: one file, so each page carries one
// script tag for both. Little of it is in a page's markup: the star buttons, the "Reading list" tab's
// count, the list on /reading-list/ and the keys' dialog are made here (at 100,000 papers every byte a page
// carries is 100 KB of the site).
//
// Reading list: starred papers are kept in this browser's localStorage under one key, as
// {slug: {title, url: "papers/<slug>/", starred: ISO date}}, never sent anywhere. A slug is permanent
// (digests/slugs.yaml), so a list survives rebuilds. Titles go on pages as text, never as HTML, and a
// paper's URL is made from its slug, never taken from a stored or imported file. In here the list is a
// Map, and stored or imported JSON is read by own properties only: a slug such as "constructor" is a
// key like any other, not something every object already has.
//
// Keyboard, on pages listing papers (day, tag, organisation, top): j/k move between papers, o or Enter
// opens the focused one, [ and ] go to the previous and next day (or period), s stars, ? lists the keys.
// "/" is search.js's (the header's search box); Material binds "s" only with its own search, which the
// site does not use, so "s" is ours.
(function () {
  "use strict";

  const KEY = "dpa-reading-list";
  const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/; // generator/model.py SLUG
  const PAPER_PATH = /^papers\/([^/?#]+)\/(?:index\.html)?$/; // generator/urls.py paper()
  const LIST_PAGE = "reading-list/";
  const config = JSON.parse(document.getElementById("__config").textContent);
  const root = new URL(config.base.replace(/\/?$/, "/"), location.href);
  const listUrl = new URL(LIST_PAGE, root);
  const SVG = "http://www.w3.org/2000/svg";
  // Material Design Icons' star and star-outline (Apache 2.0), as Material's own icons.
  const STAR = "M12 17.27 18.18 21l-1.64-7.03L22 9.24l-7.19-.62L12 2 9.19 8.62 2 9.24l5.45 4.73L5.82 21z";
  const STAR_OUTLINE = "m12 15.39-3.76 2.27.99-4.28-3.32-2.88 4.38-.37L12 6.09l1.71 4.04 4.38.37-3.32 2.88.99 4.28M22 "
    + "9.24l-7.19-.61L12 2 9.19 8.63 2 9.24l5.45 4.73L5.82 21 12 17.27 18.18 21l-1.64-7.03z";

  // ---- Storage -------------------------------------------------------------------------------------

  let memory = new Map(); // when localStorage is refused (a browser's setting): the list lasts the page
  function load() {
    try {
      const raw = localStorage.getItem(KEY);
      return raw ? clean(JSON.parse(raw)).papers : new Map();
    } catch (error) {
      return new Map(memory);
    }
  }
  function save(papers) {
    memory = papers;
    try {
      localStorage.setItem(KEY, JSON.stringify(asObject(papers)));
    } catch (error) { /* kept in memory */ }
    refresh();
  }

  // A Map as the JSON object it is stored and exported as (own properties: a "__proto__" key too).
  function asObject(papers) {
    return Object.fromEntries(papers);
  }
  function own(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
  }

  function isoDate(value) {
    const date = typeof value === "string" ? new Date(value) : null;
    return date && !isNaN(date) ? date.toISOString() : null;
  }

  function isObject(value) {
    return !!value && typeof value === "object" && !Array.isArray(value);
  }
  // An entry's fields are strings; a list's values are entries. So {papers: {title: "…", …}} is a
  // list holding the paper whose slug is "papers", not an export.
  function isEntry(value) {
    return ["title", "url", "starred"].some((field) => typeof own(value, field) === "string");
  }

  // A stored or imported list, made safe: entries keyed by a valid slug, a title as text, the URL made
  // from the slug. Accepts {slug: entry}, {papers: {slug: entry}} (an export) or [{slug, ...}].
  function clean(data) {
    const papers = new Map();
    let count = 0;
    const inner = isObject(data) ? own(data, "papers") : undefined;
    if (isObject(inner) && (own(data, "format") === "dpa-reading-list" || !isEntry(inner))) data = inner;
    const entries = Array.isArray(data) ? data.map((e) => [isObject(e) ? own(e, "slug") : undefined, e])
      : isObject(data) ? Object.entries(data) : [];
    for (const [slug, entry] of entries) {
      if (typeof slug !== "string" || slug.length > 200 || !SLUG.test(slug) || !isObject(entry)) continue;
      const given = own(entry, "title");
      const title = typeof given === "string" && given.trim() ? given.trim().slice(0, 1000) : slug;
      papers.set(slug, { title, url: `papers/${slug}/`, starred: isoDate(own(entry, "starred")) || new Date().toISOString() });
      count++;
    }
    return { papers, count };
  }

  // The slug of a paper page's URL, or null.
  function slugOf(href) {
    const url = new URL(href, location.href);
    if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) return null;
    const match = PAPER_PATH.exec(url.pathname.slice(root.pathname.length));
    return match && SLUG.test(match[1]) ? match[1] : null;
  }

  function star(slug, title) {
    const papers = load();
    papers.set(slug, { title, url: `papers/${slug}/`, starred: new Date().toISOString() });
    save(papers);
  }
  function unstar(slug) {
    const papers = load();
    papers.delete(slug);
    save(papers);
  }
  function toggle(slug, title) {
    if (load().has(slug)) unstar(slug); else star(slug, title);
  }

  // ---- Star buttons --------------------------------------------------------------------------------

  function icon() {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.append(document.createElementNS(SVG, "path"));
    return svg;
  }

  // The accessible name stays "Star" and aria-pressed tells whether it is (a toggle button whose name
  // changed with its state would read "Unstar, pressed"); the tooltip says what a click will do.
  function showStar(button, starred) {
    button.setAttribute("aria-pressed", String(starred));
    button.title = starred ? "Unstar: remove from your reading list" : "Star: keep in your reading list";
    button.querySelector("path").setAttribute("d", starred ? STAR : STAR_OUTLINE);
  }

  function starButton(slug, title) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "dpa-star";
    button.dataset.dpaStar = slug;
    button.setAttribute("aria-label", "Star");
    button.append(icon());
    button.addEventListener("click", () => toggle(slug, title));
    return button;
  }

  // A star on each card (after its title: read with the paper it belongs to) and on a paper's page.
  function addStars() {
    for (const card of document.querySelectorAll(".dpa-list > article.dpa-paper")) {
      const link = card.querySelector("h2.dpa-title a");
      const slug = link && slugOf(link.href);
      if (!slug || card.querySelector(".dpa-star")) continue;
      link.parentElement.after(starButton(slug, link.textContent.trim()));
    }
    const page = document.querySelector("article.dpa-paper--page");
    const heading = page && page.querySelector("h1");
    const slug = heading && slugOf(location.href);
    if (slug && !page.querySelector(".dpa-star")) heading.after(starButton(slug, heading.textContent.trim()));
  }

  // ---- The "Reading list (N)" tab ------------------------------------------------------------------

  // The tab is in every page's nav (mkdocs.yml, overrides/main.html): this adds the count to its name.
  function showTab(count) {
    for (const link of document.querySelectorAll(".md-tabs__list a")) {
      if (link.href === listUrl.href) link.textContent = count ? `Reading list (${count})` : "Reading list";
    }
  }

  // Every star, the tab and the list page shown as stored: after a change here or in another tab.
  function refresh() {
    const papers = load();
    for (const button of document.querySelectorAll("button[data-dpa-star]")) showStar(button, papers.has(button.dataset.dpaStar));
    showTab(papers.size);
    if (listView) listView(papers);
    // For other scripts (recommend.js): the list as shown, after every change. Theirs to read, not to change.
    document.dispatchEvent(new CustomEvent("dpa-reading-list", { detail: papers }));
  }

  // ---- /reading-list/ ------------------------------------------------------------------------------

  let listView = null;

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function button(label, action) {
    const node = element("button", "md-button", label);
    node.type = "button";
    node.addEventListener("click", action);
    return node;
  }

  function download(name, type, text) {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type }));
    link.download = name;
    document.body.append(link); // Firefox on Android follows only a link in the document
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  // What prints each of TeX's special characters: mirrors generator/bibtex.py's _SPECIAL and _escape
  // (braces become macros: BibTeX counts every brace, escaped or not, to find where a value ends).
  const TEX_SPECIAL = {
    "\\": "\\textbackslash{}", "{": "\\textbraceleft{}", "}": "\\textbraceright{}",
    "$": "\\$", "&": "\\&", "%": "\\%", "#": "\\#", "_": "\\_",
    "~": "\\textasciitilde{}", "^": "\\textasciicircum{}",
  };
  function texEscape(text) {
    return text.replace(/[\\{}$&%#_~^]/g, (special) => TEX_SPECIAL[special]);
  }
  // A title as generator/bibtex.py's _title writes it: a word with a capital past its first letter is
  // braced (twice when it starts with a macro), so that a sentence-case style keeps it as written.
  function bibtexTitle(title) {
    return title.split(" ").map((word) => {
      const escaped = texEscape(word);
      if (!Array.from(word).filter((c) => /\p{L}/u.test(c)).slice(1).some((c) => /\p{Uppercase}/u.test(c))) return escaped;
      return escaped.startsWith("\\") ? `{{${escaped}}}` : `{${escaped}}`;
    }).join(" ");
  }

  // A paper's BibTeX entry: its page's (pre.dpa-bib), or, when that page cannot be had, one made
  // from what the list keeps.
  async function entry([slug, paper]) {
    try {
      const response = await fetch(new URL(paper.url, root));
      if (!response.ok) throw new Error(response.status);
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const bib = page.querySelector("pre.dpa-bib");
      if (!bib) throw new Error("no entry");
      return { text: bib.textContent.trim(), fetched: true };
    } catch (error) {
      return {
        text: `@misc{${slug},\n  title = {${bibtexTitle(paper.title)}},\n  url = {${new URL(paper.url, root).href}}\n}`,
        fetched: false,
      };
    }
  }

  // papers: [slug, entry] pairs, in the order of the file.
  async function allEntries(papers) {
    const found = new Array(papers.length);
    let next = 0;
    async function worker() { // a few at a time: a long list must not fire hundreds of requests at once
      while (next < papers.length) {
        const at = next++;
        found[at] = await entry(papers[at]);
      }
    }
    await Promise.all(Array.from({ length: Math.min(6, papers.length) }, worker));
    return found;
  }

  function formatDate(iso) {
    return new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });
  }

  function mountList() {
    const box = document.querySelector("[data-dpa-reading-list]");
    if (!box || box.dataset.dpaMounted) return;
    box.dataset.dpaMounted = "1";
    const count = element("p", "dpa-reading-list__count");
    const list = element("ol", "dpa-reading-list__papers");
    list.setAttribute("aria-label", "Starred papers");
    const tools = element("p", "dpa-reading-list__tools");
    const status = element("p", "dpa-reading-list__status");
    status.setAttribute("role", "status");
    const say = (text) => { status.textContent = text; };
    const file = document.createElement("input");
    file.type = "file";
    file.accept = ".json,application/json";
    file.hidden = true;
    const exportBib = button("Export BibTeX", async () => {
      const papers = load();
      if (!papers.size) return;
      exportBib.disabled = true;
      say("Fetching the BibTeX entries…");
      try {
        const entries = await allEntries(ordered(papers));
        download("reading-list.bib", "application/x-bibtex", `${entries.map((e) => e.text).join("\n\n")}\n`);
        const missing = entries.filter((e) => !e.fetched).length;
        say(`Exported ${plural(entries.length, "entry", "entries")} to reading-list.bib`
          + (missing ? ` (${missing} made from the list: their page could not be loaded).` : "."));
      } finally {
        exportBib.disabled = !load().size;
      }
    });
    const exportJson = button("Export JSON", () => {
      const papers = load();
      const data = { format: "dpa-reading-list", version: 1, exported: new Date().toISOString(), papers: asObject(papers) };
      download("reading-list.json", "application/json", `${JSON.stringify(data, null, 2)}\n`);
      say(`Exported ${plural(papers.size, "paper", "papers")} to reading-list.json.`);
    });
    const importJson = button("Import JSON", () => file.click());
    file.addEventListener("change", async () => {
      const chosen = file.files[0];
      file.value = "";
      if (!chosen) return;
      let found;
      try {
        found = clean(JSON.parse(await chosen.text()));
      } catch (error) {
        say(`${chosen.name} is not a reading list (a JSON file exported here).`);
        return;
      }
      const papers = load();
      const added = [...found.papers.keys()].filter((slug) => !papers.has(slug)).length;
      save(new Map([...found.papers, ...papers])); // merged: a paper already on the list keeps its entry
      say(`Imported ${plural(found.count, "paper", "papers")} from ${chosen.name}: ${added} new.`);
    });
    tools.append(exportBib, " ", exportJson, " ", importJson, file);
    box.replaceChildren(count, list, tools, status);

    listView = (papers) => {
      const entries = ordered(papers);
      list.replaceChildren(...entries.map(([slug, paper]) => {
        const item = element("li", "dpa-reading-list__paper");
        const link = element("a", "", paper.title);
        link.href = new URL(paper.url, root).href;
        const remove = button("Remove", () => {
          const at = [...list.children].indexOf(item);
          unstar(slug); // the list is drawn again, without this item
          say(`Removed “${paper.title}”.`);
          // The button that had focus is gone: focus goes to the next paper's (or the last one's).
          const removes = list.querySelectorAll("button");
          (removes[Math.min(at, removes.length - 1)] || importJson).focus();
        });
        remove.classList.add("dpa-reading-list__remove");
        remove.setAttribute("aria-label", `Remove “${paper.title}”`);
        item.append(link, element("span", "dpa-reading-list__date", ` starred ${formatDate(paper.starred)} `), remove);
        return item;
      }));
      list.hidden = !entries.length;
      exportBib.disabled = exportJson.disabled = !entries.length;
      count.textContent = entries.length
        ? `${plural(entries.length, "starred paper", "starred papers")}, newest first, kept in this browser only.`
        : "No starred papers yet: star a paper (☆) on its page or in any list of papers to keep it here.";
    };
  }

  function ordered(papers) {
    return [...papers].sort(([, a], [, b]) => b.starred.localeCompare(a.starred) || a.title.localeCompare(b.title));
  }

  function plural(count, one, many) {
    return `${count.toLocaleString("en")} ${count === 1 ? one : many}`;
  }

  // ---- Keyboard ------------------------------------------------------------------------------------

  // [key, what it does, on which pages: "list" (papers listed), "nav" (prev/next links), "paper" (a paper's page)]
  const KEYS = [
    ["j", "Next paper", "list"],
    ["k", "Previous paper", "list"],
    ["o", "Open the paper (or Enter)", "list"],
    ["s", "Star or unstar the paper", "list paper"],
    ["[", "Previous day (or period)", "nav"],
    ["]", "Next day (or period)", "nav"],
    ["/", "Search", "list nav paper"],
    ["?", "These keys", "list nav paper"],
  ];

  function cards() {
    return [...document.querySelectorAll(".dpa-list > article.dpa-paper")];
  }

  // The card holding focus (the card itself, or a link or button in it), or -1.
  function current(all) {
    const active = document.activeElement;
    return active ? all.findIndex((card) => card.contains(active)) : -1;
  }

  function focusCard(card) {
    card.tabIndex = -1;
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    const all = cards();
    if (!all.length) return false;
    let at = current(all);
    if (at < 0) {
      // Nothing focused yet: start at the first paper on screen (below the header).
      const top = (document.querySelector(".md-header") || { getBoundingClientRect: () => ({ bottom: 0 }) }).getBoundingClientRect().bottom;
      at = all.findIndex((card) => card.getBoundingClientRect().bottom > top);
      if (at < 0) at = all.length - 1;
    } else {
      at = Math.max(0, Math.min(all.length - 1, at + step));
    }
    focusCard(all[at]);
    return true;
  }

  let keysDialog = null;
  function showKeys(page) {
    if (!keysDialog) {
      keysDialog = element("dialog", "dpa-keys md-typeset");
      keysDialog.setAttribute("aria-label", "Keyboard shortcuts");
      const table = element("dl");
      for (const [key, what, where] of KEYS) {
        if (!where.split(" ").some((kind) => page[kind])) continue;
        const term = element("dt");
        term.append(element("kbd", "", key));
        table.append(term, element("dd", "", what));
      }
      keysDialog.append(element("h2", "", "Keyboard shortcuts"), table, button("Close", () => keysDialog.close()));
      // A click on the backdrop (outside the dialog's box) closes it too.
      keysDialog.addEventListener("click", (event) => { if (event.target === keysDialog) keysDialog.close(); });
      document.body.append(keysDialog);
    }
    if (!keysDialog.open) keysDialog.showModal(); // Escape closes it, and focus goes back where it was
  }

  function typing(target) {
    return target.isContentEditable || /^(TEXTAREA|SELECT)$/.test(target.tagName)
      || (target.tagName === "INPUT" && !/^(checkbox|radio|button|submit|reset)$/.test(target.type));
  }

  function onKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (typing(event.target) || (keysDialog && keysDialog.open)) return;
    const search = document.getElementById("__search");
    if (search && search.checked) return; // the search dialog is open
    const all = cards();
    const paperPage = document.querySelector("article.dpa-paper--page button[data-dpa-star]");
    const daynav = document.querySelector("nav.dpa-daynav");
    if (!all.length && !paperPage && !daynav) return; // not a page these keys are for
    let done = false;
    switch (event.key) {
      case "j": done = move(1); break;
      case "k": done = move(-1); break;
      case "o":
      case "Enter": {
        const at = current(all);
        // Enter on a link or button in the card does what it does; on the card, it opens the paper.
        if (at < 0 || (event.key === "Enter" && document.activeElement !== all[at])) break;
        const link = all[at].querySelector("h2.dpa-title a");
        if (link) {
          link.click();
          done = true;
        }
        break;
      }
      case "s": {
        const at = current(all);
        const target = at >= 0 ? all[at].querySelector("button[data-dpa-star]") : paperPage;
        if (target) {
          target.click();
          done = true;
        }
        break;
      }
      case "[":
      case "]": {
        const link = daynav && daynav.querySelector(event.key === "[" ? "a[rel=prev]" : "a[rel=next]");
        if (link) {
          link.click();
          done = true;
        }
        break;
      }
      case "?": showKeys({ list: all.length > 0, nav: !!daynav, paper: !!paperPage }); done = true; break;
    }
    if (done) {
      event.preventDefault();
      event.stopPropagation(); // Material's own keys (on window) leave a handled key alone
    }
  }

  // ---- Start ---------------------------------------------------------------------------------------

  function mount() {
    addStars();
    mountList();
    refresh();
  }
  document.addEventListener("keydown", onKey);
  window.addEventListener("storage", (event) => { if (event.key === KEY || event.key === null) refresh(); });
  // With Material's instant navigation, pages are swapped in without a reload: mount again.
  if (window.document$) window.document$.subscribe(mount); else mount();
})();
