import pytest

from transforms.language import UNDETERMINED, detect_language

SAMPLES = {
    "en": "The government announced new measures on Tuesday to curb rising energy prices for households.",
    "fr": "Le gouvernement a annoncé mardi de nouvelles mesures pour freiner la hausse des prix de l'énergie.",
    "de": "Die Regierung kündigte am Dienstag neue Maßnahmen an, um die steigenden Energiepreise zu bremsen.",
    "es": "El gobierno anunció el martes nuevas medidas para frenar la subida de los precios de la energía.",
}


@pytest.mark.parametrize("code, text", SAMPLES.items())
def test_detects_iso_639_1_codes(code, text):
    language, score = detect_language(text)
    assert language == code
    assert 0.5 < score <= 1.0


@pytest.mark.parametrize("text", ["", "   \n", "12 345 678", "https://example.com/a/b?c=1", "🙂🙂🙂", "a."])
def test_text_without_enough_letters_is_undetermined(text):
    assert detect_language(text) == (UNDETERMINED, 0.0)


def test_short_ambiguous_text_gets_the_same_answer_every_time():
    answers = {detect_language("Paris Berlin Roma Madrid") for _ in range(20)}
    assert len(answers) == 1


def test_only_a_prefix_is_read():
    mixed = SAMPLES["fr"] * 3 + " " + SAMPLES["en"] * 60
    assert detect_language(mixed, max_chars=250)[0] == "fr"
