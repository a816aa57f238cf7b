// Search for Daily Papers Archive, in Material's header box and on /search/: the page side.
// The engine (search-engine.js) and lunr.js are fetched only once a reader heads for the box.
// Everything from the index goes on the page as text (textContent, <mark> elements we make), so
// no indexed title or abstract can inject markup.
import { SEARCH, SEARCH_INDEX } from "./constants.js";
import { element, fetchJson, grouped, isTyping, shortDate } from "./util.js";

const HEADER_RESULTS = 8;
const PAGE_RESULTS = 20;
const TYPING_PAUSE_MS = 30; // the header box searches once typing pauses this long
const FORM_PAUSE_MS = 120; // the search page's query box and filters, likewise
const LOAD_FAILED = "Search could not load; type again to retry";
const FILTERS = ["tag", "year", "organization"];
let root = null;
let engineLoading = null;
let engineAttempts = 0;

function script(url) {
  return new Promise((resolve, reject) => {
    const tag = document.createElement("script");
    tag.src = url;
    tag.onload = resolve;
    tag.onerror = () => {
      tag.remove();
      reject(new Error(`${url} did not load`));
    };
    document.head.append(tag);
  });
}

// The engine module; after a failed load, asked for under another URL, as a browser may keep a
// module's failure for the page's lifetime.
const engineModule = () => import(engineAttempts++ ? `./search-engine.js?retry=${engineAttempts}` : "./search-engine.js");

// lunr.js and the engine, loaded side by side with the index's manifest. A load that fails (the
// network, a server error) is forgotten, so that the next call tries again instead of failing for good.
function engine() {
  if (!engineLoading) {
    const index = new URL(SEARCH_INDEX, root);
    const loading = Promise.all([window.lunr || script(new URL("lunr.js", index).href), engineModule()])
      .then(async ([, module]) => {
        const found = module.open(index.href, window.lunr, fetchJson);
        await found.manifest();
        return found;
      });
    loading.catch(() => {
      if (engineLoading === loading) engineLoading = null;
    });
    engineLoading = loading;
  }
  return engineLoading;
}

const searchUrl = (query, exact) => new URL(`${SEARCH}?q=${encodeURIComponent(query)}${exact ? "&exact=1" : ""}`, root).href;

// ---- Results -------------------------------------------------------------------------------------

// The text with the words the search matched in <mark>: DOM nodes, never HTML.
function highlighted(search, text, found) {
  const fragment = document.createDocumentFragment();
  let at = 0;
  for (const [start, end] of search.marks(text, found)) {
    fragment.append(text.slice(at, start), element("mark", "", text.slice(start, end)));
    at = end;
  }
  fragment.append(text.slice(at));
  return fragment;
}

function formatDay(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  return shortDate(year, month, day);
}

// The records of some documents, each a promise of its own, fetched side by side. Whoever stops
// waiting half-way (a newer query) leaves the rest unawaited: their failures are not errors.
function inOrder(search, docs) {
  return docs.map((doc) => {
    const pending = search.records([doc]).then((records) => records[0]);
    pending.catch(() => {});
    return pending;
  });
}

// One result in the list: a link around Material's result article holding the given paragraphs.
function listItem(href, ...paragraphs) {
  const item = element("li", "md-search-result__item");
  const link = element("a", "md-search-result__link");
  link.href = href;
  const article = element("article", "md-search-result__article md-typeset dpa-result");
  article.append(...paragraphs);
  link.append(article);
  item.append(link);
  return item;
}

function resultItem(search, record, found) {
  const title = element("p", "dpa-result__title");
  title.append(highlighted(search, record.title, found));
  const votes = record.upvotes;
  const meta = [`Featured ${formatDay(record.day)}`, record.organization, record.tags.join(", "),
    votes && `${grouped(votes)} upvote${votes === 1 ? "" : "s"}`].filter(Boolean).join(" · ");
  const snippet = element("p", "dpa-result__excerpt");
  snippet.append(highlighted(search, record.snippet, found));
  return listItem(new URL(record.url, root).href, title, element("p", "dpa-result__meta", meta), snippet);
}

// An arXiv id that is not in the archive: say so, and lead to it on arXiv.
function notArchived(arxiv) {
  return listItem(arxiv.url, element("p", "dpa-result__title", `arXiv:${arxiv.id} is not in the archive`),
    element("p", "dpa-result__meta", "Open it on arXiv →"));
}

