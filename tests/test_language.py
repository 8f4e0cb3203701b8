import json
import random
import subprocess
import sys

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from tests.support import REPO, SEEDS, make_doc
from transforms.language import UNDETERMINED, DetectLanguage, detect, detect_language
from transforms.scripts import chinese_language, chinese_script

SAMPLES = {
    "en": "The government announced new measures on Tuesday to curb rising energy prices for households.",
    "fr": "Le gouvernement a annoncé mardi de nouvelles mesures pour freiner la hausse des prix de l'énergie.",
    "de": "Die Regierung kündigte am Dienstag neue Maßnahmen an, um die steigenden Energiepreise zu bremsen.",
    "es": "El gobierno anunció el martes nuevas medidas para frenar la subida de los precios de la energía.",
}
# Article 1 of the Universal Declaration of Human Rights (public domain). Seeded langdetect
# answers `ko` for the Traditional text.
UDHR_HANT = "人人生而自由，在尊嚴和權利上一律平等。他們賦有理性和良心，並應以兄弟關係的精神相對待。"
UDHR_HANS = "人人生而自由,在尊严和权利上一律平等。他们赋有理性和良心,并应以兄弟关系的精神相对待。"
UDHR_JA = "すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。"
UDHR_KO = "모든 인간은 태어날 때부터 자유로우며 그 존엄과 권리에 있어 동등하다."


@pytest.mark.parametrize("code, text", SAMPLES.items())
def test_detects_iso_639_1_codes(code, text):
    language, score = detect_language(text)
    assert language == code
    assert 0.5 < score <= 1.0
    assert detect(text).script == "Latn"


@pytest.mark.parametrize(
    "text, language, script",
    [
        (UDHR_HANT, "zh", "Hant"),
        (UDHR_HANS, "zh", "Hans"),
        (UDHR_JA, "ja", "Jpan"),
        ("東京都知事選挙の結果が発表された", "ja", "Jpan"),  # mostly kanji, kana decides
        (UDHR_KO, "ko", "Kore"),
        ("Правительство объявило во вторник о новых мерах поддержки.", "ru", "Cyrl"),
    ],
)
def test_scripts_settle_what_langdetect_confuses(text, language, script):
    detection = detect(text)
    assert (detection.language, detection.script) == (language, script)


def test_han_without_hangul_is_never_korean():
    for length in range(4, len(UDHR_HANT), 3):
        assert detect(UDHR_HANT[:length]).language in ("zh", UNDETERMINED)


def test_chinese_script_counts_characters_of_one_set_only():
    assert chinese_script("这是简体字") == "Hans"
    assert chinese_script("這是繁體字") == "Hant"
    assert chinese_script("人人生而自由") == "Hans"  # shared characters only: Simplified by default


# The same news in written Cantonese and in written Mandarin (Traditional), written for this test
CANTONESE = "政府尋日宣佈咗一個新計劃，要改善城市嘅公共交通。部長話，工程會喺一月開始，喺夏天之前完成。佢哋講唔會加車費。"
MANDARIN = "政府昨日宣佈了一項新計劃，以改善城市的公共交通。部長表示，工程將於一月開始，並在夏季之前完成。他們表示不會增加車費。"


def test_cantonese_is_named_by_the_characters_only_it_writes():
    assert (detect(CANTONESE).language, detect(CANTONESE).script) == ("yue", "Hant")
    assert (detect(MANDARIN).language, detect(MANDARIN).script) == ("zh", "Hant")
    # a Mandarin text quoting a Cantonese word or two stays Mandarin
    assert chinese_language(MANDARIN * 3 + "「佢哋」") == "zh"
    assert chinese_language("佢哋嘅") == "yue"


