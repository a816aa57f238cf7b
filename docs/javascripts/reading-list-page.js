// /reading-list/: the starred papers, newest first, each with a button to remove it, and buttons to
// export the list (BibTeX, JSON) and to import a JSON export.
import { bibFile, entries } from "./bibtex.js";
import { FORMAT, asObject, clean, load, ordered, save, unstar, watch } from "./reading-list.js";
import { button, download, element, plural, shortDate } from "./util.js";

// A starred date, in the reader's own time zone.
const starredOn = (iso) => {
  const date = new Date(iso);
  return shortDate(date.getFullYear(), date.getMonth() + 1, date.getDate());
};

function exportBibtex(say, root) {
  const exporting = button("Export BibTeX", async () => {
    const papers = load();
    if (!papers.size) return;
    exporting.disabled = true;
    say("Fetching the BibTeX entries…");
    try {
      const found = await entries(ordered(papers), root);
      download("reading-list.bib", "application/x-bibtex", bibFile(found));
      const missing = found.filter((e) => !e.fetched).length;
      say(`Exported ${plural(found.length, "entry", "entries")} to reading-list.bib`
        + (missing ? ` (${missing} made from the list: their page could not be loaded).` : "."));
    } finally {
      exporting.disabled = !load().size;
    }
  });
  return exporting;
}

function exportJson(say) {
  return button("Export JSON", () => {
    const papers = load();
    const data = { format: FORMAT, version: 1, exported: new Date().toISOString(), papers: asObject(papers) };
    download("reading-list.json", "application/json", `${JSON.stringify(data, null, 2)}\n`);
    say(`Exported ${plural(papers.size, "paper", "papers")} to reading-list.json.`);
  });
}

// The import button and its hidden file input.
function importJson(say) {
  const file = document.createElement("input");
  file.type = "file";
  file.accept = ".json,application/json";
  file.hidden = true;
  file.addEventListener("change", async () => {
    const chosen = file.files[0];
    file.value = "";
    if (!chosen) return;
    let found;
    try {
      found = clean(JSON.parse(await chosen.text()));
    } catch {
      say(`${chosen.name} is not a reading list (a JSON file exported here).`);
      return;
    }
    const papers = load();
    const added = [...found.papers.keys()].filter((slug) => !papers.has(slug)).length;
    save(new Map([...found.papers, ...papers])); // merged: a paper already on the list keeps its entry
    say(`Imported ${plural(found.count, "paper", "papers")} from ${chosen.name}: ${added} new.`);
  });
  return [button("Import JSON", () => file.click()), file];
}

// One paper of the list. Removing it draws the list again without it, and focus goes to the next
// paper's button (or the last one's, or `fallback` when none is left).
function paperItem(list, [slug, paper], say, fallback, root) {
  const item = element("li", "dpa-reading-list__paper");
  const link = element("a", "", paper.title);
  link.href = new URL(paper.url, root).href;
  const remove = button("Remove", () => {
    const at = [...list.children].indexOf(item);
    unstar(slug);
    say(`Removed “${paper.title}”.`);
    const removes = list.querySelectorAll("button");
    (removes[Math.min(at, removes.length - 1)] || fallback).focus();
  });
  remove.classList.add("dpa-reading-list__remove");
  remove.setAttribute("aria-label", `Remove “${paper.title}”`);
  item.append(link, element("span", "dpa-reading-list__date", ` starred ${starredOn(paper.starred)} `), remove);
  return item;
}

export function mountReadingList(root) {
  const box = document.querySelector("[data-dpa-reading-list]");
  if (!box || box.dataset.dpaMounted) return;
  box.dataset.dpaMounted = "1";
  const count = element("p", "dpa-reading-list__count");
  const list = element("ol", "dpa-reading-list__papers");
  list.setAttribute("aria-label", "Starred papers");
  const status = element("p", "dpa-reading-list__status");
  status.setAttribute("role", "status");
  const say = (text) => { status.textContent = text; };
  const exports = [exportBibtex(say, root), exportJson(say)];
  const [importButton, file] = importJson(say);
  const tools = element("p", "dpa-reading-list__tools");
  tools.append(exports[0], " ", exports[1], " ", importButton, file);
  box.replaceChildren(count, list, tools, status);
  watch((papers) => {
    const shown = ordered(papers);
    list.replaceChildren(...shown.map((paper) => paperItem(list, paper, say, importButton, root)));
    list.hidden = !shown.length;
    for (const node of exports) node.disabled = !shown.length;
    count.textContent = shown.length
      ? `${plural(shown.length, "starred paper", "starred papers")}, newest first, kept in this browser only.`
      : "No starred papers yet: star a paper (☆) on its page or in any list of papers to keep it here.";
  });
}
