"""Real-shaped Hugging Face API listings (GET /api/daily_papers?date=YYYY-MM-DD), for any day.

The shape and sizes follow items measured from the real API: every field an item and its paper carry,
the optional ones on a realistic share of items, abstracts with arXiv's hard line breaks, ten authors
on average, arXiv ids of the day's month or the one before, and the few bad values the real API
sends (an empty AI keyword, a newline inside a repository address), which the importer leaves out
with a note. Titles and sentences are recombined from the seed digests (benchmarks/make_archive.py),
and every paper has a made-up word of its own, its marker, in its title and abstract, so a search for
it has one right answer. No paper is listed on two days. Weekends list nothing, as on the real API.

Deterministic: a day's listing depends only on the day and the seed, whatever order days are asked in.

    from benchmarks.listings import listing, listing_json, days_with_papers
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import random
import re
from pathlib import Path

if __package__:  # imported as benchmarks.listings (the tests): leave sys.path alone
    from .make_archive import marker, seed_vocabulary
else:  # by the benchmarks, which put benchmarks/ on sys.path
    from make_archive import marker, seed_vocabulary

# Papers a weekday, by year (low, high): the real listings grew longer each year.
PER_DAY = {2023: (10, 40), 2024: (15, 55)}
PER_DAY_LATER = (20, 60)
ABSTRACT_CHARS = (1395, 285)  # mean and spread of the real abstracts (the spread gives their p95)
TITLE_CHARS = (72, 18)
AI_SUMMARY_CHARS = (208, 45)
WRAP = 80  # arXiv's abstracts keep the submitter's hard line breaks, about this far apart
MARKER_EPOCH = dt.date(2000, 1, 1)  # markers are numbered from the day: unique without a shared counter
TEX = [" with $O(n)$ Memory", " at $10\\times$ the Speed", ": LLM$\\times$MapReduce", " for $k$-NN Search",
       " under $\\epsilon$-Differential Privacy"]
FIRST = ["Wei", "Yu", "Jing", "Xin", "Hao", "Li", "Yang", "Jun", "Min", "Jian", "Zhiyuan", "Xiaoming", "Yiwen",
         "Anna", "Maria", "David", "Michael", "Sarah", "James", "Daniel", "Thomas", "Laura", "Kevin", "Emily",
         "Alexander", "Sebastian", "Christopher", "Katherine", "Mohammad", "Ahmed", "Fatima", "Priya", "Rahul",
         "Arjun", "Sanjay", "Ananya", "Takeshi", "Yuki", "Hiroshi", "Seungwoo", "Jiwon", "Minseo", "Olga",
         "Dmitry", "Ivan", "Pierre", "Julien", "Camille", "Matteo", "Giulia", "Luca", "Jonas", "Lena", "Noah"]
LAST = ["Zhang", "Wang", "Li", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu",
        "Smith", "Johnson", "Brown", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thompson", "Martin",
        "Kim", "Lee", "Park", "Choi", "Tanaka", "Suzuki", "Nakamura", "Kumar", "Sharma", "Gupta", "Patel",
        "Singh", "Ivanov", "Petrov", "Kuznetsova", "Dubois", "Lefebvre", "Rossi", "Bianchi", "Muller",
        "Schneider", "Fischer", "Hoffmann", "Garcia", "Rodriguez", "Fernandez", "Hernandez", "Nguyen", "Tran",
        "Kolesnikov", "Vaswani", "Oquab", "Radford", "Hinton"]
ORGS = [("apple", "Apple"), ("google", "Google"), ("meta-llama", "Meta Llama"), ("facebook", "AI at Meta"),
        ("nvidia", "NVIDIA"), ("microsoft", "Microsoft"), ("deepseek-ai", "DeepSeek"), ("Qwen", "Qwen"),
        ("allenai", "Ai2"), ("stanfordnlp", "Stanford NLP"), ("ByteDance-Seed", "ByteDance Seed"),
        ("tencent", "Tencent"), ("alibaba-damo", "Alibaba DAMO Academy"), ("mistralai", "Mistral AI"),
        ("HuggingFaceTB", "Hugging Face Smol Models Research"), ("Salesforce", "Salesforce"),
        ("ibm-granite", "IBM Granite"), ("OpenGVLab", "OpenGVLab"), ("THUDM", "Z.ai & THUKEG"),
        ("amazon", "Amazon")]
SUBMITTERS = [("akhaliq", "AK")] * 6 + [("taesiri", "taesiri"), ("nielsr", "Niels Rogge"),
                                        ("Kseniase", "Ksenia Se"), ("yuchenlin", "Bill Yuchen Lin"),
                                        ("iofu728", "Huiqiang Jiang"), ("jiaweizhang", "Jiawei Zhang")]
STOP = {"the", "and", "for", "with", "from", "via", "into", "are", "all", "you", "need", "how", "what", "when",
        "can", "our", "its", "their", "does", "not", "towards", "toward", "using", "based", "through", "your"}


@functools.cache
def _vocabulary() -> tuple[list[str], list[str], list[str]]:
    """Seed titles, sentences, and keyword phrases (pairs of content words from the titles)."""
    titles, sentences = seed_vocabulary()
    keywords = set()
    for title in titles:
        words = re.findall(r"[A-Za-z][A-Za-z-]+", title)
        for a, b in zip(words, words[1:]):
            if len(a) > 2 and len(b) > 2 and a.lower() not in STOP and b.lower() not in STOP:
                keywords.add(f"{a} {b}" if a.isupper() else f"{a.lower()} {b.lower()}")
    return titles, sentences, sorted(keywords)


def _hex(rng: random.Random) -> str:
    """An id like the API's (a MongoDB ObjectId: 24 hex digits)."""
    return f"{rng.getrandbits(96):024x}"