@pytest.mark.parametrize(
    "text",
    [
        "", "   \n", "12 345 678", "https://example.com/a/b?c=1 www.example.org", "🙂🙂🙂 🎉",
        "a.", "<div><span></span></div>", "\x00\x01\x02\xff" * 50, "&nbsp;&amp;",
    ],
)
def test_text_without_enough_letters_is_undetermined(text):
    assert detect_language(text) == (UNDETERMINED, 0.0)


def test_nothing_raises_on_large_or_binary_looking_input():
    rng = random.Random(7)
    for text in ("x" * 1_000_000, bytes(rng.randrange(256) for _ in range(5000)).decode("latin-1"),
                 "".join(chr(rng.randrange(0x10FFFF)) for _ in range(2000)).encode("utf-8", "replace").decode("utf-8", "replace")):
        language, score = detect_language(text)
        assert isinstance(language, str) and 0.0 <= score <= 1.0


def test_low_scores_are_undetermined():
    unsure = "das ist gut"
    score = detect(unsure).score
    assert 0.5 < score < 1.0
    assert detect(unsure, min_score=score).language == "de"
    assert detect_language(unsure, min_score=score + 0.01) == detect_language(unsure, min_score=1.01) == (UNDETERMINED, 0.0)


def test_only_a_prefix_is_read():
    mixed = SAMPLES["fr"] * 3 + " " + SAMPLES["en"] * 60
    assert detect_language(mixed, max_chars=250)[0] == "fr"
    assert detect_language(mixed, max_chars=20000)[0] == "en"


def thousand_inputs():
    """Short texts, where langdetect's sampling would change answers without a seed."""
    words = " ".join(p.read_text() for p in sorted(SEEDS.glob("*.txt"))).split()
    rng = random.Random(1)
    texts = [" ".join(rng.sample(words, rng.randint(1, 6))) for _ in range(900)]
    texts += [UDHR_HANT[: rng.randint(3, 30)] for _ in range(50)] + [UDHR_JA[: rng.randint(3, 30)] for _ in range(50)]
    return texts


_IN_ANOTHER_PROCESS = """
import json, sys
from transforms.language import detect
print(json.dumps([list(detect_tuple) for detect_tuple in (
    (d.language, d.score, d.script) for d in map(detect, json.load(sys.stdin)))]))
"""


def test_answers_are_identical_in_separate_processes_and_workers():
    texts = thousand_inputs()
    here = [[d.language, d.score, d.script] for d in map(detect, texts)]
    assert len({language for language, _, _ in here}) > 5
    for hash_seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-c", _IN_ANOTHER_PROCESS], input=json.dumps(texts), capture_output=True,
            text=True, cwd=REPO, check=True, env={"PYTHONHASHSEED": hash_seed, "PATH": ""},
        )
        assert json.loads(result.stdout) == here
    options = PipelineOptions(["--direct_num_workers=2", "--direct_running_mode=multi_processing"])
    with TestPipeline(options=options) as pipeline:
        docs = pipeline | beam.Create([make_doc(str(i), text) for i, text in enumerate(texts)])
        detected = (docs | DetectLanguage()).docs | beam.Map(lambda d: (d.id, d.language, d.language_score, d.language_script))
        assert_that(detected, equal_to([(str(i), *answer) for i, answer in enumerate(here)]))


def test_language_filter_sends_other_languages_to_rejects():
    docs = [make_doc(code, text) for code, text in SAMPLES.items()] + [make_doc("none", "12 34")]
    with TestPipeline() as pipeline:
        kept, rejects = pipeline | beam.Create(docs) | DetectLanguage(languages={"en", "fr"})
        assert_that(kept | beam.Map(lambda d: d.id), equal_to(["en", "fr"]), label="Kept")
        assert_that(
            rejects | beam.Map(lambda r: (r.id, r.stage, r.error.split(" (")[0])),
            equal_to([("de", "language", "LanguageNotWanted: language de"),
                      ("es", "language", "LanguageNotWanted: language es"),
                      ("none", "language", "LanguageNotWanted: language und")]),
            label="Rejects",
        )
