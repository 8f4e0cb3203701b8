"""decode_bytes: the order of evidence it trusts, and that it never fails on any bytes."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.decode import decode_bytes

FRENCH = (
    "Le président de la République a déclaré mardi que la réforme serait « menée à son terme ». "
    "Selon l’Élysée, les négociations reprendront dès la semaine prochaine, à Paris et à Lyon."
)
ENGLISH = "The mayor’s office said the “temporary” closure — which began in March — would end."
SPANISH = "El Gobierno anunció que la reforma entrará en vigor en enero. «Es un día histórico»."
RUSSIAN = (
    "Президент заявил во вторник, что реформа вступит в силу в январе. По данным министерства."
)
JAPANESE = (
    "首相は火曜日、改革は一月に施行されると述べた。省によると、百万人以上の労働者が恩恵を受ける。"
)


def test_utf8_is_read_as_utf8():
    assert decode_bytes(FRENCH.encode()) == (FRENCH, "utf-8")


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_byte_order_mark_wins_and_is_stripped(bom, encoding):
    data = bom + FRENCH.encode(encoding)
    assert decode_bytes(data, declared="windows-1252") == (FRENCH, encoding)


def test_declared_charset_is_used_when_it_decodes():
    assert decode_bytes("Größe".encode("iso-8859-15"), declared="iso-8859-15") == (
        "Größe",
        "iso8859-15",
    )


def test_latin1_label_means_windows_1252_as_in_browsers():
    text, encoding = decode_bytes("“quoted” café".encode("cp1252"), declared="ISO-8859-1")
    assert (text, encoding) == ("“quoted” café", "cp1252")


def test_declared_charset_that_does_not_fit_is_passed_over():
    assert decode_bytes(FRENCH.encode("cp1252"), declared="utf-8") == (FRENCH, "cp1252")


def test_unknown_declared_charset_is_passed_over():
    assert decode_bytes(FRENCH.encode(), declared="no-such-charset") == (FRENCH, "utf-8")


@pytest.mark.parametrize(
    "head",
    [
        b'<meta charset="windows-1251">',
        b"<meta http-equiv='Content-Type' content='text/html; charset=windows-1251'>",
        b'<?xml version="1.0" encoding="windows-1251"?>',
    ],
)
def test_markup_declares_its_own_charset(head):
    data = head + b"<p>" + RUSSIAN.encode("cp1251") + b"</p>"
    text, encoding = decode_bytes(data, markup=True)
    assert encoding == "cp1251"
    assert RUSSIAN in text


def test_markup_declaration_is_ignored_for_plain_text():
    data = b'<meta charset="koi8-r"> ' + FRENCH.encode()
    assert decode_bytes(data)[1] == "utf-8"


def test_markup_declaring_utf16_in_ascii_bytes_is_not_believed():
    data = b'<meta charset="utf-16"><p>' + FRENCH.encode() + b"</p>"
    assert decode_bytes(data, markup=True)[1] == "utf-8"


@pytest.mark.parametrize("text", [FRENCH, ENGLISH, SPANISH])
def test_undeclared_windows_1252_is_decoded_right(text):
    assert decode_bytes(text.encode("cp1252")) == (text, "cp1252")


@pytest.mark.parametrize(("text", "encoding"), [(RUSSIAN, "cp1251"), (JAPANESE, "shift_jis")])
def test_other_undeclared_legacy_charsets_are_guessed(text, encoding):
    assert decode_bytes(text.encode(encoding))[0] == text


def test_utf8_with_a_broken_byte_stays_utf8():
    text, encoding = decode_bytes(FRENCH.encode() + b"\xff fin")
    assert encoding == "utf-8"
    assert text == FRENCH + "\ufffd fin"


def test_nul_characters_are_removed():
    assert decode_bytes(b"front\x00page\x00") == ("frontpage", "utf-8")


def test_repeated_byte_order_marks_are_all_stripped():
    assert decode_bytes(codecs.BOM_UTF8 * 2 + b"text") == ("text", "utf-8")


def test_empty_bytes():
    assert decode_bytes(b"") == ("", "utf-8")


@given(st.binary(max_size=300), st.one_of(st.none(), st.text(max_size=20)), st.booleans())
def test_never_raises_and_never_keeps_nul_or_bom(data, declared, markup):
    text, encoding = decode_bytes(data, declared, markup)
    assert isinstance(encoding, str)
    assert "\x00" not in text
    assert not text.startswith("\ufeff")
