// The keyboard, on pages listing papers (day, tag, organisation, top) and a paper's page: j/k move
// between papers, o or Enter opens the focused one, [ and ] go to the previous and next day (or
// period), s stars, ? lists the keys. "/" is search.js's (the header's search box); Material binds
// "s" only with its own search, which the site does not use, so "s" is ours.
import { button, element, isTyping } from "./util.js";

// [key, what it does, on which pages: "list" (papers listed), "nav" (prev/next links), "paper" (a paper's page)]
const KEYS = [
  ["j", "Next paper", "list"],
  ["k", "Previous paper", "list"],
  ["o", "Open the paper (or Enter)", "list"],
  ["s", "Star or unstar the paper", "list paper"],
  ["[", "Previous day (or period)", "nav"],
  ["]", "Next day (or period)", "nav"],
  ["/", "Search", "list nav paper"],
  ["?", "These keys", "list nav paper"],
];
let keysDialog = null;

const cards = () => [...document.querySelectorAll(".dpa-list > article.dpa-paper")];

// The card holding focus (the card itself, or a link or button in it), or -1.
function current(all) {
  const active = document.activeElement;
  return active ? all.findIndex((card) => card.contains(active)) : -1;
}

function focusCard(card) {
  card.tabIndex = -1;
  card.focus({ preventScroll: true });
  card.scrollIntoView({ block: "nearest" });
}

function move(all, step) {
  if (!all.length) return false;
  let at = current(all);
  if (at < 0) {
    // Nothing focused yet: start at the first paper on screen (below the header).
    const header = document.querySelector(".md-header");
    const top = header ? header.getBoundingClientRect().bottom : 0;
    at = all.findIndex((card) => card.getBoundingClientRect().bottom > top);
    if (at < 0) at = all.length - 1;
  } else {
    at = Math.max(0, Math.min(all.length - 1, at + step));
  }
  focusCard(all[at]);
  return true;
}

function showKeys(page) {
  if (!keysDialog) {
    keysDialog = element("dialog", "dpa-keys md-typeset");
    keysDialog.setAttribute("aria-label", "Keyboard shortcuts");
    const table = element("dl");
    for (const [key, what, where] of KEYS) {
      if (!where.split(" ").some((kind) => page[kind])) continue;
      const term = element("dt");
      term.append(element("kbd", "", key));
      table.append(term, element("dd", "", what));
    }
    keysDialog.append(element("h2", "", "Keyboard shortcuts"), table, button("Close", () => keysDialog.close()));
    // A click on the backdrop (outside the dialog's box) closes it too.
    keysDialog.addEventListener("click", (event) => { if (event.target === keysDialog) keysDialog.close(); });
    document.body.append(keysDialog);
  }
  if (!keysDialog.open) keysDialog.showModal(); // Escape closes it, and focus goes back where it was
}

// Clicks what there is to click; whether there was.
const click = (target) => !!target && (target.click(), true);

// What a key does on this page: whether it did anything.
function press(key, page) {
  const { all, paperPage, daynav } = page;
  const at = current(all);
  switch (key) {
    case "j": return move(all, 1);
    case "k": return move(all, -1);
    case "o": return at >= 0 && click(all[at].querySelector("h2.dpa-title a"));
    // Enter on a link or button in the card does what it does; on the card, it opens the paper.
    case "Enter": return at >= 0 && document.activeElement === all[at] && click(all[at].querySelector("h2.dpa-title a"));
    case "s": return click(at >= 0 ? all[at].querySelector("button[data-dpa-star]") : paperPage);
    case "[": return click(daynav && daynav.querySelector("a[rel=prev]"));
    case "]": return click(daynav && daynav.querySelector("a[rel=next]"));
    case "?":
      showKeys({ list: all.length > 0, nav: !!daynav, paper: !!paperPage });
      return true;
    default: return false;
  }
}

function onKey(event) {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
  if (isTyping(event.target) || (keysDialog && keysDialog.open)) return;
  const search = document.getElementById("__search");
  if (search && search.checked) return; // the search dialog is open
  const page = { all: cards(), paperPage: document.querySelector("article.dpa-paper--page button[data-dpa-star]"),
    daynav: document.querySelector("nav.dpa-daynav") };
  if (!page.all.length && !page.paperPage && !page.daynav) return; // not a page these keys are for
  if (press(event.key, page)) {
    event.preventDefault();
    event.stopPropagation(); // Material's own keys (on window) leave a handled key alone
  }
}

// Once per page load: the listener stays on the document as instant navigation swaps pages.
export function listenToKeys() {
  document.addEventListener("keydown", onKey);
}
