"""`newsbeam show OUT ID` explains an article (with what the cleaner removed), a duplicate (with
the article it was merged into) and a reject (with its reason and payload)."""

from __future__ import annotations

from pipeline import cli
from tests.sample_output import ARTICLE, DUPLICATE, REJECTS, write_sample_output


def show(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["show", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_an_article_shows_its_metadata_text_and_removals(tmp_path, capsys):
    code, out, _ = show(capsys, str(write_sample_output(tmp_path)), "story-1")
    assert code == 0
    assert out.startswith("article story-1 (in articles/)")
    assert "Harbour bridge reopens" in out and "https://news.example/bridge" in out
    assert ARTICLE.text.split(". ")[0] in out
    assert "removed by the cleaner (2):" in out
    assert "[promo] Subscribe to our newsletter" in out and "[caption] Photo: AP" in out


def test_a_duplicate_names_the_article_it_was_merged_into(tmp_path, capsys):
    code, out, _ = show(capsys, str(write_sample_output(tmp_path)), DUPLICATE.id)
    assert code == 0
    assert out.startswith("duplicate story-1-wire (in duplicates/)")
    assert "merged into story-1: 'Harbour bridge reopens' (in articles/)" in out
    assert "similarity:      0.93" in out


def test_a_reject_shows_its_stage_reason_and_the_start_of_its_payload(tmp_path, capsys):
    output = str(write_sample_output(tmp_path))
    code, out, _ = show(capsys, output, "junk-1")
    assert code == 0
    assert "stage:           extract" in out and "reason:          no article text found" in out
    assert "\ufffd\ufffdgarbage bytes" in out  # control characters never reach the terminal
    # A reject without an id is found by its source; a long payload is cut.
    code, out, _ = show(capsys, output, REJECTS[1].source_uri)
    assert code == 0 and "not well-formed XML" in out
    assert "payload (first 600 of 2014 bytes):" in out and "x" * 601 not in out.replace("\n  ", "")


def test_a_stream_output_is_read_too_and_an_unknown_id_fails(tmp_path, capsys):
    output = str(write_sample_output(tmp_path, stream=True))
    assert show(capsys, output, "story-2")[1].startswith("article story-2")
    code, out, err = show(capsys, output, "no-such-id")
    assert code == 1 and not out and "no article, duplicate or reject 'no-such-id'" in err
