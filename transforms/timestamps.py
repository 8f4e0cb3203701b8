"""Publication times as inputs write them, read into aware UTC datetimes: one parser for feeds,
JSON Lines, page metadata and header lines, so every source gets the same leniency."""

from __future__ import annotations

import datetime
import email.utils
import time

__all__ = ["parse_timestamp"]

_UTC = datetime.timezone.utc


def parse_timestamp(value: object) -> datetime.datetime | None:
    """An aware UTC datetime from ISO 8601 or RFC 2822 text, epoch seconds or a UTC struct_time
    (feedparser); None when the value cannot be read. A time without zone is taken as UTC."""
    try:
        if isinstance(value, time.struct_time):
            parsed = datetime.datetime(*value[:6], tzinfo=_UTC)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            parsed = datetime.datetime.fromtimestamp(value, _UTC)
        elif isinstance(value, str) and value.strip():
            parsed = _parse_text_timestamp(value.strip())
        else:
            return None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=_UTC)
        return parsed.astimezone(_UTC)
    except (ValueError, TypeError, OverflowError, OSError):
        return None


def _parse_text_timestamp(text: str) -> datetime.datetime:
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return email.utils.parsedate_to_datetime(text)
