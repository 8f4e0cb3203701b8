import json

import apache_beam as beam
import numpy as np
import pytest

from transforms import paragraph_model
from transforms.clean import RULE_SUPPORT, Clean, backed_rules, clean_text
from transforms.furniture import RULE_PROMO
from transforms.model_files import ModelFileError
from transforms.paragraph_features import FEATURE_NAMES, paragraph_features
from transforms.paragraph_model import (
    DEFAULT_PARAGRAPH_MODEL,
    RULE_MODEL,
    ParagraphModel,
    load_paragraph_model,
    threshold_file,
)
from transforms.quality import word_count

BODY = [
    "The regional government approved a new flood defence plan on Tuesday after two years of "
    "consultation with towns along the river, officials said at a press conference in the capital.",
    "The plan includes higher embankments, new retention basins and an early warning system that "
    "will send alerts to phones in the affected districts when water levels in the river rise quickly.",
    "Opposition parties criticised the cost, which they said would be borne by local councils "
    "that were already struggling to pay for schools and road repairs after last year's storms.",
]


def features_of(paragraphs, headline=None):
    counts = [word_count(p) for p in paragraphs]
    rows = paragraph_features(paragraphs, headline, counts)
    return [dict(zip(FEATURE_NAMES, row)) for row in rows]


def test_one_row_of_every_feature_per_paragraph_and_none_for_no_text():
    assert paragraph_features(BODY, None, [word_count(p) for p in BODY]).shape == (3, len(FEATURE_NAMES))
    assert paragraph_features([], None, []).shape == (0, len(FEATURE_NAMES))


def test_a_related_list_after_the_body_is_a_run_of_short_lines_past_the_last_body_paragraph():
    related = ["Floods wreak havoc in the north", "Minister visits damaged bridge", "Farmers count the cost"]
    rows = features_of(BODY + related)
    for row in rows[3:]:
        assert row["short_run"] == 3 and row["body_after"] == 0 and row["to_next_body"] == -1
        assert row["ends_sentence"] == 0 and row["reads_as_link"] == 1
    assert [row["place_in_run"] for row in rows[3:]] == [0.0, 0.5, 1.0]
    assert rows[0]["short_run"] == 0 and rows[0]["body_after"] == 2


def test_distances_to_the_nearest_body_paragraph_either_way_leave_the_paragraph_itself_out():
    short = ["Gallery", "More news", "Share"]
    rows = features_of([short[0], BODY[0], short[1], short[2], BODY[1], BODY[2]])
    assert [row["from_prev_body"] for row in rows] == [-1, -1, 1, 2, 3, 1]
    assert [row["to_next_body"] for row in rows] == [1, 3, 2, 1, 1, -1]


def test_dates_times_and_links_are_found_and_only_where_they_are():
    (dated,) = features_of(["Published Jan. 5 at 10:30 am"])
    assert dated["has_date"] == dated["has_time"] == 1
    for line in ("More at www.example.com", "Follow @newsdesk", "See https://example.com/a", "desk@example.com"):
        assert features_of([line])[0]["url_or_handle"] == 1
    (plain,) = features_of(["Published in January, see the example site or the news desk"])
    assert plain["has_date"] == plain["has_time"] == plain["url_or_handle"] == 0


def test_cue_words_media_labels_and_separators_are_counted():
    (row,) = features_of(["VIDEO | Voting scenes from the capital"])
    assert row["cue_media"] == 1 and row["label_bar"] == 1 and row["separators"] == 1
    (row,) = features_of(["Previous story: Council elects new mayor"])
    assert row["cue_navigation"] == 2 and row["first_word_cue"] == 1
    (row,) = features_of(["1. Bayliss (Ducati) 1'32.2"])
    assert row["bullet_or_number"] == 1 and row["digit_share"] > 0.15


def test_overlap_with_the_headline_and_with_the_body_vocabulary():
    rows = features_of([*BODY, "Flood defence plan approved"], headline="Government approves flood defence plan")
    assert rows[3]["headline_overlap"] == 0.75  # flood, defence, plan of four words
    assert rows[3]["body_overlap"] == 1.0  # flood, defence, plan, approved all in the body
    (alone,) = features_of(["Go on, go on"])
    assert alone["body_overlap"] == -1.0  # no topic words to compare


def test_a_text_gets_the_same_features_whatever_else_was_computed_before():
    first = paragraph_features(BODY, "A headline", [word_count(p) for p in BODY])
    paragraph_features(["Other text", "More"], None, [2, 1])
    assert np.array_equal(first, paragraph_features(BODY, "A headline", [word_count(p) for p in BODY]))


class _FixedBooster:
    """A stand-in booster that scores every paragraph the same."""

    def __init__(self, probability):
        self.probability = probability

    def predict(self, features, num_threads=1):
        return np.full(len(features), self.probability)


@pytest.mark.parametrize(
    ("probability", "rule", "backed"),
    [
        (0.7, "teaser", "teaser"),  # a soft rule the classifier backs
        (RULE_SUPPORT - 0.01, "trailing_link_list", None),  # a soft rule the classifier vetoes
        (0.0, "headline_list", "headline_list"),  # a list of headlines goes by its shape alone
        (0.9, None, None),  # no rule: the classifier's threshold decides (`ParagraphModel.removes`)
    ],
)
def test_the_classifier_backs_or_vetoes_soft_rules(probability, rule, backed):
    assert backed_rules([rule], [probability]) == [backed]


