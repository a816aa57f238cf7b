// A paper page's BibTeX entry (pre.dpa-bib): buttons to copy it and to save it as a .bib file that
// reference managers import. The file is made here from the entry on the page: a .bib file per paper
// on the site would add 100,000 files to GitHub Pages' 1 GB. A day's papers have one (days/<day>.bib).
(function () {
  var pre = document.querySelector("pre.dpa-bib");
  if (!pre) return;
  var entry = pre.textContent;
  var key = (/^@\w+\{([^,\s]+),/.exec(entry) || [, "paper"])[1];
  var bar = document.createElement("p");
  var status = document.createElement("span");
  bar.className = "dpa-cite";
  status.setAttribute("role", "status");
  function button(label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "md-button";
    b.textContent = label;
    b.addEventListener("click", action);
    bar.append(b, " ");
  }
  function select() {  // no clipboard (a page served over plain http, or refused): select it for the reader
    getSelection().selectAllChildren(pre);
    status.textContent = "Selected: press Ctrl+C (⌘C) to copy.";
  }
  button("Copy BibTeX", function () {
    if (!navigator.clipboard) return select();
    navigator.clipboard.writeText(entry).then(function () { status.textContent = "Copied."; }, select);
  });
  button("Download .bib", function () {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([entry], { type: "application/x-bibtex" }));
    link.download = key + ".bib";
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 0);
  });
  bar.append(status);
  pre.after(bar);
})();
