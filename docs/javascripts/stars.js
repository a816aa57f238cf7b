// The reading list on every page: a star on each paper's card and on a paper's own page, and the
// count in the "Reading list" tab. Titles go on pages as text, never as HTML.
import { load, toggle, watch } from "./reading-list.js";
import { slugOf } from "./util.js";

const SVG = "http://www.w3.org/2000/svg";
const LIST_PAGE = "reading-list/"; // docs/reading-list.md
// Material Design Icons' star and star-outline (Apache 2.0), as Material's own icons.
const STAR = "M12 17.27 18.18 21l-1.64-7.03L22 9.24l-7.19-.62L12 2 9.19 8.62 2 9.24l5.45 4.73L5.82 21z";
const STAR_OUTLINE = "m12 15.39-3.76 2.27.99-4.28-3.32-2.88 4.38-.37L12 6.09l1.71 4.04 4.38.37-3.32 2.88.99 4.28M22 "
  + "9.24l-7.19-.61L12 2 9.19 8.63 2 9.24l5.45 4.73L5.82 21 12 17.27 18.18 21l-1.64-7.03z";
let watching = false;

function icon() {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.append(document.createElementNS(SVG, "path"));
  return svg;
}

// The accessible name stays "Star" and aria-pressed tells whether it is (a toggle button whose name
// changed with its state would read "Unstar, pressed"); the tooltip says what a click will do.
function showStar(button, starred) {
  button.setAttribute("aria-pressed", String(starred));
  button.title = starred ? "Unstar: remove from your reading list" : "Star: keep in your reading list";
  button.querySelector("path").setAttribute("d", starred ? STAR : STAR_OUTLINE);
}

function starButton(slug, title) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "dpa-star";
  button.dataset.dpaStar = slug;
  button.setAttribute("aria-label", "Star");
  button.append(icon());
  button.addEventListener("click", () => toggle(slug, title));
  return button;
}

// A star on each card (after its title: read with the paper it belongs to) and on a paper's page.
function addStars(root) {
  for (const card of document.querySelectorAll(".dpa-list > article.dpa-paper")) {
    const link = card.querySelector("h2.dpa-title a");
    const slug = link && slugOf(link.href, location.href, root);
    if (!slug || card.querySelector(".dpa-star")) continue;
    link.parentElement.after(starButton(slug, link.textContent.trim()));
  }
  const page = document.querySelector("article.dpa-paper--page");
  const heading = page && page.querySelector("h1");
  const slug = heading && slugOf(location.href, location.href, root);
  if (slug && !page.querySelector(".dpa-star")) heading.after(starButton(slug, heading.textContent.trim()));
}

// Every star and the tab shown as stored. The tab is in every page's nav (mkdocs.yml,
// overrides/main.html): this adds the count to its name.
function show(papers, root) {
  for (const button of document.querySelectorAll("button[data-dpa-star]")) showStar(button, papers.has(button.dataset.dpaStar));
  const listUrl = new URL(LIST_PAGE, root).href;
  for (const link of document.querySelectorAll(".md-tabs__list a")) {
    if (link.href === listUrl) link.textContent = papers.size ? `Reading list (${papers.size})` : "Reading list";
  }
}

export function mountStars(root) {
  addStars(root);
  if (watching) {
    show(load(), root);
  } else {
    watching = true;
    watch((papers) => show(papers, root));
  }
}
