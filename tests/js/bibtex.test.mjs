// docs/javascripts/bibtex.js writes BibTeX as generator/bibtex.py does: TeX's special characters
// escaped (braces and backslashes as macros, which BibTeX does not count as braces), a word with a
// capital past its first letter braced, and a day's entries made from its JSON copy. The expected
// strings are what generator/bibtex.py gives for the same papers (tests/test_day_files.py holds the
// two equal over the whole bundled archive, in Chromium).
import assert from "node:assert/strict";
import { test } from "node:test";
import { siteScripts } from "./site_scripts.mjs";

const { bibFile, bibtexTitle, dayBib, listEntry, texEscape } = await import(siteScripts("bibtex.js"));
const { CITED_SITE_URL } = await import(siteScripts("constants.js"));

test("each of TeX's special characters prints as itself", () => {
  assert.equal(texEscape("a{b}c\\d $x$ 50% #1 a_b ~ ^"),
    "a\\textbraceleft{}b\\textbraceright{}c\\textbackslash{}d \\$x\\$ 50\\% \\#1 a\\_b \\textasciitilde{} \\textasciicircum{}");
});

test("a word with a capital past its first letter is braced, twice when it starts with a macro", () => {
  assert.equal(bibtexTitle("LLMs for {Bad} \\Macro DeepSeek-V3 and Ü_X tests"),
    "{LLMs} for \\textbraceleft{}Bad\\textbraceright{} \\textbackslash{}Macro {DeepSeek-V3} and {Ü\\_X} tests");
  assert.equal(bibtexTitle("\\LaTeX{} in GPT-4"), "{{\\textbackslash{}LaTeX\\textbraceleft{}\\textbraceright{}}} in {GPT-4}");
  assert.equal(bibtexTitle("Über ÉCOLE naïve"), "Über {ÉCOLE} naïve");
});

test("an entry made from the list, and the file of entries", () => {
  const entry = listEntry("a-paper", "A {Paper}", "https://example.org/papers/a-paper/");
  assert.equal(entry, "@misc{a-paper,\n  title = {A \\textbraceleft{}Paper\\textbraceright{}},\n  url = {https://example.org/papers/a-paper/}\n}");
  assert.equal(bibFile([{ text: "@a" }, { text: "@b" }]), "@a\n\n@b\n");
});

test("a day's entries from its JSON copy: names a comma or an \"and\" would split braced, \"others\", arXiv or the paper's page", () => {
  const day = {
    date: "2025-06-02", papers: [
      { slug: "one", title: "LLMs {and} \\ R&D", arxiv_id: "2510.13905v2", authors: 5, author_names: ["Smith, John", "Ben and Jerry", "Éand Ö"],
        published: "2024-12-30", abstract: "a", days: ["2025-06-02"] },
      { slug: "two", title: "No id", arxiv_id: "２５１０.１３９０５x", abstract: "a", days: ["2025-06-02", "2025-06-09"] },
    ],
  };
  assert.equal(dayBib(day), "@misc{one,\n  title = {{LLMs} \\textbraceleft{}and\\textbraceright{} \\textbackslash{} {R\\&D}},\n"
    + "  author = {{Smith, John} and {Ben and Jerry} and Éand Ö and others},\n  year = {2024},\n  eprint = {2510.13905v2},\n"
    + "  archivePrefix = {arXiv},\n  url = {https://arxiv.org/abs/2510.13905v2}\n}\n\n"
    + `@misc{two,\n  title = {No id},\n  year = {2025},\n  url = {${CITED_SITE_URL}papers/two/},\n`
    + "  note = {Featured in Hugging Face Daily Papers on 2025-06-02}\n}\n");
});
