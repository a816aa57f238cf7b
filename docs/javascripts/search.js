// Search for Daily Papers Archive, in Material's header box and on /search/: the page side.
// The engine (search-engine.js) and lunr.js are fetched only once a reader heads for the box.
// Everything from the index goes on the page as text (textContent, <mark> elements we make), so
// no indexed title or abstract can inject markup.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("__config").textContent);
  const root = new URL(config.base.replace(/\/?$/, "/"), location.href);
  const INDEX = new URL("search-index/", root); // generator/urls.py SEARCH_INDEX
  const HEADER_RESULTS = 8;
  const PAGE_RESULTS = 20;
  const TYPING_PAUSE_MS = 30; // the header box searches once typing pauses this long
  const FORM_PAUSE_MS = 120; // the search page's query box and filters, likewise
  const LOAD_FAILED = "Search could not load; type again to retry";
  let engineLoading = null;

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

  // fresh: asked of the server every time (the index's manifest), not taken from the HTTP cache.
  // The index stores its files gzipped (generator/search/index.py `stored`), served as they are:
  // inflated here, unless a server already did (then the body no longer starts with gzip's magic).
  async function json(url, fresh) {
    const response = await fetch(url, fresh ? { cache: "no-cache" } : {});
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const body = await response.blob();
    const magic = new Uint8Array(await body.slice(0, 2).arrayBuffer());
    if (magic[0] !== 0x1f || magic[1] !== 0x8b) return JSON.parse(await body.text());
    return new Response(body.stream().pipeThrough(new DecompressionStream("gzip"))).json();
  }

  // lunr.js and the engine, loaded side by side with the index's manifest. A load that fails (the
  // network, a server error) is forgotten, so that the next call tries again instead of failing for good.
  function engine() {
    if (!engineLoading) {
      const loading = Promise.all([
        window.lunr || script(new URL("lunr.js", INDEX).href),
        window.DPASearch || script(new URL("javascripts/search-engine.js", root).href),
      ]).then(async () => {
        const found = window.DPASearch.open(INDEX.href, window.lunr, json);
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

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

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
    const [y, m, d] = iso.split("-").map(Number);
    return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("en-GB",
      { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
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
      votes && `${votes.toLocaleString("en")} upvote${votes === 1 ? "" : "s"}`].filter(Boolean).join(" · ");
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
    link.href = new URL(`search/?q=${encodeURIComponent(query)}&exact=1`, root).href;
    line.replaceChildren("Showing results for ", element("em", "", found.corrected), ". Search instead for ", link);
  }

  function showCount(node, found, query) {
    node.textContent = !found ? "Type to start searching"
      : found.count ? `${found.count.toLocaleString("en")} matching paper${found.count === 1 ? "" : "s"}`
        : query ? `No papers match “${query}”` : "No papers match these filters";
  }

  // Material's search dialog, made here rather than carried by every page (the header of overrides/main.html).
  // A constant: nothing from the index goes into this markup.
  function fillDialog(box) {
    const sprite = new URL("assets/images/dpa-icons.svg", root).pathname;
    const icon = (name) => `<svg viewBox="0 0 24 24" aria-hidden="true"><use href="${sprite}#${name}"/></svg>`;
    box.innerHTML = `<label class="md-search__overlay" for="__search" aria-hidden="true"></label>
<div class="md-search__inner" role="search" aria-label="Quick search">
<form class="md-search__form" name="search" action="${new URL("search/", root).pathname}" method="get">
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

  // Up and down arrows move between the box and the results' links.
  function arrowKeys(input, list) {
    const links = () => [input, ...list.querySelectorAll("a")];
    const move = (event) => {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      const all = links();
      const at = all.indexOf(document.activeElement);
      if (at < 0 || all.length < 2) return;
      event.preventDefault();
      all[Math.max(0, Math.min(all.length - 1, at + (event.key === "ArrowDown" ? 1 : -1)))].focus();
    };
    input.addEventListener("keydown", move);
    list.addEventListener("keydown", move);
  }

  // The header box: results as the reader types, in Material's search dropdown.
  function mountHeader() {
    const label = document.querySelector("label.md-header__button[for=__search]");
    if (!label || document.querySelector(".dpa-search")) return;
    const box = element("div", "md-search dpa-search");
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", "Search");
    label.after(box);
    fillDialog(box);
    const input = box.querySelector(".md-search__input");
    const toggle = document.getElementById("__search");
    const list = box.querySelector(".md-search-result__list");
    const meta = box.querySelector(".md-search-result__meta");
    let latest = 0;
    let timer = null;
    let returnTo = null; // where focus was before the box opened: Escape takes it back there

    function open() {
      if (!toggle.checked && document.activeElement !== input) returnTo = document.activeElement;
      toggle.checked = true;
      engine().catch(() => {});
    }
    function close(restore) {
      toggle.checked = false;
      if (restore && returnTo && returnTo !== document.body && document.contains(returnTo)) returnTo.focus();
      else if (box.contains(document.activeElement)) document.activeElement.blur();
      returnTo = null;
    }
    input.addEventListener("focus", open);
    toggle.addEventListener("change", () => {
      if (toggle.checked) input.focus(); else close(false);
    });
    input.form.addEventListener("reset", () => {
      clearTimeout(timer);
      latest++; // a search still on its way must not fill the list again
      list.replaceChildren();
      showCount(meta, null, "");
      showCorrected(list, null, "");
    });
    box.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        close(true);
      }
    });
    // Tab out of the dialog (or a click elsewhere) closes it and its overlay.
    box.addEventListener("focusout", (event) => {
      if (toggle.checked && event.relatedTarget && !box.contains(event.relatedTarget)) close(false);
    });
    arrowKeys(input, list);

    async function run() {
      const query = input.value.trim();
      const ticket = ++latest;
      if (!query) {
        list.replaceChildren();
        showCount(meta, null, "");
        showCorrected(list, null, "");
        return;
      }
      let search, found;
      try {
        search = await engine();
        found = await search.search(input.value, { prefix: true });
      } catch (error) {
        failed(ticket);
        return;
      }
      if (ticket !== latest) return; // a newer keystroke superseded this one
      const items = [];
      if (found.arxiv && !found.arxiv.found) items.push(notArchived(found.arxiv));
      // Each result goes on screen as soon as its record and those before it are in.
      for (const pending of inOrder(search, found.docs.slice(0, HEADER_RESULTS))) {
        let record;
        try {
          record = await pending;
        } catch (error) {
          failed(ticket);
          return;
        }
        if (ticket !== latest) return;
        items.push(resultItem(search, record, found));
        if (items.length === 1) list.replaceChildren(items[0]); else list.append(items[items.length - 1]);
      }
      if (found.count > HEADER_RESULTS) {
        const more = element("li", "md-search-result__item dpa-result__more");
        const link = element("a", "md-search-result__link", `All ${found.count.toLocaleString("en")} results →`);
        link.href = new URL(`search/?q=${encodeURIComponent(query)}`, root).href;
        more.append(link);
        items.push(more);
      }
      list.replaceChildren(...items);
      showCorrected(list, found, query);
      list.dataset.query = query; // which query the list answers (results arrive while the reader types)
      showCount(meta, found, query);
    }
    function failed(ticket) {
      if (ticket !== latest) return;
      list.replaceChildren();
      meta.textContent = LOAD_FAILED;
    }
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(run, TYPING_PAUSE_MS);
    });
    // Load the search engine as soon as the reader heads for the box, not on every page view.
    for (const target of [box, label]) {
      for (const event of ["pointerenter", "touchstart"]) {
        target.addEventListener(event, () => engine().catch(() => {}), { once: true, passive: true });
      }
    }
    document.addEventListener("keydown", (event) => {
      const target = event.target;
      const typing = target.isContentEditable || /^(TEXTAREA|SELECT)$/.test(target.tagName)
        || (target.tagName === "INPUT" && !/^(checkbox|radio|button|submit|reset)$/.test(target.type));
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        if (!box.contains(target)) returnTo = target;
        open();
        input.focus();
      }
    });
  }

  // The search page: the same results, with filters and sorting kept in its URL.
  function mountPage() {
    const page = document.querySelector("[data-dpa-search-page]");
    if (!page || page.dataset.dpaMounted) return;
    page.dataset.dpaMounted = "1";
    const form = page.querySelector("form");
    const list = page.querySelector("[data-dpa-search-results]");
    const meta = page.querySelector("[data-dpa-search-meta]");
    const more = page.querySelector("[data-dpa-search-more]");
    const params = new URLSearchParams(location.search);
    const FILTERS = ["tag", "year", "organization"];
    for (const name of [...FILTERS, "sort"]) {
      const select = form.elements[name];
      const wanted = params.get(name);
      // A choice from the URL is shown at once, before the list of choices is loaded.
      if (wanted && ![...select.options].some((o) => o.value === wanted)) select.append(new Option(wanted, wanted));
      if (wanted) select.value = wanted;
    }
    form.elements.q.value = params.get("q") || "";
    // ?exact=1 (the "Search instead for" link): this query as typed, no word corrected.
    const exactly = params.get("exact") ? form.elements.q.value.trim() : null;

    // A filter's choices come from the index when the reader opens it (organisations are a file
    // of their own; tags and years are in the manifest every search loads).
    const filled = new Set();
    async function fillChoices(name) {
      if (filled.has(name)) return;
      filled.add(name);
      const select = form.elements[name];
      try {
        const choices = await (await engine()).choices(name);
        const chosen = select.value;
        select.replaceChildren(select.options[0], ...choices.map((c) =>
          new Option(`${c.value} (${c.count.toLocaleString("en")})`, c.value)));
        select.value = chosen;
      } catch (error) {
        filled.delete(name);
      }
    }
    for (const name of FILTERS) {
      for (const event of ["focus", "pointerdown"]) form.elements[name].addEventListener(event, () => fillChoices(name));
    }

    let latest = 0;
    let shown = 0;
    let current = null; // {search, found, query}
    async function showMore() {
      const ticket = latest;
      const { search, found } = current;
      more.hidden = true; // until this page of results is in
      for (const pending of inOrder(search, found.docs.slice(shown, shown + PAGE_RESULTS))) {
        const record = await pending;
        if (ticket !== latest) return;
        shown += 1;
        list.append(resultItem(search, record, found));
      }
      more.hidden = shown >= found.count;
    }
    // typing: the query box is being typed in, so its last word may be unfinished (a prefix); a
    // query from the address or submitted is taken as written.
    async function run(typing) {
      const ticket = ++latest;
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
      if (!query && !FILTERS.some((name) => options[name])) {
        list.replaceChildren();
        more.hidden = true;
        showCount(meta, null, "");
        showCorrected(list, null, "");
        return;
      }
      let search, found;
      try {
        search = await engine();
        found = await search.search(form.elements.q.value, options);
      } catch (error) {
        if (ticket !== latest) return;
        list.replaceChildren();
        more.hidden = true;
        meta.textContent = LOAD_FAILED;
        return;
      }
      if (ticket !== latest) return;
      current = { search, found };
      shown = 0;
      list.replaceChildren();
      if (found.arxiv && !found.arxiv.found) list.append(notArchived(found.arxiv));
      try {
        await showMore();
      } catch (error) {
        if (ticket === latest) meta.textContent = LOAD_FAILED;
        return;
      }
      if (ticket !== latest) return;
      showCorrected(list, found, query);
      list.dataset.query = query; // which query the list answers (results arrive while the reader types)
      showCount(meta, found, query);
    }
    let timer = null;
    form.addEventListener("input", (event) => {
      clearTimeout(timer);
      timer = setTimeout(() => run(event.target === form.elements.q), FORM_PAUSE_MS);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearTimeout(timer);
      run(false);
    });
    more.addEventListener("click", () => {
      const ticket = latest;
      showMore().catch(() => {
        if (ticket !== latest) return;
        meta.textContent = LOAD_FAILED;
        more.hidden = false; // to try again
      });
    });
    arrowKeys(form.elements.q, list);
    for (const name of FILTERS) if (params.get(name)) fillChoices(name);
    run(false);
  }

  function mount() {
    mountHeader();
    mountPage();
  }
  // With Material's instant navigation, pages are swapped in without a reload: mount again.
  if (window.document$) window.document$.subscribe(mount); else mount();
})();
