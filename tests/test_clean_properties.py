"""Properties of the cleaner on generated input: it never raises, it is idempotent, and it never
empties a normal multi-paragraph article."""

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.clean import clean_text

WORDS = st.sampled_from(
    "the council voted on Tuesday to expand city bus network officials said plan would cost "
    "million euros residents welcomed decision photo credit reuters image news".split()
)
SENTENCE = st.lists(WORDS, min_size=12, max_size=30).map(lambda words: " ".join(words).capitalize() + ".")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_unicode(text):
    cleaned = clean_text(text)
    assert isinstance(cleaned.text, str)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400), st.none() | st.text(max_size=40))
def test_cleaning_is_idempotent(text, title):
    once = clean_text(text, title)
    twice = clean_text(once.text, once.title, once.published_at)
    assert twice.text == once.text
    assert twice.title == once.title


@settings(max_examples=200, deadline=None)
@given(st.lists(SENTENCE, min_size=3, max_size=12, unique=True))
def test_a_normal_article_is_never_emptied(paragraphs):
    cleaned = clean_text("\n\n".join(paragraphs))
    assert len(cleaned.paragraphs) >= len(paragraphs) - 1
