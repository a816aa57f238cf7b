// The search engine of Daily Papers Archive: queries the index generator/search/ writes, fetching
// only the files a query needs (ARCHITECTURE.md's "The search index" describes them). The query is
// analysed by lunr.js itself, so its terms are the index's; scores are lunr's BM25, summed over
// fields and words. No DOM here: the browser's search.js and the tests in Node both use it.
import { KEPT, MANIFEST } from "./constants.js";
import { fill, numbers, own } from "./util.js";

// arXiv ids as readers paste them: 2504.01234, 2504.01234v2, arXiv:2504.01234, an abs/pdf link.
// Five digits after the dot since 2015, four before: "2510.1390" is an id still being typed.
const ARXIV = /^(?:arxiv:\s*|(?:https?:\/\/)?arxiv\.org\/(?:abs|pdf)\/)?((\d{2})(\d{2})\.(\d{4,5}))(v\d+)?(?:\.pdf)?$/i;
const arxivId = (text) => {
  const match = ARXIV.exec(text);
  const modern = match && Number(match[2]) >= 15;
  return match && match[4].length === (modern ? 5 : 4) ? { id: match[1], version: match[5] || "" } : null;
};
// A word still being typed matches as a prefix unless its terms span more chunks than this (a
// one-letter prefix would fetch a good part of the index to rank almost everything).
const PREFIX_CHUNKS = 2;
const PREFIX_BOOST = 0.5; // a prefix's other words count half as much as the word as typed

// Where our analysis departs from lunr.js, as generator/search/analysis.py does (its KEPT, fold):
// letters fold to their base (NFKD, combining marks dropped), and Greek letters and mathematical
// letter-like symbols are word characters, which lunr.js's trimmer would cut away.
const TRIM_START = new RegExp(`^[^A-Za-z0-9_${KEPT}]+`);
const TRIM_END = new RegExp(`[^A-Za-z0-9_${KEPT}]+$`);
const trim = (text) => text.replace(TRIM_START, "").replace(TRIM_END, "");
const fold = (text) => text.normalize("NFKD").replace(/\p{Mn}/gu, "").replace(/\u03c2/g, "\u03c3");
const folded = (text) => fold(fold(text).toLowerCase());

// lunr.js's tokenizer and pipeline with those two rules: what a text's words become, here and in
// tests/search_reference.js (which builds lunr.js indexes by them).
export function rules(lunr) {
  const trimmer = (token) => token.update(trim);
  if (!lunr.Pipeline.registeredFunctions.dpaTrimmer) lunr.Pipeline.registerFunction(trimmer, "dpaTrimmer");
  const pipeline = new lunr.Pipeline();
  pipeline.add(lunr.Pipeline.registeredFunctions.dpaTrimmer, lunr.stopWordFilter, lunr.stemmer);
  const tokenizer = (text, metadata) => (text == null ? [] : lunr.tokenizer(folded(String(text)), metadata));
  return { tokenizer, pipeline, trimmer: lunr.Pipeline.registeredFunctions.dpaTrimmer };
}

// lunr's edit distance (insertions, deletions, substitutions, transpositions), or max + 1 once
// it is certainly beyond max.
export function distance(a, b, max) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = null;
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        next[j] = Math.min(next[j], before[j - 2] + 1);
      }
    }
    if (Math.min(...next) > max) return max + 1;
    before = row;
    row = next;
  }
  return row[b.length];
}
// lunr's fuzzy reach for a word of this many letters: 1 for 4 to 7, 2 beyond, none below.
const reach = (word) => (word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0);
// generator/search/index.py vocabulary_key
const vocabularyKey = (term) => (term.length < 3 || /[0-9]/.test(term) ? null
  : /^[a-z]/.test(term) ? term[0] : "_");

// ---- The index's files ---------------------------------------------------------------------------