// "Showing results for <em>diffusion</em>. Search instead for difusion": what a corrected query
// searched for, and a link to search exactly as typed. Made (or hidden) before `anchor`.
function showCorrected(anchor, found, query) {
  let line = anchor.parentNode.querySelector("[data-dpa-search-corrected]");
  if (!line) {
    line = element("p", "dpa-search-corrected");
    line.dataset.dpaSearchCorrected = "";
    anchor.before(line);
  }
  line.hidden = !(found && found.corrected);
  if (line.hidden) {
    line.replaceChildren();
    return;
  }
  const link = element("a", "", query);
  link.href = searchUrl(query, true);
  line.replaceChildren("Showing results for ", element("em", "", found.corrected), ". Search instead for ", link);
}

function showCount(node, found, query) {
  node.textContent = !found ? "Type to start searching"
    : found.count ? `${grouped(found.count)} matching paper${found.count === 1 ? "" : "s"}`
      : query ? `No papers match “${query}”` : "No papers match these filters";
}

// The list answers no query: empty, with its line saying so.
function showNothing(list, meta) {
  list.replaceChildren();
  showCount(meta, null, "");
  showCorrected(list, null, "");
}

// The list answers this query (results arrive while the reader types: tests wait for this).
function showDone(list, meta, found, query) {
  showCorrected(list, found, query);
  list.dataset.query = query;
  showCount(meta, found, query);
}

// Up and down arrows move between the box and the results' links.
function arrowKeys(input, list) {
  const move = (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const all = [input, ...list.querySelectorAll("a")];
    const at = all.indexOf(document.activeElement);
    if (at < 0 || all.length < 2) return;
    event.preventDefault();
    all[Math.max(0, Math.min(all.length - 1, at + (event.key === "ArrowDown" ? 1 : -1)))].focus();
  };
  input.addEventListener("keydown", move);
  list.addEventListener("keydown", move);
}

// ---- The header box ------------------------------------------------------------------------------

// Material's search dialog, made here rather than carried by every page (the header of overrides/main.html).
// A constant: nothing from the index goes into this markup.
function fillDialog(box) {
  const sprite = new URL("assets/images/dpa-icons.svg", root).pathname;
  const icon = (name) => `<svg viewBox="0 0 24 24" aria-hidden="true"><use href="${sprite}#${name}"/></svg>`;
  box.innerHTML = `<label class="md-search__overlay" for="__search" aria-hidden="true"></label>
<div class="md-search__inner" role="search" aria-label="Quick search">
<form class="md-search__form" name="search" action="${new URL(SEARCH, root).pathname}" method="get">
<input type="text" class="md-search__input" name="q" aria-label="Search papers" placeholder="Search" autocapitalize="off" autocorrect="off" autocomplete="off" spellcheck="false" aria-controls="dpa-search-results">
<label class="md-search__icon md-icon" for="__search" aria-hidden="true">${icon("magnify")}${icon("arrow-left")}</label>
<nav class="md-search__options" aria-label="Search options"><button type="reset" class="md-search__icon md-icon" title="Clear" aria-label="Clear" tabindex="-1">${icon("close")}</button></nav>
</form>
<div class="md-search__output"><div class="md-search__scrollwrap" tabindex="0"><div class="md-search-result">
<div class="md-search-result__meta" role="status">Type to start searching</div>
<ol class="md-search-result__list" id="dpa-search-results" aria-label="Results"></ol>
</div></div></div>
</div>`;
}

// The header's results for the box's query: each goes on screen as soon as its record and those
// before it are in. current() says whether this query is still the latest.
async function headerResults(box, current) {
  const { input, list, meta } = box;
  const query = input.value.trim();
  if (!query) return showNothing(list, meta);
  const search = await engine();
  const found = await search.search(input.value, { prefix: true });
  if (!current()) return; // a newer keystroke superseded this one
  const items = [];
  if (found.arxiv && !found.arxiv.found) items.push(notArchived(found.arxiv));
  for (const pending of inOrder(search, found.docs.slice(0, HEADER_RESULTS))) {
    const record = await pending;
    if (!current()) return;
    items.push(resultItem(search, record, found));
    if (items.length === 1) list.replaceChildren(items[0]); else list.append(items[items.length - 1]);
  }
  if (found.count > HEADER_RESULTS) {
    const more = element("li", "md-search-result__item dpa-result__more");
    const link = element("a", "md-search-result__link", `All ${grouped(found.count)} results →`);
    link.href = searchUrl(query);
    more.append(link);
    items.push(more);
  }
  list.replaceChildren(...items);
  showDone(list, meta, found, query);
}

