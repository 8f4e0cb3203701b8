"""Bytes to text for every input format.

Inputs come from anywhere (HTTP crawls, exports, feeds) and often lie about or omit their
encoding, so decoding tries the most trustworthy evidence first and never fails: a reader that
raised on one bad byte would lose the whole item.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

import charset_normalizer

__all__ = ["MAX_UNREADABLE_SHARE", "decode_bytes", "unreadable_share"]

# Longest BOM first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Browsers read these labels as windows-1252 (WHATWG Encoding Standard), and pages rely on it.
_WEB_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252"}
_SNIFF_BYTES = 4096
_MARKUP_DECLARATION = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)""",
    re.IGNORECASE,
)
_REPLACEMENT = "\ufffd"
# Characters no text is written in: replacement characters (bytes no encoding could map) and
# control characters other than tab, line feed, vertical tab, form feed and carriage return.
_UNREADABLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
# Real text has next to none (at most 1.1 % of a page's characters among the 967 gold articles
# of the corpus and their HTML pages); random bytes decode to about 57 % of them.
MAX_UNREADABLE_SHARE = 0.05


def decode_bytes(data: bytes, declared: str | None = None, markup: bool = False) -> tuple[str, str]:
    """Decode `data`, returning (text, name of the encoding used). Never raises.

    Tried in order: a byte-order mark; `declared` (e.g. the HTTP header charset); for markup, the
    document's own `<meta charset>` / `http-equiv` / XML declaration; strict UTF-8; UTF-8 when
    only a few bytes are broken; charset_normalizer's guess; finally UTF-8 with replacement
    characters. Leading BOMs and all NUL characters are removed from the text.
    """
    for label, errors in _candidates(data, declared, markup):
        decoded = _try_decode(data, label, errors)
        if decoded is not None:
            return decoded
    return _clean(data.decode("utf-8", errors="replace")), "utf-8"


def _candidates(data: bytes, declared: str | None, markup: bool) -> Iterator[tuple[str, str]]:
    """(encoding label, error handling), most trustworthy first; lazy, so the costly guess runs
    only when nothing before it fits."""
    bom = next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)
    labels = [bom, declared, *(_markup_declaration(data) if markup else ()), "utf-8"]
    yield from ((label, "strict") for label in labels if label)
    if _mostly_utf8(data):
        yield "utf-8", "replace"
    yield from ((label, "strict") for label in _guess(data))


def _markup_declaration(data: bytes) -> list[str]:
    match = _MARKUP_DECLARATION.search(data[:_SNIFF_BYTES])
    if match is None:
        return []
    label = (match.group(1) or match.group(2)).decode("ascii")
    # The declaration was readable as ASCII, so the document cannot really be UTF-16/32.
    return [] if label.lower().startswith(("utf-16", "utf-32")) else [label]


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a stray broken byte (a cut multi-byte character, a pasted fragment) is still
    UTF-8: guessing a legacy charset for it would garble every other non-ASCII character."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count(_REPLACEMENT)
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return non_ascii - broken > broken


def _guess(data: bytes) -> Iterator[str]:
    """charset_normalizer's guess, preferring windows-1252 whenever it gives the same text as a
    plausible candidate: charset_normalizer often names cp1250/cp1257 for Western European text
    and then garbles characters such as à and ñ that only windows-1252 maps right."""
    matches = charset_normalizer.from_bytes(data)
    if any("cp1252" in match.could_be_from_charset for match in matches):
        yield "cp1252"
    best = matches.best()
    if best is not None:
        yield best.encoding


def _try_decode(data: bytes, label: str, errors: str) -> tuple[str, str] | None:
    try:
        encoding = codecs.lookup(label.strip()).name
        encoding = _WEB_ALIASES.get(encoding, encoding)
        return _clean(data.decode(encoding, errors)), encoding
    except (LookupError, ValueError):  # unknown or malformed label, non-text codec, misfit bytes
        return None


def _clean(text: str) -> str:
    return text.lstrip("\ufeff").replace("\x00", "")  # BOMs pile up when files are concatenated


def unreadable_share(text: str) -> float:
    """The share of the non-space characters of `text` that are replacement or control
    characters: what binary data (an image, random bytes) turns into when decoded as text."""
    visible = len(text) - sum(map(str.isspace, text))
    return len(_UNREADABLE.findall(text)) / visible if visible else 0.0
