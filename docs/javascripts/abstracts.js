// Each paper listed on a day's, tag's or other list page (generator/templates/_macros.md.j2, card)
// gets its abstract, folded, added here: the element alone, on each of a paper's cards, would be
// paid on every list page. The site holds each abstract once, on the paper's own page: a second copy
// on the day pages would cost a large share of GitHub Pages' 1 GB. Pointing at or focusing its control fetches
// that page, so that opening it shows the abstract in place at once.
// A classic script (list pages load it, deferred).
(() => {
  // Math, with KaTeX: math.js, loaded once, typesets what is on the page when it runs.
  const math = new URL("math.js", document.currentScript.src).href;
  function typeset(node) {
    if (window.dpaTypeset) return window.dpaTypeset(node);
    if (document.querySelector(`script[src="${math}"]`)) return; // loading: it will see this one too
    const script = document.createElement("script");
    script.src = math;
    document.head.append(script);
  }

  // The abstract from the paper's page, into the <p> of its <details>.
  async function fetchAbstract(text, href) {
    const response = await fetch(href);
    if (!response.ok) throw new Error(response.status);
    const html = await response.text();
    const abstract = new DOMParser().parseFromString(html, "text/html").querySelector(".dpa-abstract");
    if (!abstract) throw new Error("no abstract");
    // The site's own markup (a parsed document's scripts never run), so links and math come along.
    text.replaceChildren(...Array.from(abstract.childNodes, (n) => document.importNode(n, true)));
  }

  // Fetched when the pointer or focus comes to its control, so that it is there when the reader opens it;
  // said to be loading, or not to have loaded, only once it is open.
  function load(details, opened) {
    const text = details.querySelector("p");
    const link = details.closest("article").querySelector("h2 a");
    if (opened && details.dataset.state !== "loaded") {
      text.setAttribute("aria-live", "polite");
      text.textContent = "Loading the abstract…";
    }
    if (details.dataset.state) return; // loaded, or on its way
    details.dataset.state = "loading";
    fetchAbstract(text, link.href).then(() => {
      details.dataset.state = "loaded";
      if (text.querySelector(".dpa-math")) typeset(text);
    }).catch(() => {
      delete details.dataset.state; // opening it again tries again
      if (!details.open) return text.replaceChildren();
      const page = document.createElement("a");
      page.href = link.href;
      page.textContent = "the paper's page";
      text.replaceChildren("The abstract could not be loaded: it is on ", page, ".");
    });
  }

  document.addEventListener("toggle", (event) => {
    const details = event.target;
    if (details instanceof HTMLDetailsElement && details.open && details.hasAttribute("data-dpa-abstract")) load(details, true);
  }, true); // toggle does not bubble: listen as it comes down
  const prefetch = (event) => {
    const summary = event.target instanceof Element && event.target.closest("details[data-dpa-abstract] > summary");
    if (summary) load(summary.parentElement, false);
  };
  document.addEventListener("pointerover", prefetch);
  document.addEventListener("focusin", prefetch);
  for (const card of document.querySelectorAll(".dpa-list > article.dpa-paper")) {
    const details = document.createElement("details");
    details.setAttribute("data-dpa-abstract", "");
    const summary = document.createElement("summary");
    summary.textContent = "Abstract";
    details.append(summary, document.createElement("p"));
    card.append(details);
  }
})();
