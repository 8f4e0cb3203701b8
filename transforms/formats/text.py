"""Plain-text files (.txt): the whole file is one article."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from schemas.records import CONTENT_TEXT, Document, Reject
from transforms.formats.common import Limits, decoded_document, read_whole


def read(source_uri: str, stream: BinaryIO, limits: Limits) -> Iterator[Document | Reject]:
    data = read_whole(source_uri, stream, limits)
    yield data if isinstance(data, Reject) else decoded_document(source_uri, data, CONTENT_TEXT)
