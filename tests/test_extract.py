import datetime

import apache_beam as beam
import numpy as np
import pytest
from lxml.html import fromstring

from schemas import CONTENT_HTML_FRAGMENT, Document
from transforms import block_model, extract
from transforms.block_model import (
    CHOICE_FEATURES,
    DEFAULT_MODEL,
    BlockModel,
    ModelFileError,
    choice_features,
    load_block_model,
)
from transforms.extract import EXTRACTIONS, Extract, NoArticleText, extract_document, extract_page
from transforms.extractors import (
    boilerpy3_article,
    fragment_text,
    justext_text,
    readability_text,
)
from transforms.page_blocks import block_features, page_blocks

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
FURNITURE = ["Sport", "Photo: Jane Roe/Reuters", "More from City News", "Tram line delayed again", "Sign up for our newsletter"]
PAGE_WITH_FURNITURE = PAGE.replace(
    "</article>",
    """<figure><img src="bus.jpg"><figcaption class="caption">Photo: Jane Roe/Reuters</figcaption></figure>
</article><aside class="related"><h3>More from City News</h3><ul>
<li><a href="/a">Tram line delayed again</a></li><li><a href="/b">New bike lanes open downtown</a></li>
<li><a href="/c">Parking fees to rise in spring</a></li></ul></aside>
<div class="newsletter-signup"><a href="/signup">Sign up for our newsletter</a></div>""",
)


def test_page_text_and_metadata():
    page = extract_page(PAGE, extraction="trafilatura")
    assert page.extractor == "trafilatura"
    assert page.text.splitlines() == ["Council doubles electric buses"] + PARAGRAPHS  # Clean drops the h1
    assert page.title == "Council doubles electric buses"
    assert page.authors == ("Jane Roe",)
    assert page.published_at == datetime.datetime(2025, 3, 4, tzinfo=datetime.timezone.utc)


@pytest.mark.parametrize("extraction", EXTRACTIONS)
def test_an_article_after_a_stray_end_of_page_is_kept(extraction):
    """A template closed before the article: browsers render what follows `</html>`, libxml2 drops it."""
    stray = PAGE.replace("<article>", "</body></html>\n<article>")
    assert extract_page(stray, extraction=extraction).text.splitlines()[-4:] == PARAGRAPHS


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


def test_the_trafilatura_method_is_trafilatura_s_text():
    page = extract_page(PAGE, extraction="trafilatura")
    assert page.extractor == "trafilatura"
    assert page.text.splitlines() == ["Council doubles electric buses", *PARAGRAPHS]  # its h1 too


def test_a_page_trafilatura_finds_nothing_in_is_boilerpy3_s(monkeypatch):
    monkeypatch.setattr(extract.trafilatura, "bare_extraction", lambda *args, **kwargs: None)
    page = extract_page(PAGE, extraction="trafilatura")
    assert page.extractor == "boilerpy3"
    assert all(p in page.text for p in PARAGRAPHS)
    assert page.title is None


def _cut_after(paragraphs: int):
    real = extract.trafilatura.bare_extraction

    def bare_extraction(*args, **kwargs):
        page = real(*args, **kwargs)
        page.text = "\n".join(page.text.splitlines()[1 : 1 + paragraphs])
        return page

    return bare_extraction


@pytest.mark.parametrize("extractor", [readability_text, justext_text, boilerpy3_article])
def test_other_extractors_find_the_article_and_never_raise(extractor):
    """On a page of long paragraphs: jusText needs one of 200 characters to trust shorter ones."""
    long_paragraphs = [" ".join(PARAGRAPHS[i:] + PARAGRAPHS[:i]) for i in range(len(PARAGRAPHS))]
    page = PAGE.replace("".join(f"<p>{p}</p>" for p in PARAGRAPHS), "".join(f"<p>{p}</p>" for p in long_paragraphs))
    assert long_paragraphs[1] in extractor(page).splitlines()
    for html in ("", "<<<>>>", "<html><body></body></html>", "\x00\ufffd<p>", "<p>" * 5000):
        assert isinstance(extractor(html), str)


def blocks_only():
    """The block model without the page chooser, whose text then always stands."""
    return BlockModel(load_block_model().booster)


def test_the_model_keeps_the_article_and_drops_the_furniture():
    for model in (blocks_only(), load_block_model()):
        page = extract_page(PAGE_WITH_FURNITURE, extraction="model", model=model)
        assert all(p in page.text.splitlines() for p in PARAGRAPHS)
        assert not any(furniture in page.text for furniture in FURNITURE)
        assert page.title == "Council doubles electric buses"
    assert extract_page(PAGE_WITH_FURNITURE, extraction="model", model=blocks_only()).extractor == "model"


