// The search engine (docs/javascripts/search-engine.js) in Node, over a tiny index made in memory:
// how it reads a query, folds letters, matches phrases, corrects typos and ranks.
import assert from "node:assert/strict";
import { test } from "node:test";
import { siteScripts } from "./site_scripts.mjs";
import { lunr, tinyIndex } from "./tiny_index.mjs";

const { distance, open, rules } = await import(siteScripts("search-engine.js"));

const PAPERS = [
  { title: "Diffusion models for video", abstract: "We study video generation with diffusion." }, // 0
  { title: "Language agents", abstract: "Agents that plan with language models and tools." }, // 1
  { title: "Self-supervised vision", abstract: "Contrastive learning of images, by Üstün and colleagues." }, // 2
  { title: "Video understanding", abstract: "Diffusion is mentioned once here, for video." }, // 3
  { title: "Models of diffusion", abstract: "A survey of language diffusion.", upvotes: 50 }, // 4
  { title: "Prefix tests", abstract: "Transformers transform transformations." }, // 5
  { title: "Toolkit for agents", abstract: "A toolkit." }, // 6
];
const engine = () => open("", lunr, tinyIndex(PAPERS, rules(lunr)).load);
const docs = async (query, options) => (await engine().search(query, options)).docs;

test("every word of a query is required, and the title outweighs the abstract", async () => {
  assert.deepEqual(await docs("diffusion"), [4, 0, 3]);
  assert.deepEqual(await docs("diffusion video"), [0, 3]);
  assert.deepEqual(await docs("diffusion agents"), []);
});

test("stop words and punctuation alone are no query", async () => {
  assert.deepEqual(await docs("the of"), []);
  assert.equal((await engine().search("the", { year: "2025" })).count, PAPERS.length);
});

test("letters fold to their base: Üstün finds Ustun and the other way round", async () => {
  assert.deepEqual(await docs("ustun"), [2]);
  assert.deepEqual(await docs("ÜSTÜN"), [2]);
});

test("a quoted phrase needs its words side by side", async () => {
  assert.deepEqual(await docs("\"language models\""), [1]);
  assert.deepEqual(await docs("\"models language\"", { exact: true }), []);
  assert.deepEqual(await docs("language models"), [1, 4]);
});

test("the word being typed matches as a prefix, after the papers that have it as typed", async () => {
  assert.deepEqual(await docs("transform", { prefix: true }), [5]);
  const found = await engine().search("vid", { prefix: true });
  assert.deepEqual(found.docs, [3, 0]);
  assert.equal(found.prefix, "vid");
  assert.deepEqual(await docs("vid"), []);
  // "tool" as typed (in an abstract) before "toolkit" (in a title), which only starts with it
  assert.deepEqual(await docs("tool", { prefix: true }), [1, 6]);
  assert.deepEqual(await docs("tool"), [1]);
});

test("a word the index lacks is corrected to its nearest term within lunr's edit distance", async () => {
  const found = await engine().search("difusion");
  assert.equal(found.corrected, "diffusion");
  assert.deepEqual(found.docs, [4, 0, 3]);
  assert.equal((await engine().search("difusion", { exact: true })).count, 0);
  assert.equal((await engine().search("xyzzyq")).corrected, null); // nothing near: nothing found
});

test("lunr's edit distance counts a transposition as one edit and stops past the maximum", () => {
  assert.equal(distance("agnets", "agents", 2), 1);
  assert.equal(distance("kitten", "sitting", 3), 3);
  assert.equal(distance("kitten", "sitting", 1), 2);
});

test("sorting by upvotes and newest", async () => {
  assert.deepEqual(await docs("diffusion", { sort: "upvotes" }), [4, 3, 0]);
  assert.deepEqual(await docs("diffusion", { sort: "newest" }), [4, 3, 0]);
});

test("marks are the matched words in the text's own characters", async () => {
  const search = engine();
  const found = await search.search("ustun diffusion");
  const text = "Üstün, (Diffusion) work";
  assert.deepEqual(search.marks(text, found).map(([a, b]) => text.slice(a, b)), ["Üstün", "Diffusion"]);
});

test("records come in the order asked for", async () => {
  const records = await engine().records([4, 0]);
  assert.deepEqual(records.map((r) => [r.doc, r.url, r.upvotes]), [[4, "papers/p4/", 50], [0, "papers/p0/", 0]]);
});