// The files of the index at base, each read once by load(url, fresh). Search and recommend.js read
// the index through this. A failed read is forgotten, and so is the manifest: after a deploy the
// files it names are gone, and the next query reads the new one (asked for afresh, not from the
// HTTP cache) and tries again.
export function indexFiles(base, load) {
  const files = new Map();
  function get(path) {
    if (!files.has(path)) {
      const loading = Promise.resolve().then(() => load(base + path, path === MANIFEST));
      loading.catch(() => {
        files.delete(path);
        files.delete(MANIFEST);
      });
      files.set(path, loading);
    }
    return files.get(path);
  }
  const versioned = (path, version) => get(`${path}?v=${version}`); // a file whose name outlives its content
  // The record file that holds a document's display record: {segment, first, path}, or null.
  const recordFile = (m, doc) => {
    const segment = m.segments.find((s) => doc >= s.start && doc < s.end);
    if (!segment) return null;
    const file = Math.floor((doc - segment.start) / m.records_per_file);
    return { segment, first: segment.start + file * m.records_per_file,
      path: fill(m.paths.records, { segment: segment.name, file }) };
  };
  return {
    get,
    manifest: () => get(MANIFEST),
    chunk: (m, kind, segment, n) => get(fill(m.paths[kind], { segment: segment.name, chunk: n })),
    vocabulary: (m, segment, key) => get(fill(m.paths.vocabulary, { segment: segment.name, key })),
    tagDocs: async (m, tag) => numbers(await versioned(fill(m.paths.tag, { slug: tag.slug }), tag.version)),
    organizations: (m) => versioned(m.paths.organizations, m.versions.organizations),
    upvotes: (m) => versioned(m.paths.upvotes, m.versions.upvotes),
    recordFile,
    records: (where) => get(where.path),
  };
}

const indexed = (m) => m.segments.filter((s) => s.chunks.length); // a segment of papers with no words has no chunks
const entryOf = (chunk, term) => own(chunk, term) || []; // own properties only: "constructor" is a word too

function chunkIndex(keys, term) {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo < hi) { // the last chunk whose starting key is <= term (UTF-16 order, as the index sorts)
    const mid = (lo + hi + 1) >> 1;
    if (keys[mid] <= term) lo = mid; else hi = mid - 1;
  }
  return lo;
}

// ---- The query -----------------------------------------------------------------------------------

// The query's words through lunr's pipeline: [{term, raw, position}]; raw is the word lower-cased
// and trimmed, as a prefix is matched (lunr, too, matches wildcards against terms unstemmed).
function analyse(words, text) {
  const tokens = words.tokenizer(text);
  const raw = tokens.map((t) => words.trimmer(t.clone()).toString());
  return words.pipeline.run(tokens).map((t) => ({
    term: t.toString(), raw: raw[t.metadata.index], position: t.metadata.index,
  })).filter((w) => w.term);
}

// {words, phrases: [[word]], last: {term, prefix} | null}: the quoted phrases, the other words, and
// (with prefix) the word still being typed.
function parse(words, query, prefix) {
  const phrases = [];
  const rest = query.replace(/"([^"]*)"?/g, (_, phrase) => {
    const found = analyse(words, phrase);
    if (found.length) phrases.push(found);
    return " ";
  });
  const plain = analyse(words, rest);
  // The word still being typed matches as typed (its term) and as the start of longer words.
  // A stop word ("the", maybe on its way to "theory") stays a stop word: it would otherwise
  // require some word that starts with it.
  let last = null;
  if (prefix && !/[\s"]$/.test(query)) {
    const tokens = words.tokenizer(rest);
    const typed = plain.length && plain[plain.length - 1].position === tokens.length - 1;
    if (typed) last = { term: plain[plain.length - 1].term, prefix: plain.pop().raw };
  }
  return { words: plain, phrases, last };
}

// ---- Matching and scoring ------------------------------------------------------------------------

// The terms a clause matches in any segment: a Map term -> boost (its word as typed, 1; the
// longer words a prefix starts, PREFIX_BOOST).
async function expand(files, m, clause) {
  const found = new Map(); // term -> boost
  if (clause.term) found.set(clause.term, 1);
  if (!clause.prefix) return found;
  const spans = indexed(m).map((s) => [chunkIndex(s.chunks, clause.prefix),
    chunkIndex(s.chunks, clause.prefix + "\uffff")]);
  if (spans.some(([a, b]) => b - a >= PREFIX_CHUNKS)) return found;
  await Promise.all(indexed(m).map(async (s, i) => {
    for (let n = spans[i][0]; n <= spans[i][1]; n++) {
      for (const term of Object.keys(await files.chunk(m, "terms", s, n))) {
        if (term.startsWith(clause.prefix) && !found.has(term)) found.set(term, PREFIX_BOOST);
      }
    }
  }));
  return found;
}

// Postings of one term over all segments: per field, a Map doc -> stored term-frequency weight.
async function postings(files, m, term) {
  const fields = m.fields.map(() => new Map());
  await Promise.all(indexed(m).map(async (s) => {
    entryOf(await files.chunk(m, "terms", s, chunkIndex(s.chunks, term)), term).forEach((flat, f) => {
      for (let i = 0, doc = 0; i < flat.length; i += 2) {
        doc += flat[i];
        fields[f].set(doc, flat[i + 1]);
      }
    });
  }));
  return fields;
}

