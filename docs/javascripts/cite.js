// A paper page's BibTeX entry (pre.dpa-bib): buttons to copy it and to save it as a .bib file that
// reference managers import. The file is made here from the entry on the page: a .bib file per paper
// on the site would add 100,000 files to GitHub Pages' 1 GB (a day's is made from its JSON: day-bib.js).
// A classic script (the paper's page loads it, deferred): it imports what it shares with the rest.
(async () => {
  const pre = document.querySelector("pre.dpa-bib");
  if (!pre) return;
  const { button, download } = await import("./util.js");
  const entry = pre.textContent;
  const key = (/^@\w+\{([^,\s]+),/.exec(entry) || [null, "paper"])[1];
  const bar = document.createElement("p");
  bar.className = "dpa-cite";
  const status = document.createElement("span");
  status.setAttribute("role", "status");
  const select = () => { // no clipboard (a page served over plain http, or refused): select it for the reader
    getSelection().selectAllChildren(pre);
    status.textContent = "Selected: press Ctrl+C (⌘C) to copy.";
  };
  const copy = button("Copy BibTeX", () => {
    if (!navigator.clipboard) return select();
    navigator.clipboard.writeText(entry).then(() => { status.textContent = "Copied."; }, select);
  });
  const save = button("Download .bib", () => download(`${key}.bib`, "application/x-bibtex", entry));
  bar.append(copy, " ", save, " ", status);
  pre.after(bar);
})();