def _length(rng: random.Random, mean_spread: tuple[int, int], low: int) -> int:
    return max(low, round(rng.gauss(*mean_spread)))


def _nearest(rng: random.Random, choices: list[str], target: int, extra: int, tries: int = 6) -> str:
    """Of a few random choices, the one whose length plus extra comes nearest target."""
    return min(rng.sample(choices, tries), key=lambda s: abs(len(s) + extra - target))


def _sentences(rng: random.Random, sentences: list[str], start: str, target: int) -> str:
    """start, then random sentences while the text is short of target by more than half the next one."""
    text = start
    while True:
        s = rng.choice(sentences)
        if len(text) + (len(s) + 1) / 2 > target and text:
            return text
        text = f"{text} {s}" if text else s


def _wrapped(text: str) -> str:
    """Hard line breaks every WRAP characters or so, at a space, as arXiv abstracts keep them."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > WRAP:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join([*lines, line])


def _stamp(rng: random.Random, day: dt.date) -> str:
    seconds = rng.randrange(86400)
    return f"{day.isoformat()}T{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.000Z"


def _ids(rng: random.Random, day: dt.date, months: list[bool]) -> list[str]:
    """Distinct arXiv ids for the day's papers, each of the day's month (True) or the month before.

    A listing day owns a block of numbers in each of the two months, so no two days share an id."""
    previous = day.replace(day=1) - dt.timedelta(days=1)
    this_month = iter(rng.sample(range(400), months.count(True)))
    last_month = iter(rng.sample(range(300), months.count(False)))
    ids = []
    for same in months:
        if same:
            ids.append(f"{day:%y%m}.{(day.day - 1) * 400 + 1 + next(this_month):05d}")
        else:
            ids.append(f"{previous:%y%m}.{13000 + (day.day - 1) * 300 + next(last_month):05d}")
    return ids


def papers_on(day: dt.date, rng: random.Random, per_day: tuple[int, int] | None = None) -> int:
    """How many papers a weekday lists: per_day (low, high), else the real range of the day's year."""
    return rng.randint(*(per_day or PER_DAY.get(day.year, PER_DAY_LATER)))