// A term's positions in one field: a Map doc -> [word positions].
async function positions(files, m, term, f) {
  const out = new Map();
  await Promise.all(indexed(m).map(async (s) => {
    const n = chunkIndex(s.chunks, term);
    const [terms, places] = await Promise.all([files.chunk(m, "terms", s, n), files.chunk(m, "positions", s, n)]);
    const docs = entryOf(terms, term)[f] || [];
    const flat = entryOf(places, term)[f] || [];
    for (let i = 0, j = 0, doc = 0; i < docs.length; i += 2) {
      doc += docs[i];
      const count = flat[j];
      const list = [flat[j + 1]];
      for (let k = 1; k < count; k++) list.push(list[k - 1] + flat[j + 1 + k]);
      out.set(doc, list);
      j += 1 + count;
    }
  }));
  return out;
}

// One clause's scores: {found: doc -> score by its word as typed, extra: doc -> score by a prefix's
// longer words}. Each term, each field: idf x BM25 x the field's boost (rounded as lunr's builder
// rounds), times the term's boost.
function clauseScores(m, terms) {
  const found = new Map();
  const extra = new Map();
  for (const [fields, boost] of terms) {
    const into = boost === 1 ? found : extra;
    const df = fields.reduce((sum, f) => sum + f.size, 0);
    const idf = Math.log(1 + Math.abs((m.documents - df + 0.5) / (df + 0.5)));
    fields.forEach((docs, f) => {
      const fieldBoost = m.fields[f].boost;
      for (const [doc, q] of docs) {
        const weight = Math.round(idf * (q / m.quantum) * fieldBoost * 1000) / 1000;
        into.set(doc, (into.get(doc) || 0) + boost * weight);
      }
    });
  }
  return { found, extra };
}

// lunr's score for the papers that have every clause, summed over them. Papers matched only through
// a prefix's longer words are `loose`: they rank after those that match the query as written,
// which rank as /search/ ranks them (by the word as typed alone).
async function score(files, m, clauses) {
  const loose = new Set();
  // Every chunk the query needs is fetched at once, not one word after another.
  const expanded = await Promise.all(clauses.map((clause) => expand(files, m, clause)));
  const fetched = await Promise.all(expanded.map((terms) =>
    Promise.all([...terms].map(async ([term, boost]) => [await postings(files, m, term), boost]))));
  let scores = null;
  for (const terms of fetched) {
    const { found, extra } = clauseScores(m, terms);
    for (const [doc, value] of extra) {
      if (!found.has(doc)) {
        found.set(doc, value);
        loose.add(doc);
      }
    }
    if (scores === null) {
      scores = found;
    } else {
      for (const [doc, value] of scores) {
        if (found.has(doc)) scores.set(doc, value + found.get(doc)); else scores.delete(doc);
      }
    }
    if (!scores.size) break;
  }
  return { scores: scores || new Map(), loose };
}

// Drops the scored papers that do not hold the phrase's words side by side in one field.
async function inPhrase(files, m, scores, phrase) {
  const lists = await Promise.all(m.phrase_fields.map((f) =>
    Promise.all(phrase.map((w) => positions(files, m, w.term, f)))));
  for (const doc of [...scores.keys()]) {
    const found = lists.some((byWord) => {
      const first = byWord[0].get(doc) || [];
      return first.some((p) => phrase.every((w, i) =>
        (byWord[i].get(doc) || []).includes(p + w.position - phrase[0].position)));
    });
    if (!found) scores.delete(doc);
  }
}

// ---- Typos ---------------------------------------------------------------------------------------

// Whether a term is in the index at all (its chunks are those its search fetches anyway).
async function known(files, m, term) {
  return (await postings(files, m, term)).some((docs) => docs.size);
}

// The term a misspelt word most likely meant: the index's terms within lunr's edit distance of
// its own (by the word's length as typed), nearest first, then in the most papers. The
// vocabulary is listed by first letter: a typo in the first letter is not corrected.
async function nearest(files, m, word) {
  const max = reach([...word.raw]);
  const key = vocabularyKey(word.term);
  if (!max || key === null) return null;
  const papers = new Map();
  await Promise.all(indexed(m).filter((s) => (s.vocabulary || []).includes(key)).map(async (s) => {
    const listed = await files.vocabulary(m, s, key);
    for (const term of Object.keys(listed)) papers.set(term, (papers.get(term) || 0) + listed[term]);
  }));
  let best = null;
  for (const [term, count] of papers) {
    const d = distance(word.term, term, max);
    if (d <= max && (!best || d < best.d || (d === best.d && (count > best.count
      || (count === best.count && term < best.term))))) best = { term, d, count };
  }
  return best && best.term;
}

