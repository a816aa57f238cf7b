// lunr.js as the reference for tests/test_search_quality.py; prints JSON on stdout. An ES module. lunr.js with
// our two departures from it (search-engine.js `rules`: letters folded, Greek and letter-like
// symbols kept by the trimmer), so that the rest (tokenizer, stop words, stemmer, BM25) is lunr.js's own.
//
//   node search_reference.js analyse LUNR_JS INPUT.json
//     INPUT: {texts: [...], tokens: [...]}. Prints {tokens: lunr.tokenizer's tokens of each text,
//     terms: {token: its term}}, a term being null for a stop word and "" for punctuation alone.
//
//   node search_reference.js compare INDEX_DIR INPUT.json
//     INPUT: {fields: [[name, boost], ...], documents: [[text of each field], ...], queries: [...]}.
//     Builds a lunr.js index of the documents (ref = document number) with lunr.js's own builder,
//     runs each query on it with every word required, and on our engine over INDEX_DIR (with the
//     lunr.js copy that folder ships, as the browser does). Prints, per query, the top 10 of each.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { siteScripts } from "./js/site_scripts.mjs";

const [mode, where, input] = process.argv.slice(2);
const data = JSON.parse(fs.readFileSync(input, "utf8"));
// lunr.js is a CommonJS (UMD) script: run as one, whatever package.json is above the file (this
// repository's says "module", and MkDocs' copy is in its .venv).
function commonJs(file) {
  const module = { exports: {} };
  new Function("module", "exports", fs.readFileSync(file, "utf8"))(module, module.exports);
  return module.exports;
}
const lunr = commonJs(mode === "compare" ? path.join(where, "lunr.js") : where);
const engineModule = await import(siteScripts("search-engine.js"));
const rules = engineModule.rules(lunr);

// What a word in the text becomes: the builder's pipeline, with our trimmer for lunr's.
const pipeline = rules.pipeline;

function analyse() {
  const term = (token) => {
    const out = pipeline.run([new lunr.Token(token, {})]);
    return out.length ? out[0].toString() : null;
  };
  return {
    tokens: data.texts.map((text) => rules.tokenizer(text).map(String)),
    terms: Object.fromEntries(data.tokens.map((t) => [t, term(t)])),
  };
}

async function compare() {
  const idx = lunr(function () {
    this.tokenizer = rules.tokenizer;
    this.pipeline.reset();
    this.pipeline.add(rules.trimmer, lunr.stopWordFilter, lunr.stemmer);
    this.searchPipeline.reset();
    this.searchPipeline.add(lunr.stemmer);
    this.ref("ref");
    for (const [name, boost] of data.fields) this.field(name, { boost });
    data.documents.forEach((texts, ref) => {
      const doc = { ref: String(ref) };
      data.fields.forEach(([name], f) => { doc[name] = texts[f]; });
      this.add(doc);
    });
  });
  const engine = engineModule.open(where + "/", lunr, async (p) => {
    const data = fs.readFileSync(p);
    return JSON.parse(p.endsWith(".gz") ? zlib.gunzipSync(data) : data);
  });

  const results = [];
  for (const query of data.queries) {
    // Every word that survives the pipeline is required, as in our engine. A token of punctuation
    // alone becomes "", which lunr indexes but our engine rightly ignores: no reader means it.
    const terms = pipeline.run(rules.tokenizer(query)).map(String).filter(Boolean);
    const hits = idx.query((q) => {
      for (const term of terms) q.term(term, { presence: lunr.Query.presence.REQUIRED, usePipeline: false });
    });
    // lunr leaves ties in no particular order; ours puts the later paper first. Order the
    // reference's ties the same way, so that only scores can make the two differ.
    hits.sort((a, b) => b.score - a.score || Number(b.ref) - Number(a.ref));
    const ours = await engine.search(query, { prefix: false });
    results.push({
      query,
      reference: hits.slice(0, 10).map((h) => Number(h.ref)),
      reference_scores: hits.slice(0, 10).map((h) => h.score),
      reference_count: hits.length,
      ours: ours.docs.slice(0, 10),
      ours_count: ours.count,
    });
  }
  return results;
}

process.stdout.write(JSON.stringify(mode === "compare" ? await compare() : analyse()));
