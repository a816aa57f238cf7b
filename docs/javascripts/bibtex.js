// BibTeX as generator/bibtex.py writes it: a day's papers from its JSON copy (dayBib), and the
// reading list as a file, each paper's entry from its page (pre.dpa-bib), or, when that page cannot
// be had, one made from what the list keeps. No DOM until a page's entry is read: Node's tests import this.
import { ARXIV_ID, CITED_SITE_URL, NOTE, TEX_SPECIAL } from "./constants.js";
import { fetchPage, fill, paperUrl } from "./util.js";

const SPECIALS = new RegExp(`[${Object.keys(TEX_SPECIAL).map((c) => `\\${c}`).join("")}]`, "g");
const ARXIV_ID_PATTERN = new RegExp(ARXIV_ID, "u");
// bibtex.py _AND, "\band\b" with Python's \b, which counts any letter or digit as a word's, not ASCII's alone.
const AND = /(?<![\p{L}\p{N}_])and(?![\p{L}\p{N}_])/iu;
const PARALLEL = 6; // pages fetched at a time: a long list must not fire hundreds of requests at once

// Text with TeX's special characters written so that they print as themselves (generator/bibtex.py
// _escape; braces become macros: BibTeX counts every brace, escaped or not, to find where a value ends).
export const texEscape = (text) => text.replace(SPECIALS, (special) => TEX_SPECIAL[special]);

// A title as generator/bibtex.py's _title writes it: a word with a capital past its first letter is
// braced (twice when it starts with a macro), so that a sentence-case style keeps it as written.
export function bibtexTitle(title) {
  return title.split(" ").map((word) => {
    const escaped = texEscape(word);
    if (!Array.from(word).filter((c) => /\p{L}/u.test(c)).slice(1).some((c) => /\p{Uppercase}/u.test(c))) return escaped;
    return escaped.startsWith("\\") ? `{{${escaped}}}` : `{${escaped}}`;
  }).join(" ");
}

// An author's name as bibtex.py _name writes it: braced if a comma or an "and" would split it.
function authorName(name) {
  const escaped = texEscape(name);
  return name.includes(",") || AND.test(name) ? `{${escaped}}` : escaped;
}

// A paper of a day's JSON copy (generator/links.py _paper) as bibtex.py `entry` writes it.
export function paperEntry(paper) {
  const firstDay = paper.days[0];
  const fields = [["title", bibtexTitle(paper.title)]];
  const names = (paper.author_names || []).map(authorName);
  if (names.length) {
    if (paper.authors > names.length) names.push("others"); // styles print "et al."
    fields.push(["author", names.join(" and ")]);
  }
  fields.push(["year", String(Number((paper.published || firstDay).slice(0, 4)))]);
  if (paper.arxiv_id && ARXIV_ID_PATTERN.test(paper.arxiv_id)) {
    fields.push(["eprint", paper.arxiv_id], ["archivePrefix", "arXiv"], ["url", `https://arxiv.org/abs/${paper.arxiv_id}`]);
  } else {
    fields.push(["url", CITED_SITE_URL + paperUrl(paper.slug)], ["note", fill(NOTE, { day: firstDay })]);
  }
  return `@misc{${paper.slug},\n${fields.map(([name, value]) => `  ${name} = {${value}}`).join(",\n")}\n}\n`;
}

// A day's .bib file, from its JSON copy: bibtex.py `entries`.
export const dayBib = (day) => day.papers.map(paperEntry).join("\n");

// The entry made from what the list keeps.
export const listEntry = (slug, title, url) => `@misc{${slug},\n  title = {${bibtexTitle(title)}},\n  url = {${url}}\n}`;

// A paper's entry: {text, fetched}, its page's if that can be had.
async function entry([slug, paper], root) {
  const url = new URL(paper.url, root);
  try {
    const page = await fetchPage(url);
    const bib = page.querySelector("pre.dpa-bib");
    if (!bib) throw new Error("no entry");
    return { text: bib.textContent.trim(), fetched: true };
  } catch {
    return { text: listEntry(slug, paper.title, url.href), fetched: false };
  }
}

// papers: [slug, entry] pairs, in the order of the file. Returns {text, fetched} for each.
export async function entries(papers, root) {
  const found = new Array(papers.length);
  let next = 0;
  async function worker() {
    while (next < papers.length) {
      const at = next++;
      found[at] = await entry(papers[at], root);
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, papers.length) }, worker));
  return found;
}

// The file's text.
export const bibFile = (found) => `${found.map((e) => e.text).join("\n\n")}\n`;
