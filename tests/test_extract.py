import datetime

import pytest

from schemas import CONTENT_HTML_FRAGMENT, Document
from transforms import extract
from transforms.extract import NoArticleText, extract_document, extract_page
from transforms.extractors import (
    boilerpy3_article,
    boilerpy3_default,
    fragment_text,
    justext_text,
    readability_text,
    trafilatura_recall,
)

PARAGRAPHS = [
    "The city council approved a plan on Tuesday to double the number of electric buses by 2030.",
    "The mayor said the investment of 40 million euros would be paid for by a regional climate fund.",
    "Opposition members criticised the plan, saying it left out the northern districts entirely.",
    "A public consultation on the new routes will open next month and run until the end of March.",
]
PAGE = f"""<html><head><title>Council doubles electric buses | City News</title>
<meta name="author" content="Jane Roe"><meta property="article:published_time" content="2025-03-04">
</head><body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<article><h1>Council doubles electric buses</h1>{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</article>
<footer>Copyright City News. All rights reserved.</footer></body></html>"""


def test_page_text_and_metadata():
    page = extract_page(PAGE)
    assert page.extractor == "trafilatura"
    assert page.text.splitlines() == ["Council doubles electric buses"] + PARAGRAPHS  # Clean drops the h1
    assert page.title == "Council doubles electric buses"
    assert page.authors == ("Jane Roe",)
    assert page.published_at == datetime.datetime(2025, 3, 4, tzinfo=datetime.timezone.utc)


def test_page_without_article_text_is_an_error():
    with pytest.raises(NoArticleText):
        extract_page("<html><head><title>Empty</title></head><body><div></div></body></html>")


def test_metadata_given_by_the_input_wins():
    doc = Document(id="1", source_uri="x.jsonl#line=1", payload=b"", content_type="html", content=PAGE, title="Feed title")
    extracted = extract_document(doc)
    assert extracted.title == "Feed title"
    assert extracted.authors == ("Jane Roe",)
    assert extracted.content == ""


def test_plain_text_passes_through():
    doc = Document(id="1", source_uri="x.txt", payload=b"", content_type="text", content="Line one.\r\nLine two.")
    extracted = extract_document(doc)
    assert (extracted.text, extracted.extractor) == ("Line one.\nLine two.", "plain")


def test_fragment_keeps_its_paragraphs_and_drops_scripts():
    html = "<p>First <b>bold</b> point.</p><script>track()</script><p>Second<br>line</p><ul><li>one</li></ul>tail"
    assert fragment_text(html) == "First bold point.\nSecond\nline\none\ntail"


def test_feed_fragment_is_converted_not_extracted():
    doc = Document(id="1", source_uri="f.rss#item=1", payload=b"", content_type=CONTENT_HTML_FRAGMENT,
                   content="<p>Rail workers returned to work on Tuesday.</p>")
    extracted = extract_document(doc)
    assert (extracted.text, extracted.extractor) == ("Rail workers returned to work on Tuesday.", "fragment")
    with pytest.raises(NoArticleText):
        extract_document(doc.replace(content="<p> </p>"))


def test_an_easy_page_is_trafilatura_s_alone_with_or_without_consensus():
    assert extract_page(PAGE).extractor == extract_page(PAGE, consensus=False).extractor == "trafilatura"


def test_when_the_second_opinions_disagree_the_most_agreed_text_wins(monkeypatch):
    """trafilatura stops after two paragraphs; its recall mode, readability and jusText find all
    four: their text wins, and the metadata is still trafilatura's."""
    full = "\n".join(PARAGRAPHS)
    for name in ("trafilatura_recall", "readability_text", "justext_text"):
        monkeypatch.setattr(extract, name, lambda html, *_, text=full: text)
    monkeypatch.setattr(extract.trafilatura, "bare_extraction", _cut_after(2))
    page = extract_page(PAGE)
    assert (page.extractor, page.text) == ("trafilatura_recall", full)
    assert page.title == "Council doubles electric buses"
    assert extract_page(PAGE, consensus=False).text.splitlines() == PARAGRAPHS[:2]


def test_a_page_trafilatura_finds_nothing_in_is_taken_from_the_others(monkeypatch):
    monkeypatch.setattr(extract.trafilatura, "bare_extraction", lambda *args, **kwargs: None)
    page = extract_page(PAGE)
    assert page.extractor != "trafilatura"
    assert all(p in page.text for p in PARAGRAPHS)
    assert page.title is None


def _cut_after(paragraphs: int):
    real = extract.trafilatura.bare_extraction

    def bare_extraction(*args, **kwargs):
        page = real(*args, **kwargs)
        page.text = "\n".join(page.text.splitlines()[1 : 1 + paragraphs])
        return page

    return bare_extraction


@pytest.mark.parametrize(
    "extractor", [trafilatura_recall, readability_text, justext_text, boilerpy3_article, boilerpy3_default]
)
def test_second_opinions_find_the_article_and_never_raise(extractor):
    """On a page of long paragraphs: jusText needs one of 200 characters to trust shorter ones."""
    long_paragraphs = [" ".join(PARAGRAPHS[i:] + PARAGRAPHS[:i]) for i in range(len(PARAGRAPHS))]
    page = PAGE.replace("".join(f"<p>{p}</p>" for p in PARAGRAPHS), "".join(f"<p>{p}</p>" for p in long_paragraphs))
    assert long_paragraphs[1] in extractor(page).splitlines()
    for html in ("", "<<<>>>", "<html><body></body></html>", "\x00\ufffd<p>", "<p>" * 5000):
        assert isinstance(extractor(html), str)