def listing(day: dt.date, seed: int = 1, per_day: tuple[int, int] | None = None) -> list[dict]:
    """The API's items for day: [] on Saturdays and Sundays. per_day (low, high) sets how many papers
    a weekday lists, whatever its year (the build benchmark keeps every day at the latest years' rate)."""
    if day.weekday() >= 5:
        return []
    rng = random.Random(f"{day.isoformat()}/{seed}")
    titles, sentences, keywords = _vocabulary()
    first_of_month = day.replace(day=1)
    n = papers_on(day, rng, per_day)
    published = [day - dt.timedelta(days=rng.choice([0, 1, 1, 1, 1, 2, 2, 3, 4, 6, 10, 20, 40])) for _ in range(n)]
    published = [max(p, (first_of_month - dt.timedelta(days=1)).replace(day=1)) for p in published]
    ids = _ids(rng, day, [p >= first_of_month for p in published])
    items = []
    for i, (arxiv_id, when) in enumerate(zip(ids, published)):
        word = marker(rng, (day - MARKER_EPOCH).days * 100 + i + 1)
        title_target = _length(rng, TITLE_CHARS, 20)
        title = f"{word}: {_nearest(rng, titles, title_target, len(word) + 2)}"
        if rng.random() < 0.015:
            title += rng.choice(TEX)
        abstract = _wrapped(_sentences(rng, sentences, f"We introduce {word}.",
                                       _length(rng, ABSTRACT_CHARS, 300)))
        ai_summary = _sentences(rng, sentences, "", _length(rng, AI_SUMMARY_CHARS, 60))
        authors = [{"_id": _hex(rng), "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "hidden": False}
                   for _ in range(min(120, 1 + int(rng.expovariate(1 / 9.5))))]
        paper: dict = {
            "id": arxiv_id, "authors": authors, "publishedAt": _stamp(rng, when), "title": title,
            "summary": abstract, "upvotes": int(rng.lognormvariate(2.3, 1.1)), "discussionId": _hex(rng),
            "ai_summary": ai_summary,
            "ai_keywords": [""] if rng.random() < 0.005 else rng.sample(keywords, max(1, round(rng.gauss(10, 3)))),
        }
        if rng.random() < 0.35:
            paper["githubRepo"] = f"https://github.com/{rng.choice(LAST).lower()}-lab/{word.lower()}"
            if rng.random() < 0.86:
                paper["githubStars"] = int(rng.lognormvariate(3.5, 1.6))
        if rng.random() < 0.002:
            paper["githubRepo"] = f"https://github.com/{rng.choice(LAST).lower()}/\n{word.lower()}"
        if rng.random() < 0.25:
            paper["projectPage"] = f"https://{word.lower()}.github.io/"
        if rng.random() < 0.35:
            handle, name = rng.choice(ORGS)
            paper["organization"] = {"_id": _hex(rng), "name": handle, "fullname": name}
        item: dict = {"paper": paper, "publishedAt": _stamp(rng, day), "title": title}
        if rng.random() < 0.99:
            item["thumbnail"] = f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{arxiv_id}.png"
        item["numComments"] = int(rng.expovariate(1 / 2))
        if rng.random() < 0.98:
            handle, name = rng.choice(SUBMITTERS)
            item["submittedBy"] = {"_id": _hex(rng), "fullname": name, "name": handle, "type": "user"}
        item["isAuthorParticipating"] = rng.random() < 0.2
        items.append(item)
    return items


def listing_json(day: dt.date, seed: int = 1, per_day: tuple[int, int] | None = None) -> str:
    """The API's answer for day, as text."""
    return json.dumps(listing(day, seed, per_day))


def write_listing(folder: Path, day: dt.date, seed: int = 1, per_day: tuple[int, int] | None = None) -> Path:
    """Save day's answer as folder/YYYY-MM-DD.json, a file `generator import` takes."""
    path = folder / f"{day.isoformat()}.json"
    path.write_text(listing_json(day, seed, per_day), encoding="utf-8")
    return path


def days_with_papers(since: dt.date, until: dt.date) -> list[dt.date]:
    """The days from since to until (both included) whose listing is not empty: the weekdays."""
    days = (since + dt.timedelta(days=d) for d in range((until - since).days + 1))
    return [day for day in days if day.weekday() < 5]
