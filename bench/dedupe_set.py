"""The near-duplicate evaluation set: syndicated copies made from real articles, and hard
negatives, so that `make eval` can score dedupe on text nobody on the team wrote.

From sampled articles of `wcxb-dev/gold.jsonl` (their human-reviewed main text) it makes:
- exact copies (same text, another URL with tracking parameters),
- trimmed copies (the first 40–90 % of the paragraphs, as wire copies are cut),
- extended copies (another outlet's furniture — a promo line and an outlet list — around it),
- re-headlined copies (a new headline line in front),
- lightly edited copies (about 1 word in 25 replaced),
and hard negatives that must stay apart:
- same outlet: different articles that all carry the same outlet's boilerplate block,
- same event: a different article that quotes one paragraph of the original,
- sidebar: a page about another story that carries the original whole after its own text,
- round-up: a page of briefs, each under its headline, the original whole among them,
- hub: a listing page carrying the original and the next story's original whole, one after the
  other (two stories that share nothing, linked only through the page).
The page negatives are where containment alone fails: the original lies wholly inside them.
Generation is seeded: the same arguments give the same set.
"""

from __future__ import annotations

import dataclasses
import json
import pathlib
import random

COPY_KINDS = ("exact", "trimmed", "extended", "reheadlined", "edited")
NEGATIVE_KINDS = ("same_outlet", "same_event", "sidebar", "roundup", "hub")
_MIN_WORDS = 150
_OTHERS_PER_STORY = 4  # articles that are no story's original, used by each story's negatives
_FURNITURE = [
    "Sign up for our morning newsletter and get the day's top stories in your inbox.",
    "Daily Courier\nMetro Herald\nCapital Wire\nValley News Now\nCoastal Times",
]
_OUTLET_BLOCK = (
    "This story was produced by the Riverside Gazette newsroom. Our journalism is supported by "
    "readers like you: subscribe today for unlimited access to local reporting, newsletters, "
    "puzzles and the e-edition, and follow us on social media for breaking news alerts."
)


@dataclasses.dataclass(frozen=True)
class Case:
    id: str
    story: str  # cases of one story are duplicates of each other, of different stories never
    kind: str  # "original", one of COPY_KINDS or of NEGATIVE_KINDS
    text: str
    url: str


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def _edited(paragraphs: list[str], rng: random.Random) -> list[str]:
    words = "\n".join(paragraphs).split(" ")
    for index in rng.sample(range(len(words)), len(words) // 25):
        words[index] = rng.choice(["said", "reported", "officials", "new", "also", "local"])
    return " ".join(words).split("\n")


def _words(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def _headline(paragraphs: list[str]) -> str:
    """A headline line for a brief: the first words of its first paragraph."""
    return " ".join(paragraphs[0].split()[:8]).rstrip(".,;:")


def _brief(paragraphs: list[str]) -> list[str]:
    """A brief of a round-up: headline and the first two paragraphs."""
    return [_headline(paragraphs), *paragraphs[:2]]


def load_articles(gold: pathlib.Path) -> list[dict]:
    records = [json.loads(line) for line in gold.read_text().split("\n") if line.strip()]
    return [
        r for r in records
        if r.get("main_content") and len(r["main_content"].split()) >= _MIN_WORDS
        and len(_paragraphs(r["main_content"])) >= 4
    ]


def generate(gold: pathlib.Path, stories: int = 120, seed: int = 1) -> list[Case]:
    rng = random.Random(seed)
    articles = load_articles(gold)
    rng.shuffle(articles)
    originals, others = articles[:stories], articles[stories:]
    cases: list[Case] = []
    story_paragraphs = [_paragraphs(record["main_content"]) for record in originals]
    for number, record in enumerate(originals):
        story = f"s{number:04d}"
        paragraphs = story_paragraphs[number]
        url = record["url"]
        cases.append(Case(f"{story}-original", story, "original", "\n".join(paragraphs), url))
        kept = max(1, round(len(paragraphs) * rng.uniform(0.4, 0.9)))
        copies = {
            "exact": paragraphs,
            "trimmed": paragraphs[:kept],
            "extended": [_FURNITURE[0], *paragraphs, _FURNITURE[1]],
            "reheadlined": [f"Breaking: {rng.choice(paragraphs)[:60].rsplit(' ', 1)[0]}", *paragraphs],
            "edited": _edited(paragraphs, rng),
        }
        for kind, copy in copies.items():
            copy_url = f"{url}?utm_source=wire" if kind == "exact" else f"https://copy{number}.example/{kind}"
            cases.append(Case(f"{story}-{kind}", story, kind, "\n".join(copy), copy_url))
        # Hard negatives, each a story of its own: a different article carrying the boilerplate
        # block that every same-outlet negative shares, one quoting a paragraph of this one, and
        # pages of several stories that carry this one whole where it is at most half the page
        # (a short story in a long page, as with real sidebars and round-ups).
        outlet, event, lead, second = (
            _paragraphs(others[(_OTHERS_PER_STORY * number + i) % len(others)]["main_content"])
            for i in range(_OTHERS_PER_STORY)
        )
        following = story_paragraphs[(number + 1) % len(originals)]
        middle = len(event) // 2
        negatives = {
            "same_outlet": [*outlet, _OUTLET_BLOCK],
            "same_event": [*event[:middle], rng.choice(paragraphs), *event[middle:]],
            "sidebar": [*lead, "Also in the news", _headline(paragraphs), *paragraphs],
            "roundup": [_headline(second), *second, _headline(paragraphs), *paragraphs, *_brief(lead), *_brief(event)],
            "hub": ["Latest releases", _headline(paragraphs), *paragraphs, _headline(following), *following],
        }
        for kind in ("sidebar", "roundup"):
            if _words(paragraphs) * 2 > _words(negatives[kind]):
                del negatives[kind]
        if min(_words(paragraphs), _words(following)) * 2 < max(_words(paragraphs), _words(following)):
            del negatives["hub"]  # one story would be most of the page: a copy of it with a teaser
        for kind, text in negatives.items():
            case_id = f"{story}-{kind}"
            cases.append(Case(case_id, case_id, kind, "\n".join(text), f"https://other{number}.example/{kind}"))
    return cases