// The word a reader would have typed for a term: the typed word with its stem swapped for the
// term ("difusion" -> "diffusion"), if that word becomes the term; else the term itself.
function surface(words, word, term) {
  let common = 0;
  while (common < word.raw.length && word.raw[common] === word.term[common]) common++;
  const stemTail = word.term.slice(common);
  const typedTail = word.raw.slice(common);
  const guess = (term.endsWith(stemTail) ? term.slice(0, term.length - stemTail.length) : term) + typedTail;
  const back = words.pipeline.run(words.tokenizer(guess));
  return back.length === 1 && back[0].toString() === term ? guess : term;
}

// A word that matches nothing (the word still being typed: not even as a prefix) is replaced by
// the index's nearest term, in `parsed` itself. Returns the query as searched, to show the
// reader, or null when every word was found.
async function correct(engine, m, query, parsed) {
  const { files, words } = engine;
  const fixes = new Map(); // typed word -> the word searched for
  await Promise.all([...parsed.words, ...parsed.phrases.flat()].map(async (word) => {
    if (await known(files, m, word.term)) return;
    const term = await nearest(files, m, word);
    if (!term) return;
    fixes.set(word.raw, surface(words, word, term));
    word.term = term;
  }));
  const last = parsed.last;
  if (last && !(await known(files, m, last.term)) && (await expand(files, m, last)).size <= 1) {
    const word = { term: last.term, raw: last.prefix };
    const term = await nearest(files, m, word);
    if (term) {
      fixes.set(word.raw, surface(words, word, term));
      parsed.words.push({ term, raw: word.raw, position: -1 });
      parsed.last = null;
    }
  }
  if (!fixes.size) return null;
  return query.trim().replace(/[^\s"-]+/gu, (typed) => {
    const lower = folded(typed);
    const raw = trim(lower);
    if (!fixes.has(raw)) return typed;
    const at = lower.indexOf(raw);
    return at < 0 ? fixes.get(raw) : lower.slice(0, at) + fixes.get(raw) + lower.slice(at + raw.length);
  });
}

// ---- Search --------------------------------------------------------------------------------------

// A filter as a test of document numbers.
async function filterSet(files, m, name, value) {
  if (name === "year") {
    const year = m.years.find((y) => String(y.year) === value);
    return (doc) => !!year && doc >= year.start && doc < year.end;
  }
  let docs = [];
  if (name === "tag") {
    const tag = m.tags.find((t) => t.name === value);
    if (tag) docs = await files.tagDocs(m, tag);
  } else if (name === "organization") {
    const org = (await files.organizations(m)).find(([orgName]) => orgName === value);
    if (org) docs = numbers(org[2]);
  }
  const set = new Set(docs);
  return (doc) => set.has(doc);
}

// An arXiv id's paper: scored as its id's term, kept only where the arxiv field holds it.
async function byArxiv(engine, m, id) {
  const { files, words } = engine;
  const arxiv = { id: id.id, url: `https://arxiv.org/abs/${id.id}${id.version}` };
  const term = analyse(words, id.id)[0].term;
  const { scores } = await score(files, m, [{ term }]);
  const exact = (await postings(files, m, term))[m.fields.findIndex((f) => f.name === "arxiv")];
  for (const doc of [...scores.keys()]) if (!exact.has(doc)) scores.delete(doc);
  arxiv.found = scores.size > 0;
  return { scores, loose: new Set(), arxiv, terms: [term] };
}

// Words and phrases, each word corrected unless options.exact.
async function byWords(engine, m, query, options) {
  const parsed = parse(engine.words, query, options.prefix);
  const corrected = options.exact ? null : await correct(engine, m, query, parsed);
  const clauses = [...parsed.words, ...parsed.phrases.flat()].map((w) => ({ term: w.term }));
  if (parsed.last) clauses.push(parsed.last);
  // Only stop words or punctuation: no query, as if the box were empty (filters still apply).
  let found = { scores: undefined, loose: new Set() };
  if (clauses.length) found = await score(engine.files, m, clauses);
  for (const phrase of parsed.phrases) {
    if (phrase.length > 1 && found.scores.size) await inPhrase(engine.files, m, found.scores, phrase);
  }
  const terms = [...parsed.words, ...parsed.phrases.flat(), parsed.last || {}].map((w) => w.term);
  return { ...found, terms, corrected, prefix: parsed.last && parsed.last.prefix };
}