// Opening and closing the dialog: Escape takes focus back where it was before it opened.
function dialogFocus(box, toggle) {
  const { input } = box;
  let returnTo = null;
  const open = (from) => {
    if (from !== undefined) returnTo = from;
    else if (!toggle.checked && document.activeElement !== input) returnTo = document.activeElement;
    toggle.checked = true;
    engine().catch(() => {});
  };
  const close = (restore) => {
    toggle.checked = false;
    if (restore && returnTo && returnTo !== document.body && document.contains(returnTo)) returnTo.focus();
    else if (box.node.contains(document.activeElement)) document.activeElement.blur();
    returnTo = null;
  };
  input.addEventListener("focus", () => open());
  toggle.addEventListener("change", () => {
    if (toggle.checked) input.focus(); else close(false);
  });
  box.node.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    }
  });
  // Tab out of the dialog (or a click elsewhere) closes it and its overlay.
  box.node.addEventListener("focusout", (event) => {
    if (toggle.checked && event.relatedTarget && !box.node.contains(event.relatedTarget)) close(false);
  });
  return { open, returnTo: () => returnTo };
}

// "/" anywhere but in a field opens the box.
function slashKey(box, dialog) {
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.key === "/" && !isTyping(target) && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      dialog.open(box.node.contains(target) ? dialog.returnTo() : target);
      box.input.focus();
    }
  });
}

// Results as the reader types, a search once typing pauses; a reset empties the list.
function typingSearch(box) {
  const { input, list, meta } = box;
  let latest = 0;
  let timer = null;
  const run = () => {
    const ticket = ++latest;
    headerResults(box, () => ticket === latest).catch(() => {
      if (ticket !== latest) return;
      list.replaceChildren();
      meta.textContent = LOAD_FAILED;
    });
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, TYPING_PAUSE_MS);
  });
  input.form.addEventListener("reset", () => {
    clearTimeout(timer);
    latest++; // a search still on its way must not fill the list again
    showNothing(list, meta);
  });
}

// The header box: results as the reader types, in Material's search dropdown.
function mountHeader() {
  const label = document.querySelector("label.md-header__button[for=__search]");
  if (!label || document.querySelector(".dpa-search")) return;
  const node = element("div", "md-search dpa-search");
  node.setAttribute("role", "dialog");
  node.setAttribute("aria-label", "Search");
  label.after(node);
  fillDialog(node);
  const box = { node, input: node.querySelector(".md-search__input"),
    list: node.querySelector(".md-search-result__list"), meta: node.querySelector(".md-search-result__meta") };
  const dialog = dialogFocus(box, document.getElementById("__search"));
  arrowKeys(box.input, box.list);
  typingSearch(box);
  slashKey(box, dialog);
  // Load the search engine as soon as the reader heads for the box, not on every page view.
  for (const target of [node, label]) {
    for (const event of ["pointerenter", "touchstart"]) {
      target.addEventListener(event, () => engine().catch(() => {}), { once: true, passive: true });
    }
  }
}

// ---- The search page -----------------------------------------------------------------------------

// The form as the address has it; returns the query to search exactly as typed (?exact=1, the
// "Search instead for" link), or null.
function fromAddress(form, params) {
  for (const name of [...FILTERS, "sort"]) {
    const select = form.elements[name];
    const wanted = params.get(name);
    // A choice from the URL is shown at once, before the list of choices is loaded.
    if (wanted && ![...select.options].some((o) => o.value === wanted)) select.append(new Option(wanted, wanted));
    if (wanted) select.value = wanted;
  }
  form.elements.q.value = params.get("q") || "";
  return params.get("exact") ? form.elements.q.value.trim() : null;
}

// A filter's choices come from the index when the reader opens it (organisations are a file of
// their own; tags and years are in the manifest every search loads).
function filterChoices(form) {
  const filled = new Set();
  const fill = async (name) => {
    if (filled.has(name)) return;
    filled.add(name);
    const select = form.elements[name];
    try {
      const choices = await (await engine()).choices(name);
      const chosen = select.value;
      select.replaceChildren(select.options[0], ...choices.map((c) =>
        new Option(`${c.value} (${grouped(c.count)})`, c.value)));
      select.value = chosen;
    } catch {
      filled.delete(name);
    }
  };
  for (const name of FILTERS) {
    for (const event of ["focus", "pointerdown"]) form.elements[name].addEventListener(event, () => fill(name));
  }
  return fill;
}