def test_blocks_are_kept_as_every_tree_of_the_model_would_keep_them():
    """Predicting stops early for blocks the model is sure of; no block may change side for it."""
    model = load_block_model()
    analysis = extract.analyse_page(PAGE_WITH_FURNITURE)
    every_tree = model.booster.predict(analysis.features, num_threads=1)
    early = model.probabilities(analysis.features)
    assert (early >= 0.5).tolist() == (every_tree >= 0.5).tolist()
    assert np.allclose(early, every_tree, atol=0.01)


STORY = [*PARAGRAPHS,
         "Bus drivers will be trained to use the new vehicles over the summer, the transport company said.",
         "The first twenty buses are expected to arrive in September and will serve the busiest routes.",
         "Residents of the northern districts have started a petition asking for their routes to be included.",
         "The council will vote on the final route map in January after the consultation has closed."]


def test_the_model_keeps_what_trafilatura_cut_off(monkeypatch):
    """trafilatura stops after two paragraphs of a story of eight; the blocks after them, which look
    like them, are still article text. (On a story of four, the last one cut off is a near call:
    the model gives it .46.)"""
    page_html = PAGE.replace("".join(f"<p>{p}</p>" for p in PARAGRAPHS), "".join(f"<p>{p}</p>" for p in STORY))
    monkeypatch.setattr(extract.trafilatura, "bare_extraction", _cut_after(2))
    page = extract_page(page_html, extraction="model", model=blocks_only())
    assert extract_page(page_html, extraction="trafilatura").text.splitlines() == STORY[:2]
    assert all(p in page.text.splitlines() for p in STORY)


@pytest.mark.parametrize("content", ["", "not a model", "tree\nversion=v4\nnum_class=1\n\x00"])
def test_a_corrupt_model_file_is_a_clear_error(tmp_path, content):
    path = tmp_path / "model.txt"
    path.write_text(content)
    with pytest.raises(ModelFileError, match="not a readable LightGBM model"):
        load_block_model(path)


def test_a_missing_model_stops_the_pipeline_build_not_each_element(monkeypatch, tmp_path):
    monkeypatch.setattr(block_model, "DEFAULT_MODEL", tmp_path / "absent.txt")
    with pytest.raises(ModelFileError, match="make train"):
        with beam.Pipeline() as pipeline:
            pipeline | beam.Create([]) | Extract("model")


def test_a_corrupt_page_chooser_is_a_clear_error(tmp_path):
    path = tmp_path / "chooser.txt"
    path.write_text("not a model")
    with pytest.raises(ModelFileError, match="page chooser model at .* is not a readable"):
        load_block_model(chooser=path)


def test_the_chooser_keeps_trafilatura_s_text_where_it_expects_it_to_be_better(monkeypatch):
    model = load_block_model()
    monkeypatch.setattr(model.chooser, "predict", lambda rows, **_: [0.0] * len(rows))
    page = extract_page(PAGE_WITH_FURNITURE, extraction="model", model=model)
    assert page.extractor == "trafilatura"
    assert page.text == extract_page(PAGE_WITH_FURNITURE, extraction="trafilatura").text


def test_a_model_of_other_features_is_refused(tmp_path):
    path = tmp_path / "model.txt"
    path.write_text(DEFAULT_MODEL.read_text().replace("feature_names=log_chars", "feature_names=renamed", 1))
    with pytest.raises(ModelFileError, match="other features"):
        load_block_model(path)


def test_a_second_opinion_that_fails_says_so_at_debug_level_only(caplog):
    caplog.set_level("DEBUG")
    assert PARAGRAPHS[0] in readability_text(PAGE.replace("<p>", "<p>\x00"))
    assert readability_text("") == ""  # readability logs an ERROR with a traceback for this
    assert not [record for record in caplog.records if record.levelno >= 30]
    assert any("readability found no article" in record.getMessage() for record in caplog.records)


def test_the_chooser_compares_the_two_texts_by_their_shared_words():
    """The blocks' text against trafilatura's, from the block features alone."""
    blocks = page_blocks(fromstring(PAGE_WITH_FURNITURE))
    features = block_features(blocks, "\n".join(PARAGRAPHS), "Council doubles electric buses")
    story = np.array([float(block.text in PARAGRAPHS) for block in blocks])
    column = dict(zip(CHOICE_FEATURES, range(len(CHOICE_FEATURES))))
    same = choice_features(features, story)
    assert same[column["word_agreement"]] == pytest.approx(1.0)
    assert same[column["word_ratio"]] == pytest.approx(1.0)
    half = story.copy()
    half[np.flatnonzero(story)[2:]] = 0.0  # the blocks keep the first two paragraphs only
    words = [len(p.split()) for p in PARAGRAPHS]
    assert choice_features(features, half)[column["word_agreement"]] == pytest.approx(
        2 * sum(words[:2]) / (sum(words[:2]) + sum(words)), rel=0.02
    )
    everything = choice_features(features, np.ones(len(blocks)))
    assert 0 < everything[column["word_agreement"]] < same[column["word_agreement"]]
    assert choice_features(features, np.zeros(len(blocks)))[column["word_agreement"]] == 0.0
