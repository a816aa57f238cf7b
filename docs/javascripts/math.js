// Typesets the inline math of abstracts with KaTeX (generator/tex.py marks each piece as
// <span class="dpa-math">\(TeX\)</span>, readable as it is without script). KaTeX is fetched only
// where there is math: paper pages that have some load this file, and abstracts.js loads it when an
// abstract opened on a day or tag page has some. A classic script: window.dpaTypeset is how
// abstracts.js hands it an abstract.
(() => {
  if (window.dpaTypeset) return; // loaded twice: the first copy does the work
  const base = new URL("../vendor/katex/", document.currentScript.src);
  let katex = null;
  function load() {
    if (!katex) {
      katex = new Promise((resolve, reject) => {
        const css = document.createElement("link");
        css.rel = "stylesheet";
        css.href = base + "katex.min.css";
        const js = document.createElement("script");
        js.src = base + "katex.min.js";
        js.onload = () => resolve(window.katex);
        js.onerror = (error) => { katex = null; reject(error); }; // the next abstract opened tries again
        document.head.append(css, js);
      });
    }
    return katex;
  }
  // Typeset aside and put in place only if it worked: katex.render empties the element it is given
  // before it parses, so TeX it cannot read (an author's own macro, an unclosed group) would leave a
  // gap. That TeX shows as the author typed it, between the delimiters, as text.
  function render(k, span) {
    const tex = span.dataset.tex;
    const typeset = document.createElement("span");
    try {
      k.render(tex, typeset, { output: "htmlAndMathml", throwOnError: true, trust: false });
      span.replaceChildren(...typeset.childNodes);
    } catch {
      span.textContent = tex;
    }
  }
  window.dpaTypeset = (root) => {
    const spans = Array.from(root.querySelectorAll(".dpa-math:not([data-tex])"));
    if (!spans.length) return;
    for (const span of spans) span.dataset.tex = span.textContent.slice(2, -2); // inside \( \): taken once
    load().then((k) => { for (const span of spans) render(k, span); });
  };
  window.dpaTypeset(document);
})();
