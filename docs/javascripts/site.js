// What every page runs (mkdocs.yml extra_javascript, as a module): the header's search box and the
// search page, the reading list's stars and page, the keyboard, and a day page's BibTeX (day-bib.js,
// loaded there alone). Pages load their own scripts for the rest (cite.js, abstracts.js, math.js;
// recommend.js on /reading-list/; the 404 page day-bib.js for a day's old addresses).
import { listenToKeys } from "./keyboard.js";
import { mountReadingList } from "./reading-list-page.js";
import { mountSearch } from "./search.js";
import { mountStars } from "./stars.js";
import { onEveryPage, siteRoot } from "./util.js";

listenToKeys();
onEveryPage(() => {
  const root = siteRoot();
  mountSearch(root);
  mountStars(root);
  mountReadingList(root);
  if (document.querySelector("[data-dpa-day-bib]")) import("./day-bib.js").then((m) => m.mountDayBib(root));
});
