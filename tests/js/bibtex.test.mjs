// The reading list's BibTeX export (docs/javascripts/bibtex.js) writes titles as generator/bibtex.py
// does: TeX's special characters escaped (braces and backslashes as macros, which BibTeX does not
// count as braces), and a word with a capital past its first letter braced. The expected strings are
// what generator/bibtex.py gives for the same titles.
import assert from "node:assert/strict";
import { test } from "node:test";
import { siteScripts } from "./site_scripts.mjs";

const { bibFile, bibtexTitle, listEntry, texEscape } = await import(siteScripts("bibtex.js"));

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