// The documents in the order to show: sort is "" (relevance), "newest" or "upvotes".
async function ordered(files, m, docs, sort, { scores, loose }) {
  if (sort === "upvotes") {
    const votes = await files.upvotes(m);
    return docs.sort((a, b) => votes[b] - votes[a] || b - a);
  }
  if (sort === "newest" || !scores) return docs.sort((a, b) => b - a);
  return docs.sort((a, b) => loose.has(a) - loose.has(b) || scores.get(b) - scores.get(a) || b - a);
}

// search(query, {prefix, exact, tag, year, organization, sort}) -> {count, docs, terms, prefix,
// arxiv, corrected}: docs are document numbers in the order to show.
async function search(engine, query, options = {}) {
  const { files } = engine;
  const m = await files.manifest();
  const text = String(query || "").trim();
  const id = arxivId(text);
  let found = { scores: undefined, loose: new Set(), terms: [], prefix: null, arxiv: null, corrected: null };
  if (id) found = { ...found, ...await byArxiv(engine, m, id) };
  else if (text) found = { ...found, ...await byWords(engine, m, String(query), options) };
  const filters = await Promise.all(["tag", "year", "organization"].filter((name) => options[name])
    .map((name) => filterSet(files, m, name, String(options[name]))));
  let docs = [];
  if (found.scores) docs = [...found.scores.keys()];
  else if (filters.length) docs = Array.from({ length: m.documents }, (_, i) => i);
  docs = await ordered(files, m, docs.filter((doc) => filters.every((keep) => keep(doc))), options.sort, found);
  return { count: docs.length, docs, terms: new Set(found.terms), prefix: found.prefix || null,
    arxiv: found.arxiv, corrected: found.corrected };
}

// ---- Results -------------------------------------------------------------------------------------

// The display records of some documents, in the order given.
async function records(files, docs) {
  const m = await files.manifest();
  return Promise.all(docs.map(async (doc) => {
    const where = files.recordFile(m, doc);
    const group = await files.records(where);
    const [url, title, day, tags, organization, upvotes, arxiv, snippet] = group[doc - where.first];
    return { doc, url, title, day, tags: tags.map((t) => m.tags[t].name), organization, upvotes, arxiv, snippet };
  }));
}

// The word less what the trimmer cut from its ends, in the text's own characters: [start, end).
function trimmedSpan(word, index) {
  const chars = [...word];
  const kept = (c) => trim(fold(c)) !== "";
  let first = 0;
  let end = chars.length;
  while (first < end && !kept(chars[first])) first++;
  while (end > first && !kept(chars[end - 1]) && !/\p{M}/u.test(chars[end - 1])) end--;
  const start = index + chars.slice(0, first).join("").length;
  return [start, start + chars.slice(first, end).join("").length];
}

// [start, end) spans of the words in text that the search matched, for <mark>.
function marks(engine, text, found) {
  const spans = [];
  const word = /[^\s-]+/gu;
  let match;
  while ((match = word.exec(text))) {
    const lower = folded(match[0]);
    const trimmed = trim(lower);
    if (!trimmed) continue;
    const stemmed = engine.words.pipeline.run([new engine.lunr.Token(lower, {})]);
    const hit = (stemmed.length && found.terms.has(stemmed[0].toString()))
      || (found.prefix && trimmed.startsWith(found.prefix));
    if (hit) spans.push(trimmedSpan(match[0], match.index));
  }
  return spans;
}

// The choices of a filter: [{value, count}].
async function choices(files, name) {
  const m = await files.manifest();
  if (name === "tag") return m.tags.map((t) => ({ value: t.name, count: t.count }));
  if (name === "year") return m.years.map((y) => ({ value: String(y.year), count: y.end - y.start }));
  return (await files.organizations(m)).map(([value, count]) => ({ value, count }));
}

// The engine over the index at base, with this lunr.js; load(url, fresh) reads a file's JSON.
export function open(base, lunr, load) {
  const engine = { files: indexFiles(base, load), words: rules(lunr), lunr };
  return {
    search: (query, options) => search(engine, query, options),
    records: (docs) => records(engine.files, docs),
    marks: (text, found) => marks(engine, text, found),
    choices: (name) => choices(engine.files, name),
    manifest: engine.files.manifest,
  };
}
