// A day's papers as BibTeX, made in the browser from the day's JSON copy (api/days/<day>.json.gz) as
// generator/bibtex.py makes it: a .bib file per day on the site would cost its bytes again. The day
// page's control downloads it; the 404 page, reached at a day's addresses whose files are no more
// (days/<day>.bib, api/days/<day>.json), shows it, or leads to the gzipped JSON.
import { dayBib } from "./bibtex.js";
import { DAY, DAY_BIB, DAY_JSON, OLD_DAY_JSON } from "./constants.js";
import { button, download, element, fetchJson } from "./util.js";

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const address = ([before, after], day) => before + day + after;

// The day in a path below the site's root that this address rule makes, or null.
function dayIn([before, after], path) {
  if (!path.startsWith(before) || !path.endsWith(after)) return null;
  const day = path.slice(before.length, path.length - after.length);
  return ISO_DAY.test(day) ? day : null;
}

const link = (href, text) => Object.assign(element("a", "", text), { href });
const bibOf = async (day, root) => dayBib(await fetchJson(new URL(address(DAY_JSON, day), root)));
const save = (day, text) => download(`${day}.bib`, "application/x-bibtex", text);

// The day page: a button after its JSON link (a[data-dpa-day-bib]).
export function mountDayBib(root) {
  const json = document.querySelector("a[data-dpa-day-bib]");
  const day = json && dayIn(DAY_JSON, new URL(json.href).pathname.slice(root.pathname.length));
  if (!day) return;
  const status = element("span");
  status.setAttribute("role", "status");
  const control = button("BibTeX of the day's papers", async () => {
    control.disabled = true;
    try {
      save(day, await bibOf(day, root));
      status.textContent = "";
    } catch {
      status.textContent = " The day's papers could not be fetched: try again.";
    }
    control.disabled = false;
  });
  json.after(" · ", control, status);
}

// The 404 page (note: its paragraph) at a day's old .bib or .json address.
export async function mountOldDayFile(note, root) {
  let path = location.pathname.slice(root.pathname.length);
  try { path = decodeURIComponent(path); } catch { /* a malformed %-escape: no day's address */ }
  const bibDay = dayIn(DAY_BIB, path);
  const jsonDay = dayIn(OLD_DAY_JSON, path);
  const day = bibDay || jsonDay;
  if (!day) return;
  const json = new URL(address(DAY_JSON, day), root);
  const page = link(new URL(address(DAY, day), root).href, `the day's page`);
  try {
    if (bibDay) {
      const text = await bibOf(day, root);
      note.replaceChildren(`The BibTeX of ${day}'s papers, made in your browser from the day's JSON (see `, page, "): ",
        button(`Download ${day}.bib`, () => save(day, text)));
      note.after(Object.assign(element("pre", "dpa-bib"), { textContent: text }));
    } else {
      const found = await fetch(json, { method: "HEAD" });
      if (!found.ok) return; // no such day: the page says what it can
      note.replaceChildren(`The JSON of ${day}'s papers is now stored gzip-compressed, at `, link(json.href, json.href),
        ` (curl -s ${json.href} | gunzip). See also `, page, ".");
    }
  } catch { /* offline, or no such day: the page says what it can */ }
}
