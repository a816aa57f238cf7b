// Search for Daily Papers Archive: Pagefind, shown in Material's header box and on /search/.
// Everything from the index is put on the page as text (textContent); Pagefind's excerpt is
// rebuilt from its text and <mark> elements only, so no indexed title or abstract can inject markup.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("__config").textContent);
  const root = new URL(config.base.replace(/\/?$/, "/"), location.href);
  const HEADER_RESULTS = 8;
  const PAGE_RESULTS = 20;
  const TYPING_PAUSE_MS = 60; // the header box searches once typing pauses this long
  const FORM_PAUSE_MS = 120; // the search page's query box and filters, likewise
  const OPTIONS = { baseUrl: root.pathname, excerptLength: 30 };
  const LOAD_FAILED = "Search could not load; type again to retry";
  let pagefindLoading = null;
  let attempts = 0;
  let bundles = [];

  // The index is several Pagefind bundles (see generator/search.py), listed in
  // pagefind/bundles.json: the first is loaded and the others merged into it, so one search
  // covers them all and the search engine itself is fetched once. A load that fails (the network,
  // a server error) is forgotten, so that the next call tries again instead of failing for good.
  function pagefind() {
    if (!pagefindLoading) {
      // Some browsers remember a module that failed to load for the page's life: a retry asks by another URL.
      const retry = attempts++ ? `?retry=${attempts}` : "";
      const loading = fetch(new URL("pagefind/bundles.json", root))
        .then((r) => {
          if (!r.ok) throw new Error(`pagefind/bundles.json: HTTP ${r.status}`);
          return r.json();
        }).then(async (manifest) => {
          bundles = Object.keys(manifest);
          const pf = await import(new URL(`pagefind/${bundles[0]}/pagefind.js${retry}`, root).href);
          await pf.options(OPTIONS);
          pf.init();
          await Promise.all(bundles.slice(1).map((name) =>
            pf.mergeIndex(new URL(`pagefind/${name}/`, root).pathname, OPTIONS)));
          return pf;
        });
      loading.catch(() => {
        if (pagefindLoading === loading) pagefindLoading = null;
      });
      pagefindLoading = loading;
    }
    return pagefindLoading;
  }

  // Pagefind orders merged results by relevance only, so a sorted search asks each bundle alone
  // (its bundle filter) and merges their sorted lists, loading a result only when it is next in line.
  // Returns {count, take(n)}: take resolves to the data of the next n results in order.
  async function sortedSearch(pf, query, filters, sortBy) {
    if (!sortBy) {
      const search = await pf.search(query, { filters });
      return listSource(search.results);
    }
    const sort = sortBy === "newest" ? { date: "desc" } : { upvotes: "desc" };
    const key = sortBy === "newest" ? (data) => data.meta.day || "" : (data) => Number(data.meta.upvotes || 0);
    const lists = (await Promise.all(bundles.map((name) =>
      pf.search(query, { filters: { ...filters, bundle: [name] }, sort })))).map((search) => search.results);
    if (lists.length === 1) return listSource(lists[0]);
    const heads = lists.map(() => null);
    return {
      count: lists.reduce((sum, list) => sum + list.length, 0),
      async take(n) {
        const out = [];
        while (out.length < n) {
          await Promise.all(lists.map(async (list, i) => {
            if (!heads[i] && list.length) heads[i] = await list.shift().data();
          }));
          let best = -1;
          heads.forEach((head, i) => {
            if (head && (best < 0 || key(head) > key(heads[best]))) best = i;
          });
          if (best < 0) break;
          out.push(heads[best]);
          heads[best] = null;
        }
        return out;
      },
    };
  }

  function listSource(results) {
    let next = 0;
    return {
      count: results.length,
      take(n) {
        const slice = results.slice(next, next + n);
        next += slice.length;
        return Promise.all(slice.map((r) => r.data()));
      },
    };
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The query's words, marked in a title: built as DOM nodes, never as HTML.
  function highlighted(text, query) {
    const fragment = document.createDocumentFragment();
    const words = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1);
    if (!words.length) {
      fragment.append(text);
      return fragment;
    }
    const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const pattern = new RegExp(`(${escaped.join("|")})`, "giu");
    text.split(pattern).forEach((part, i) => {
      fragment.append(i % 2 ? element("mark", "", part) : part);
    });
    return fragment;
  }

  // Pagefind's excerpt, keeping only its text and <mark> elements.
  function excerpt(html) {
    const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
    const out = document.createDocumentFragment();
    parsed.body.firstChild.childNodes.forEach((node) => {
      out.append(node.nodeName === "MARK" ? element("mark", "", node.textContent) : node.textContent);
    });
    return out;
  }

  function formatDay(iso) {
    const [y, m, d] = iso.split("-").map(Number);
    return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("en-GB",
      { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  }

  function resultItem(data, query) {
    const item = element("li", "md-search-result__item");
    const link = element("a", "md-search-result__link");
    link.href = data.url;
    const article = element("article", "md-search-result__article md-typeset dpa-result");
    const title = element("h1", "dpa-result__title");
    title.append(highlighted(data.meta.title || data.url, query));
    const votes = Number(data.meta.upvotes || 0);
    const meta = [data.meta.day && `Featured ${formatDay(data.meta.day)}`, data.meta.organization, data.meta.tags,
      votes && `${votes.toLocaleString("en")} upvote${votes === 1 ? "" : "s"}`].filter(Boolean).join(" · ");
    const snippet = element("p", "dpa-result__excerpt");
    snippet.append(excerpt(data.excerpt || ""));
    article.append(title, element("p", "dpa-result__meta", meta), snippet);
    link.append(article);
    item.append(link);
    return item;
  }

  function showCount(node, count, query) {
    node.textContent = !query && count === null ? "Type to start searching"
      : count === 0 ? "No matching papers"
      : `${count} matching paper${count === 1 ? "" : "s"}`;
  }

  // Material's search dialog, made here rather than carried by every page (overrides/partials/dpa-search.html).
  // A constant: nothing from the index goes into this markup.
  function fillDialog(box) {
    const sprite = new URL("assets/images/dpa-icons.svg", root).pathname;
    const icon = (name) => `<svg viewBox="0 0 24 24" aria-hidden="true"><use href="${sprite}#${name}"/></svg>`;
    box.innerHTML = `<label class="md-search__overlay" for="__search"></label>
<div class="md-search__inner" role="search">
<form class="md-search__form" name="search" action="${new URL("search/", root).pathname}" method="get">
<input type="text" class="md-search__input" name="q" aria-label="Search" placeholder="Search" autocapitalize="off" autocorrect="off" autocomplete="off" spellcheck="false">
<label class="md-search__icon md-icon" for="__search">${icon("magnify")}${icon("arrow-left")}</label>
<nav class="md-search__options" aria-label="Search"><button type="reset" class="md-search__icon md-icon" title="Clear" aria-label="Clear" tabindex="-1">${icon("close")}</button></nav>
</form>
<div class="md-search__output"><div class="md-search__scrollwrap" tabindex="0"><div class="md-search-result">
<div class="md-search-result__meta">Type to start searching</div>
<ol class="md-search-result__list" role="presentation"></ol>
</div></div></div>
</div>`;
  }

  // The header box: results as the reader types, in Material's search dropdown.
  function mountHeader() {
    const box = document.querySelector("[data-dpa-search]");
    if (!box || box.dataset.dpaMounted) return;
    box.dataset.dpaMounted = "1";
    fillDialog(box);
    const input = box.querySelector(".md-search__input");
    const toggle = document.getElementById("__search");
    const list = box.querySelector(".md-search-result__list");
    const meta = box.querySelector(".md-search-result__meta");
    let latest = 0;

    input.addEventListener("focus", () => {
      toggle.checked = true;
      pagefind();
    });
    toggle.addEventListener("change", () => {
      if (toggle.checked) input.focus(); else input.blur();
    });
    input.form.addEventListener("reset", () => {
      list.replaceChildren();
      showCount(meta, null, "");
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        toggle.checked = false;
        input.blur();
      }
    });
    input.addEventListener("input", async () => {
      const query = input.value.trim();
      const ticket = ++latest;
      if (!query) {
        list.replaceChildren();
        showCount(meta, null, "");
        return;
      }
      let pf;
      try {
        pf = await pagefind();
      } catch (error) {
        if (ticket !== latest) return;
        list.replaceChildren();
        meta.textContent = LOAD_FAILED;
        return;
      }
      pf.preload(query); // fetch the index chunks while the debounce waits for the next keystroke
      const search = await pf.debouncedSearch(query, {}, TYPING_PAUSE_MS);
      if (search === null || ticket !== latest) return; // a newer keystroke superseded this one
      // The first result goes on screen as soon as it is loaded; the rest follow in order.
      const loading = search.results.slice(0, HEADER_RESULTS).map((r) => r.data());
      const items = [];
      for (const pending of loading) {
        const data = await pending;
        if (ticket !== latest) return;
        items.push(resultItem(data, query));
        if (items.length === 1) list.replaceChildren(items[0]); else list.append(items[items.length - 1]);
      }
      if (!items.length) list.replaceChildren();
      if (search.results.length > HEADER_RESULTS) {
        const more = element("li", "md-search-result__item dpa-result__more");
        const link = element("a", "md-search-result__link", `All ${search.results.length} results →`);
        link.href = new URL(`search/?q=${encodeURIComponent(query)}`, root).href;
        more.append(link);
        list.append(more);
      }
      showCount(meta, search.results.length, query);
    });
    // Load the search engine as soon as the reader heads for the box, not on every page view.
    for (const event of ["pointerenter", "touchstart"]) {
      box.addEventListener(event, pagefind, { once: true, passive: true });
    }
    document.addEventListener("keydown", (event) => {
      const target = event.target;
      const typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        pagefind();
        input.focus();
      }
    });
  }

  // The search page: the same results, with filters and sorting kept in its URL.
  async function mountPage() {
    const page = document.querySelector("[data-dpa-search-page]");
    if (!page || page.dataset.dpaMounted) return;
    page.dataset.dpaMounted = "1";
    const form = page.querySelector("form");
    const list = page.querySelector("[data-dpa-search-results]");
    const meta = page.querySelector("[data-dpa-search-meta]");
    const more = page.querySelector("[data-dpa-search-more]");
    const params = new URLSearchParams(location.search);
    for (const name of ["q", "tag", "year", "organization", "sort"]) {
      if (params.has(name)) form.elements[name].dataset.wanted = params.get(name);
    }
    form.elements.q.value = params.get("q") || "";

    // The search engine, with the filters' choices filled in from its index: loaded once, or
    // again by the next search after a load that failed.
    let loaded = null;
    function ready() {
      if (!loaded) {
        const loading = pagefind().then(async (pf) => {
          const filters = await pf.filters();
          for (const name of ["tag", "year", "organization"]) {
            const select = form.elements[name];
            const values = Object.keys(filters[name] || {}).sort((a, b) =>
              name === "year" ? b.localeCompare(a) : a.localeCompare(b));
            for (const value of values) {
              select.append(new Option(`${value} (${filters[name][value]})`, value));
            }
          }
          for (const select of form.querySelectorAll("select")) {
            if (select.dataset.wanted) select.value = select.dataset.wanted;
          }
          return pf;
        });
        loading.catch(() => {
          if (loaded === loading) loaded = null;
        });
        loaded = loading;
      }
      return loaded;
    }

    let latest = 0;
    let shown = 0;
    let results = listSource([]);
    async function showMore(query) {
      const ticket = latest;
      const next = await results.take(PAGE_RESULTS);
      if (ticket !== latest) return;
      shown += next.length;
      list.append(...next.map((data) => resultItem(data, query)));
      more.hidden = shown >= results.count;
    }
    async function run() {
      const ticket = ++latest;
      let pf;
      try {
        pf = await ready();
      } catch (error) {
        if (ticket !== latest) return;
        list.replaceChildren();
        more.hidden = true;
        meta.textContent = LOAD_FAILED;
        return;
      }
      if (ticket !== latest) return;
      const query = form.elements.q.value.trim();
      const chosen = {};
      const state = new URLSearchParams();
      if (query) state.set("q", query);
      for (const name of ["tag", "year", "organization"]) {
        const value = form.elements[name].value;
        if (value) {
          chosen[name] = [value];
          state.set(name, value);
        }
      }
      const sortBy = form.elements.sort.value;
      if (sortBy) state.set("sort", sortBy);
      history.replaceState(null, "", `${location.pathname}${state.toString() ? "?" + state : ""}`);
      if (!query && !Object.keys(chosen).length) {
        list.replaceChildren();
        more.hidden = true;
        showCount(meta, null, "");
        return;
      }
      const found = await sortedSearch(pf, query || null, chosen, sortBy);
      if (ticket !== latest) return;
      results = found;
      shown = 0;
      list.replaceChildren();
      await showMore(query);
      if (ticket === latest) showCount(meta, results.count, query || "filters");
    }
    let timer = null;
    form.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(run, FORM_PAUSE_MS);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      run();
    });
    more.addEventListener("click", () => showMore(form.elements.q.value.trim()));
    run();
  }

  function mount() {
    mountHeader();
    mountPage();
  }
  // With Material's instant navigation, pages are swapped in without a reload: mount again.
  if (window.document$) window.document$.subscribe(mount); else mount();
})();