// The search's options from the form, kept in the page's address too.
function formOptions(form, typing, exactly) {
  const query = form.elements.q.value.trim();
  const options = { prefix: typing, sort: form.elements.sort.value, exact: query === exactly };
  const state = new URLSearchParams();
  if (query) state.set("q", query);
  if (options.exact) state.set("exact", "1");
  for (const name of FILTERS) {
    const value = form.elements[name].value;
    if (value) {
      options[name] = value;
      state.set(name, value);
    }
  }
  if (options.sort) state.set("sort", options.sort);
  history.replaceState(null, "", `${location.pathname}${state.toString() ? "?" + state : ""}`);
  return { query, options };
}

// The next PAGE_RESULTS results of the page's current search, appended to its list.
async function showMore(state) {
  const { page: { list, more }, current: { search, found } } = state;
  const ticket = state.latest;
  more.hidden = true; // until this page of results is in
  for (const pending of inOrder(search, found.docs.slice(state.shown, state.shown + PAGE_RESULTS))) {
    const record = await pending;
    if (ticket !== state.latest) return;
    state.shown += 1;
    list.append(resultItem(search, record, found));
  }
  more.hidden = state.shown >= found.count;
}

// Searches as the form says. typing: the query box is being typed in, so its last word may be
// unfinished (a prefix); a query from the address or submitted is taken as written.
async function runPage(state, typing) {
  const { page: { list, meta, more }, form } = state;
  const ticket = ++state.latest;
  const { query, options } = formOptions(form, typing, state.exactly);
  if (!query && !FILTERS.some((name) => options[name])) {
    more.hidden = true;
    return showNothing(list, meta);
  }
  let search, found;
  try {
    search = await engine();
    found = await search.search(form.elements.q.value, options);
  } catch {
    if (ticket !== state.latest) return;
    list.replaceChildren();
    more.hidden = true;
    meta.textContent = LOAD_FAILED;
    return;
  }
  if (ticket !== state.latest) return;
  state.current = { search, found };
  state.shown = 0;
  list.replaceChildren();
  if (found.arxiv && !found.arxiv.found) list.append(notArchived(found.arxiv));
  try {
    await showMore(state);
  } catch {
    if (ticket === state.latest) meta.textContent = LOAD_FAILED;
    return;
  }
  if (ticket === state.latest) showDone(list, meta, found, query);
}

// The page's results: run(typing) searches, moreClicked() shows the next ones.
function pageResults(page, form, exactly) {
  const state = { page, form, exactly, latest: 0, shown: 0, current: null };
  const moreClicked = () => {
    const ticket = state.latest;
    showMore(state).catch(() => {
      if (ticket !== state.latest) return;
      page.meta.textContent = LOAD_FAILED;
      page.more.hidden = false; // to try again
    });
  };
  return { run: (typing) => runPage(state, typing), moreClicked };
}

// The search page: the same results, with filters and sorting kept in its URL.
function mountPage() {
  const node = document.querySelector("[data-dpa-search-page]");
  if (!node || node.dataset.dpaMounted) return;
  node.dataset.dpaMounted = "1";
  const form = node.querySelector("form");
  const page = { list: node.querySelector("[data-dpa-search-results]"), meta: node.querySelector("[data-dpa-search-meta]"),
    more: node.querySelector("[data-dpa-search-more]") };
  const params = new URLSearchParams(location.search);
  const exactly = fromAddress(form, params);
  const fillChoices = filterChoices(form);
  const results = pageResults(page, form, exactly);
  let timer = null;
  form.addEventListener("input", (event) => {
    clearTimeout(timer);
    timer = setTimeout(() => results.run(event.target === form.elements.q), FORM_PAUSE_MS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    results.run(false);
  });
  page.more.addEventListener("click", results.moreClicked);
  arrowKeys(form.elements.q, page.list);
  for (const name of FILTERS) if (params.get(name)) fillChoices(name);
  results.run(false);
}

// On every page: the header box, and the search page's form where there is one.
export function mountSearch(siteRoot) {
  root = siteRoot;
  mountHeader();
  mountPage();
}
