// What every page runs (mkdocs.yml extra_javascript, as a module): the header's search box and the
// search page, the reading list's stars and page, and the keyboard. Pages load their own scripts for
// the rest (cite.js, abstracts.js, math.js; recommend.js on /reading-list/).
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
});
