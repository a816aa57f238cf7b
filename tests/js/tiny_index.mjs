// A tiny search index in memory, in the format generator/search/index.py writes (one segment, one
// chunk per kind), made with lunr.js's own pipeline (node_modules/lunr, through the engine's rules)
// and lunr's BM25 term-frequency part: what the engine reads, without Python or a build.
import { createRequire } from "node:module";

export const lunr = createRequire(import.meta.url)("lunr");
const FIELDS = [["title", 10], ["abstract", 1], ["organization", 8], ["authors", 2], ["arxiv", 10]];
const K1 = 1.2;
const B = 0.75;
const QUANTUM = 100;

const gaps = (list) => list.map((n, i) => n - (i ? list[i - 1] : 0));

// The terms and positions files of one chunk: term -> per field, [doc gap, BM25 part] pairs and
// [count, position gaps] per paper.
function postings(papers, rules) {
  const words = papers.map((p) => FIELDS.map(([name]) =>
    rules.pipeline.run(rules.tokenizer(p[name] || "")).map((t) => [t.toString(), t.metadata.index])));
  const average = FIELDS.map((_, f) => words.reduce((sum, w) => sum + w[f].length, 0) / papers.length || 1);
  const terms = {};
  const positions = {};
  words.forEach((fields, doc) => fields.forEach((found, f) => {
    const counts = new Map();
    for (const [term, at] of found) counts.set(term, [...(counts.get(term) || []), at]);
    for (const [term, places] of counts) {
      terms[term] ||= FIELDS.map(() => []);
      positions[term] ||= FIELDS.map(() => []);
      const tf = places.length;
      const q = Math.round(QUANTUM * ((K1 + 1) * tf) / (K1 * (1 - B + B * found.length / average[f]) + tf));
      terms[term][f].push([doc, q]);
      positions[term][f].push(places);
    }
  }));
  const flat = (byTerm, entry) => Object.fromEntries(Object.entries(byTerm).map(([term, byField]) =>
    [term, byField.map((list) => list.flatMap(entry))]));
  return {
    terms: flat(terms, ([doc, q], i, list) => [doc - (i ? list[i - 1][0] : 0), q]),
    positions: flat(positions, (places) => [places.length, ...gaps(places)]),
    papersWith: (term) => new Set(terms[term].flat().map(([doc]) => doc)).size,
  };
}

// The vocabulary files (generator/search/index.py vocabulary_key): key -> {term: papers with it}.
function vocabularies(terms, papersWith) {
  const vocabulary = {};
  for (const term of Object.keys(terms)) {
    if (term.length < 3 || /[0-9]/.test(term)) continue;
    const key = /^[a-z]/.test(term) ? term[0] : "_";
    vocabulary[key] ||= {};
    vocabulary[key][term] = papersWith(term);
  }
  return vocabulary;
}

// papers: [{title, abstract, organization?, arxiv?, tags?, upvotes?, day?}], oldest first; rules:
// the engine's. Returns {load, files}: load(path) answers the engine's reads.
export function tinyIndex(papers, rules) {
  const { terms, positions, papersWith } = postings(papers, rules);
  const vocabulary = vocabularies(terms, papersWith);
  const tagNames = [...new Set(papers.flatMap((p) => p.tags || []))].sort();
  const files = {
    "manifest.json": {
      documents: papers.length, quantum: QUANTUM, records_per_file: 8, phrase_fields: [0, 1, 2, 3],
      fields: FIELDS.map(([name, boost]) => ({ name, boost })),
      segments: [{ name: "s0", start: 0, end: papers.length, chunks: [""], vocabulary: Object.keys(vocabulary).sort() }],
      paths: { terms: "s/{segment}/terms/{chunk}", positions: "s/{segment}/positions/{chunk}",
        vocabulary: "s/{segment}/vocabulary/{key}", records: "s/{segment}/records/{file}", tag: "tags/{slug}",
        organizations: "organizations", upvotes: "upvotes" },
      versions: { organizations: "1", upvotes: "1" },
      years: [{ year: 2025, start: 0, end: papers.length }],
      tags: tagNames.map((name) => ({ name, slug: name, count: papers.filter((p) => (p.tags || []).includes(name)).length, version: "1" })),
    },
    "s/s0/terms/0": terms,
    "s/s0/positions/0": positions,
    "upvotes": papers.map((p) => p.upvotes || 0),
    "organizations": [],
  };
  for (const [key, listed] of Object.entries(vocabulary)) files[`s/s0/vocabulary/${key}`] = listed;
  for (const name of tagNames) {
    files[`tags/${name}?v=1`] = gaps(papers.flatMap((p, doc) => ((p.tags || []).includes(name) ? [doc] : [])));
  }
  for (let file = 0; file * 8 < papers.length; file++) {
    files[`s/s0/records/${file}`] = papers.slice(file * 8, file * 8 + 8).map((p, i) => [`papers/p${file * 8 + i}/`,
      p.title, p.day || "2025-01-01", [], p.organization || null, p.upvotes || 0, p.arxiv || null, p.abstract]);
  }
  files["upvotes?v=1"] = files.upvotes;
  files["organizations?v=1"] = files.organizations;
  const load = async (url) => {
    if (!(url in files)) throw new Error(`no ${url}`);
    return structuredClone(files[url]);
  };
  return { load, files };
}
