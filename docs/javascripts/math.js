// Typesets the inline math of abstracts with KaTeX (generator/tex.py marks each piece as
// <span class="dpa-math">\(TeX\)</span>, readable as it is without script). KaTeX is fetched only
// where there is math: paper pages that have some load this file, and abstracts.js loads it when an
// abstract opened on a day or tag page has some.
(function () {
  if (window.dpaTypeset) return;  // loaded twice: the first copy does the work
  var base = new URL("../vendor/katex/", document.currentScript.src);
  var katex;
  function load() {
    if (!katex) katex = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = base + "katex.min.css";
      var js = document.createElement("script");
      js.src = base + "katex.min.js";
      js.onload = function () { resolve(window.katex); };
      js.onerror = function (error) { katex = null; reject(error); };  // the next abstract opened tries again
      document.head.append(css, js);
    });
    return katex;
  }
  window.dpaTypeset = function (root) {
    var spans = Array.from(root.querySelectorAll(".dpa-math:not([data-tex])"));
    if (!spans.length) return;
    spans.forEach(function (span) { span.dataset.tex = span.textContent.slice(2, -2); });  // inside \( \): taken once
    load().then(function (k) {
      spans.forEach(function (span) {
        var tex = span.dataset.tex;
        // Typeset aside and put in place only if it worked: katex.render empties the element it is
        // given before it parses, so TeX it cannot read (an author's own macro, an unclosed group)
        // would leave a gap. That TeX shows as the author typed it, between the delimiters, as text.
        var typeset = document.createElement("span");
        try {
          k.render(tex, typeset, { output: "htmlAndMathml", throwOnError: true, trust: false });
          span.replaceChildren.apply(span, Array.from(typeset.childNodes));
        } catch (error) {
          span.textContent = tex;
        }
      });
    });
  };
  window.dpaTypeset(document);
})();
