// The search engine of Daily Papers Archive: queries the index generator/search/ writes, fetching
// only the files a query needs (the README's "Search index" section describes them). The query is
// analysed by lunr.js itself, so its terms are the index's; scores are lunr's BM25, summed over
// fields and words. No DOM here: the browser's search.js and the tests' Node scripts both use it.
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.DPASearch = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

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
  const KEPT = "\\u0370-\\u03ff\\u1f00-\\u1fff\\u2100-\\u214f\\u05d0-\\u05d3\\u2202\\u2207";
  const TRIM_START = new RegExp(`^[^A-Za-z0-9_${KEPT}]+`);
  const TRIM_END = new RegExp(`[^A-Za-z0-9_${KEPT}]+$`);
  const trim = (text) => text.replace(TRIM_START, "").replace(TRIM_END, "");
  const fold = (text) => text.normalize("NFKD").replace(/\p{Mn}/gu, "").replace(/\u03c2/g, "\u03c3");

  // lunr.js's tokenizer and pipeline with those two rules: what a text's words become, here and in
  // tests/search_reference.js (which builds lunr.js indexes by them).
  function rules(lunr) {
    const trimmer = (token) => token.update(trim);
    if (!lunr.Pipeline.registeredFunctions.dpaTrimmer) lunr.Pipeline.registerFunction(trimmer, "dpaTrimmer");
    const pipeline = new lunr.Pipeline();
    pipeline.add(lunr.Pipeline.registeredFunctions.dpaTrimmer, lunr.stopWordFilter, lunr.stemmer);
    const tokenizer = (text, metadata) => (text == null ? []
      : lunr.tokenizer(fold(fold(String(text)).toLowerCase()), metadata));
    return { tokenizer, pipeline, trimmer: lunr.Pipeline.registeredFunctions.dpaTrimmer, fold, trim };
  }

  // lunr's edit distance (insertions, deletions, substitutions, transpositions), or max + 1 once
  // it is certainly beyond max.
  function distance(a, b, max) {
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

  function open(base, lunr, load) {
    const { tokenizer, pipeline, trimmer } = rules(lunr);
    const files = new Map();
    const MANIFEST = "manifest.json";
    // Each file is fetched once. A failed fetch is forgotten, and so is the manifest: after a deploy
    // the files it names are gone, and the next query reads the new one (asked for afresh, not from
    // the HTTP cache) and tries again.
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
    const manifest = () => get(MANIFEST);
    // A term's entry in a parsed chunk: its own properties only ("constructor" is a word too).
    const entryOf = (chunk, term) => (Object.prototype.hasOwnProperty.call(chunk, term) ? chunk[term] : []);
    const fill = (pattern, values) => pattern.replace(/\{(\w+)\}/g, (_, name) => values[name]);

    // The query's words through lunr's pipeline: [{term, raw, position}]; raw is the word lower-cased
    // and trimmed, as a prefix is matched (lunr, too, matches wildcards against terms unstemmed).
    function analyse(text) {
      const tokens = tokenizer(text);
      const raw = tokens.map((t) => trimmer(t.clone()).toString());
      return pipeline.run(tokens).map((t) => ({
        term: t.toString(), raw: raw[t.metadata.index], position: t.metadata.index,
      })).filter((w) => w.term);
    }

    function parse(query, prefix) {
      const phrases = [];
      const rest = query.replace(/"([^"]*)"?/g, (_, phrase) => {
        const words = analyse(phrase);
        if (words.length) phrases.push(words);
        return " ";
      });
      const words = analyse(rest);
      // The word still being typed matches as typed (its term) and as the start of longer words.
      // A stop word ("the", maybe on its way to "theory") stays a stop word: it would otherwise
      // require some word that starts with it.
      let last = null;
      if (prefix && !/[\s"]$/.test(query)) {
        const tokens = tokenizer(rest);
        const typed = words.length && words[words.length - 1].position === tokens.length - 1;
        if (typed) last = { term: words[words.length - 1].term, prefix: words.pop().raw };
      }
      return { words, phrases, last };
    }

    function chunkIndex(keys, term) {
      let lo = 0;
      let hi = keys.length - 1;
      while (lo < hi) { // the last chunk whose starting key is <= term (UTF-16 order, as the index sorts)
        const mid = (lo + hi + 1) >> 1;
        if (keys[mid] <= term) lo = mid; else hi = mid - 1;
      }
      return lo;
    }

    const chunk = (kind, segment, n) => manifest().then((m) =>
      get(fill(m.paths[kind], { segment: segment.name, chunk: n })));
    const indexed = (m) => m.segments.filter((s) => s.chunks.length); // a segment of papers with no words has no chunks
    const versioned = (path, version) => `${path}?v=${version}`; // a file whose name outlives its content

    // The terms a clause matches in any segment: a Map term -> boost (its word as typed, 1; the
    // longer words a prefix starts, PREFIX_BOOST).
    async function expand(m, clause) {
      const found = new Map(); // term -> boost
      if (clause.term) found.set(clause.term, 1);
      if (clause.prefix) {
        const spans = indexed(m).map((s) => [chunkIndex(s.chunks, clause.prefix),
          chunkIndex(s.chunks, clause.prefix + "\uffff")]);
        if (spans.every(([a, b]) => b - a < PREFIX_CHUNKS)) {
          await Promise.all(indexed(m).map(async (s, i) => {
            for (let n = spans[i][0]; n <= spans[i][1]; n++) {
              for (const term of Object.keys(await chunk("terms", s, n))) {
                if (term.startsWith(clause.prefix) && !found.has(term)) found.set(term, PREFIX_BOOST);
              }
            }
          }));
        }
      }
      return found;
    }

    // Postings of one term over all segments: per field, a Map doc -> stored term-frequency weight.
    async function postings(m, term) {
      const fields = m.fields.map(() => new Map());
      await Promise.all(indexed(m).map(async (s) => {
        entryOf(await chunk("terms", s, chunkIndex(s.chunks, term)), term).forEach((flat, f) => {
          for (let i = 0, doc = 0; i < flat.length; i += 2) {
            doc += flat[i];
            fields[f].set(doc, flat[i + 1]);
          }
        });
      }));
      return fields;
    }

    async function positions(m, term, f) {
      const out = new Map();
      await Promise.all(indexed(m).map(async (s) => {
        const n = chunkIndex(s.chunks, term);
        const [terms, places] = await Promise.all([chunk("terms", s, n), chunk("positions", s, n)]);
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

    // lunr's score for the papers that have every clause: for each clause, each term it matches and
    // each field, idf x BM25 x the field's boost (rounded as lunr's builder rounds), times the term's boost.
    // Papers matched only through a prefix's longer words are `loose`: they rank after those that
    // match the query as written, which rank as /search/ ranks them (by the word as typed alone).
    async function score(m, clauses) {
      const N = m.documents;
      const loose = new Set();
      // Every chunk the query needs is fetched at once, not one word after another.
      const expanded = await Promise.all(clauses.map((clause) => expand(m, clause)));
      const fetched = await Promise.all(expanded.map((terms) =>
        Promise.all([...terms].map(async ([term, boost]) => [await postings(m, term), boost]))));
      let scores = null;
      for (const terms of fetched) {
        const found = new Map();
        const extra = new Map();
        for (const [fields, boost] of terms) {
          const into = boost === 1 ? found : extra;
          const df = fields.reduce((sum, f) => sum + f.size, 0);
          const idf = Math.log(1 + Math.abs((N - df + 0.5) / (df + 0.5)));
          fields.forEach((docs, f) => {
            const fieldBoost = m.fields[f].boost;
            for (const [doc, q] of docs) {
              const weight = Math.round(idf * (q / m.quantum) * fieldBoost * 1000) / 1000;
              into.set(doc, (into.get(doc) || 0) + boost * weight);
            }
          });
        }
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

    // Whether a term is in the index at all (its chunks are those its search fetches anyway).
    async function known(m, term) {
      return (await postings(m, term)).some((docs) => docs.size);
    }

    // The term a misspelt word most likely meant: the index's terms within lunr's edit distance of
    // its own (by the word's length as typed), nearest first, then in the most papers. The
    // vocabulary is listed by first letter: a typo in the first letter is not corrected.
    async function nearest(m, word) {
      const max = reach([...word.raw]);
      const key = vocabularyKey(word.term);
      if (!max || key === null) return null;
      const papers = new Map();
      await Promise.all(indexed(m).filter((s) => (s.vocabulary || []).includes(key)).map(async (s) => {
        const listed = await get(fill(m.paths.vocabulary, { segment: s.name, key }));
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
    function surface(word, term) {
      let common = 0;
      while (common < word.raw.length && word.raw[common] === word.term[common]) common++;
      const stemTail = word.term.slice(common);
      const typedTail = word.raw.slice(common);
      const guess = (term.endsWith(stemTail) ? term.slice(0, term.length - stemTail.length) : term) + typedTail;
      const back = pipeline.run(tokenizer(guess));
      return back.length === 1 && back[0].toString() === term ? guess : term;
    }

    async function inPhrase(m, scores, phrase) {
      const lists = await Promise.all(m.phrase_fields.map((f) =>
        Promise.all(phrase.map((w) => positions(m, w.term, f)))));
      for (const doc of [...scores.keys()]) {
        const found = lists.some((byWord) => {
          const first = byWord[0].get(doc) || [];
          return first.some((p) => phrase.every((w, i) =>
            (byWord[i].get(doc) || []).includes(p + w.position - phrase[0].position)));
        });
        if (!found) scores.delete(doc);
      }
    }

    const organizations = (m) => get(versioned(m.paths.organizations, m.versions.organizations));

    function gaps(list) {
      const out = [];
      for (let i = 0, doc = 0; i < list.length; i++) out.push(doc += list[i]);
      return out;
    }

    async function filterSet(m, name, value) {
      if (name === "year") {
        const year = m.years.find((y) => String(y.year) === value);
        return (doc) => !!year && doc >= year.start && doc < year.end;
      }
      let docs = [];
      if (name === "tag") {
        const tag = m.tags.find((t) => t.name === value);
        if (tag) docs = gaps(await get(versioned(fill(m.paths.tag, { slug: tag.slug }), tag.version)));
      } else if (name === "organization") {
        const org = (await organizations(m)).find(([orgName]) => orgName === value);
        if (org) docs = gaps(org[2]);
      }
      const set = new Set(docs);
      return (doc) => set.has(doc);
    }

    // search(query, {prefix, tag, year, organization, sort}) -> {count, docs, terms, prefix, arxiv}.
    // docs are document numbers in the order to show; sort is "" (relevance), "newest" or "upvotes".
    async function search(query, options = {}) {
      const m = await manifest();
      const text = String(query || "").trim();
      const id = arxivId(text);
      let scores;
      let loose = new Set();
      let parsed = { words: [], phrases: [], last: null };
      let arxiv = null;
      let corrected = null;
      if (id) {
        arxiv = { id: id.id, url: `https://arxiv.org/abs/${id.id}${id.version}` };
        const term = analyse(id.id)[0].term;
        ({ scores } = await score(m, [{ term }]));
        const field = m.fields.findIndex((f) => f.name === "arxiv");
        const exact = (await postings(m, term))[field];
        for (const doc of [...scores.keys()]) if (!exact.has(doc)) scores.delete(doc);
        arxiv.found = scores.size > 0;
      } else if (text) {
        parsed = parse(String(query), options.prefix);
        if (!options.exact) corrected = await correct(m, String(query), parsed);
        const clauses = [...parsed.words, ...parsed.phrases.flat()].map((w) => ({ term: w.term }));
        if (parsed.last) clauses.push(parsed.last);
        // Only stop words or punctuation: no query, as if the box were empty (filters still apply).
        if (clauses.length) ({ scores, loose } = await score(m, clauses));
        for (const phrase of parsed.phrases) if (phrase.length > 1 && scores.size) await inPhrase(m, scores, phrase);
      }
      const filters = await Promise.all(["tag", "year", "organization"].filter((name) => options[name])
        .map((name) => filterSet(m, name, String(options[name]))));
      let docs;
      if (scores) {
        docs = [...scores.keys()];
      } else if (filters.length) {
        docs = Array.from({ length: m.documents }, (_, i) => i);
      } else {
        docs = [];
      }
      docs = docs.filter((doc) => filters.every((keep) => keep(doc)));
      if (options.sort === "upvotes") {
        const votes = await get(versioned(m.paths.upvotes, m.versions.upvotes));
        docs.sort((a, b) => votes[b] - votes[a] || b - a);
      } else if (options.sort === "newest" || !scores) {
        docs.sort((a, b) => b - a);
      } else {
        docs.sort((a, b) => loose.has(a) - loose.has(b) || scores.get(b) - scores.get(a) || b - a);
      }
      const terms = new Set([...parsed.words, ...parsed.phrases.flat(), parsed.last || {}].map((w) => w.term));
      if (id) terms.add(analyse(id.id)[0].term);
      return { count: docs.length, docs, terms, prefix: parsed.last && parsed.last.prefix, arxiv, corrected };
    }

    // A word that matches nothing (the word still being typed: not even as a prefix) is replaced by
    // the index's nearest term, in `parsed` itself. Returns the query as searched, to show the
    // reader, or null when every word was found.
    async function correct(m, query, parsed) {
      const words = [...parsed.words, ...parsed.phrases.flat()];
      const fixes = new Map(); // typed word -> the word searched for
      await Promise.all(words.map(async (word) => {
        if (await known(m, word.term)) return;
        const term = await nearest(m, word);
        if (!term) return;
        fixes.set(word.raw, surface(word, term));
        word.term = term;
      }));
      const last = parsed.last;
      if (last && !(await known(m, last.term)) && (await expand(m, last)).size <= 1) {
        const word = { term: last.term, raw: last.prefix };
        const term = await nearest(m, word);
        if (term) {
          fixes.set(word.raw, surface(word, term));
          parsed.words.push({ term, raw: word.raw, position: -1 });
          parsed.last = null;
        }
      }
      if (!fixes.size) return null;
      return query.trim().replace(/[^\s"-]+/gu, (typed) => {
        const raw = trim(fold(fold(typed).toLowerCase()));
        if (!fixes.has(raw)) return typed;
        const folded = fold(fold(typed).toLowerCase());
        const at = folded.indexOf(raw);
        return at < 0 ? fixes.get(raw) : folded.slice(0, at) + fixes.get(raw) + folded.slice(at + raw.length);
      });
    }

    // The display records of some documents, in the order given.
    async function records(docs) {
      const m = await manifest();
      return Promise.all(docs.map(async (doc) => {
        const segment = m.segments.find((s) => doc >= s.start && doc < s.end);
        const at = doc - segment.start;
        const group = await get(fill(m.paths.records, { segment: segment.name, file: Math.floor(at / m.records_per_file) }));
        const [url, title, day, tags, organization, upvotes, arxiv, snippet] = group[at % m.records_per_file];
        return { doc, url, title, day, tags: tags.map((t) => m.tags[t].name), organization, upvotes, arxiv, snippet };
      }));
    }

    // [start, end) spans of the words in text that the search matched, for <mark>.
    function marks(text, found) {
      const spans = [];
      const word = /[^\s-]+/gu;
      let match;
      while ((match = word.exec(text))) {
        const folded = fold(fold(match[0]).toLowerCase());
        const token = new lunr.Token(folded, {});
        const trimmed = trim(folded);
        if (!trimmed) continue;
        const stemmed = pipeline.run([token]);
        const hit = (stemmed.length && found.terms.has(stemmed[0].toString()))
          || (found.prefix && trimmed.startsWith(found.prefix));
        if (hit) {
          // The word less what the trimmer cut from its ends, in the text's own characters.
          const chars = [...match[0]];
          const kept = (c) => trim(fold(c)) !== "";
          let first = 0;
          let end = chars.length;
          while (first < end && !kept(chars[first])) first++;
          while (end > first && !kept(chars[end - 1]) && !/\p{M}/u.test(chars[end - 1])) end--;
          const start = match.index + chars.slice(0, first).join("").length;
          spans.push([start, start + chars.slice(first, end).join("").length]);
        }
      }
      return spans;
    }

    // The choices of a filter: [{value, count}].
    async function choices(name) {
      const m = await manifest();
      if (name === "tag") return m.tags.map((t) => ({ value: t.name, count: t.count }));
      if (name === "year") return m.years.map((y) => ({ value: String(y.year), count: y.end - y.start }));
      return (await organizations(m)).map(([value, count]) => ({ value, count }));
    }

    return { search, records, marks, choices, manifest };
  }

  return { open, rules };
});