def test_on_its_own_the_classifier_removes_at_its_threshold():
    model = ParagraphModel(_FixedBooster(0.0), threshold=0.8)
    assert model.removes(0.8) and model.removes(0.9) and not model.removes(0.79)


def test_a_paragraph_the_classifier_removes_is_kept_in_removed_with_rule_model():
    text = "\n".join(BODY)
    cleaned = clean_text(text, title="Flood plan", model=ParagraphModel(_FixedBooster(0.0), 0.8))
    assert cleaned.paragraphs == tuple(BODY) and cleaned.removed == ()
    everything = ParagraphModel(_FixedBooster(1.0), 0.8)
    cleaned = clean_text(text + "\nA fourth paragraph of the text.", title="Flood plan", model=everything)
    assert [r.rule for r in cleaned.removed] == [RULE_MODEL] * 4 and cleaned.paragraphs == ()


@pytest.mark.parametrize(("probability", "kept"), [(0.6, 3), (0.4, 5)])
def test_a_trailing_run_of_headlines_in_sentence_case_goes_only_with_the_classifier_s_backing(probability, kept):
    related = ["Floods wreak havoc in northern villages", "Minister promises aid after storm"]
    text = "\n".join([*BODY, *related])
    cleaned = clean_text(text, title="Flood plan", model=ParagraphModel(_FixedBooster(probability), 0.8))
    assert len(cleaned.paragraphs) == kept
    assert {r.rule for r in cleaned.removed} == ({"trailing_headlines"} if kept == 3 else set())
    assert clean_text(text, title="Flood plan", rules_only=True).removed == ()  # too broad on its own


def test_a_list_of_headlines_by_its_shape_goes_whatever_the_classifier_says():
    related = ["Floods wreak havoc in northern villages", "Minister promises aid after the storm",
               "Council approves new budget for schools"]
    never = ParagraphModel(_FixedBooster(0.0), 0.8)  # finds nothing boilerplate
    cleaned = clean_text("\n".join([*BODY, *related]), title="Flood plan", model=never)
    assert cleaned.paragraphs == tuple(BODY)
    assert [r.rule for r in cleaned.removed] == ["headline_list"] * 3


class _ListedBooster:
    """A stand-in booster that scores the paragraphs of a text in the order given."""

    def __init__(self, *probabilities):
        self.probabilities = np.array(probabilities)

    def predict(self, features, num_threads=1):
        assert len(features) == len(self.probabilities)
        return self.probabilities


@pytest.mark.parametrize(
    ("related", "kept"),
    [((0.3, 0.3, 0.8, 0.9), 3),  # the run's mean, 0.575, backs the rule for all four lines
     ((0.1, 0.2, 0.3, 0.85), 6)],  # its mean, 0.36, vetoes the rule; the last line goes on its own
)
def test_a_trailing_run_is_judged_as_one_list_by_its_mean_probability(related, kept):
    lines = ["Floods wreak havoc in northern villages", "Storm aid promised",  # too short for a list by shape
             "Council approves new budget for schools", "Heatwave expected to last until the weekend"]
    model = ParagraphModel(_ListedBooster(0.0, 0.0, 0.0, *related), threshold=0.8)
    cleaned = clean_text("\n".join([*BODY, *lines]), title="Flood plan", model=model)
    assert cleaned.paragraphs == tuple([*BODY, *lines][:kept])
    assert [r.rule for r in cleaned.removed] == (["trailing_headlines"] * 4 if kept == 3 else [RULE_MODEL])


def test_previous_and_next_story_links_go_by_their_label_inside_a_story_or_after_it():
    links = ["Previous story: Council elects new mayor", "Next story: Bridge reopens after repairs"]
    for text in ("\n".join([*BODY, *links]), "\n".join([BODY[0], *links, *BODY[1:]])):
        cleaned = clean_text(text, title="Flood plan approved")
        assert cleaned.paragraphs == tuple(BODY)
        assert [removal.rule for removal in cleaned.removed] == [RULE_PROMO, RULE_PROMO]


def test_the_shipped_model_loads_with_its_threshold():
    model = load_paragraph_model()
    assert 0.5 <= model.threshold <= 1.0
    assert tuple(model.booster.feature_name()) == FEATURE_NAMES


def test_a_missing_paragraph_model_stops_the_pipeline_build_not_each_element(monkeypatch, tmp_path):
    monkeypatch.setattr(paragraph_model, "DEFAULT_PARAGRAPH_MODEL", tmp_path / "absent.txt")
    with pytest.raises(ModelFileError, match="paragraph model not found at .*make train"):
        with beam.Pipeline() as pipeline:
            pipeline | beam.Create([]) | Clean()


@pytest.mark.parametrize("content", ["", "not a model", "tree\nversion=v4\n\x00"])
def test_a_corrupt_paragraph_model_is_a_clear_error(tmp_path, content):
    path = tmp_path / "paragraphs.txt"
    path.write_text(content)
    threshold_file(path).write_text(json.dumps({"threshold": 0.9}))
    with pytest.raises(ModelFileError, match="not a readable LightGBM model"):
        load_paragraph_model(path)


@pytest.mark.parametrize("threshold", [None, "{}", "not json"])
def test_a_missing_or_unreadable_threshold_is_a_clear_error(tmp_path, threshold):
    path = tmp_path / "paragraphs.txt"
    path.write_text(DEFAULT_PARAGRAPH_MODEL.read_text())
    if threshold is not None:
        threshold_file(path).write_text(threshold)
    with pytest.raises(ModelFileError, match="threshold .* missing or unreadable"):
        load_paragraph_model(path)
