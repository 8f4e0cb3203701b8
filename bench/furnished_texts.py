"""Generated training texts: each corpus page's reviewed article text, furnished the way syndicated
and plain-text news copy is, with the headlines of other pages of the corpus as the links.

The pages' own surroundings (`train_paragraphs.page_texts`) are mostly not news: product lists,
documentation, forums. What news copy carries after and inside the body (a list of related
headlines, with or without a label, one per line; "Read also: …" lines; "Previous story: …";
"Gallery | …" and "VIDEO | …" media labels) is rare there, so it is added here, labelled exactly:
the article's paragraphs and headline are article text, everything added is boilerplate. Half the
headlines are set in sentence case, as many outlets write them. Each page draws its furniture from
a generator seeded by its id, so the same corpus gives the same texts.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence

from bench.corpus import Page
from transforms.clean import split_paragraphs

__all__ = ["furnished_text"]

LIST_LABELS = (
    "Related", "Related stories", "Related Links", "More news", "Other News", "Top Stories",
    "Local Top Stories", "Latest news", "Most read", "Recommended for you", "You may also like",
    "More from this section", "Mehr zum Thema", "Weitere Nachrichten", "À lire aussi",
    "Sur le même sujet", "Noticias relacionadas", "Lo más leído",
)
LINK_FORMS = ("{}", "{}", "{}", "{} more»", "• {}", "» {}", "{} ›")
INLINE_FORMS = (
    "Read also: {}", "Related: {}", "ALSO READ | {}", "Gallery | {}", "VIDEO | {}", "Photos: {}",
    "WATCH: {}", "Listen: {}", "Lesen Sie auch: {}", "Lire aussi : {}", "Vídeo: {}", "LEA TAMBIÉN: {}",
)
NEIGHBOUR_FORMS = (("Previous story: {}", "Next story: {}"), ("« Previous: {}", "Next: {} »"), ("Previous", "Next"))


def _sentence_case(headline: str) -> str:
    """Only the first word capitalised; acronyms (words in capitals) stay as they are."""
    words = headline.split()
    return " ".join([words[0], *(w if w.isupper() else w.lower() for w in words[1:])])


def _headlines(rng: random.Random, titles: Sequence[str], count: int) -> list[str]:
    chosen = rng.sample(titles, count)
    return [_sentence_case(t) if rng.random() < 0.5 else t for t in chosen]


def furnished_text(page: Page, titles: Sequence[str]) -> tuple[list[str], list[bool]] | None:
    """(lines, boilerplate per line) of `page`'s headline and article with furniture added, the
    links drawn from `titles` (other pages' headlines); None without headline or article."""
    headline = (page.title or "").strip()
    body = split_paragraphs(page.gold)
    if not headline or not body or len(titles) < 8:
        return None
    rng = random.Random(hashlib.sha1(page.id.encode()).hexdigest())
    lines = [(headline, False)] + [(paragraph, False) for paragraph in body]
    if len(body) > 2 and rng.random() < 0.4:
        form = rng.choice(INLINE_FORMS)
        lines.insert(rng.randrange(2, len(lines)), (form.format(*_headlines(rng, titles, 1)), True))
    tail = []
    if rng.random() < 0.7:
        label = [rng.choice(LIST_LABELS)] if rng.random() < 0.6 else []
        links = [rng.choice(LINK_FORMS).format(t) for t in _headlines(rng, titles, rng.randint(2, 6))]
        tail.append(label + links)
    if rng.random() < 0.25:
        previous, following = rng.choice(NEIGHBOUR_FORMS)
        tail.append([form.format(t) for form, t in zip((previous, following), _headlines(rng, titles, 2))])
    rng.shuffle(tail)
    lines += [(line, True) for block in tail for line in block]
    return [" ".join(split_paragraphs(line)) for line, _ in lines], [boilerplate for _, boilerplate in lines]
