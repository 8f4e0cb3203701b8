"""Coders of the streaming transforms' keyed state: explicit, versioned, never pickled.

A running stream updated in place keeps its state, so state written by one version of the code
must be read by the next. Pickled state breaks on any change to the classes it holds; here every
state value is written as plain data (JSON, or packed integers) behind a version byte, decoded by
field name so that a field added later takes its default. A coder whose format changed reads the
versions before it too; a version this code does not know fails loudly instead of decoding into
nonsense.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import struct
from collections.abc import Callable
from typing import Any

from apache_beam import coders

from schemas import Document
from schemas.records import Removal

__all__ = ["DOCUMENT_CODER", "JSON_CODER", "KEYED", "SHINGLES_CODER", "StateCoder"]

# The input type to declare on a stateful DoFn: its key is a str, so Beam picks a deterministic
# key coder (without it, FastPrimitivesCoder, and a warning at every start).
KEYED = tuple[str, Any]


class StateCoder(coders.Coder):
    """Values ↔ `version byte + body`; `to_bytes`/`from_bytes` (and the readers of `older`
    versions, by version) must be module-level functions: they travel to the workers with the
    DoFn."""

    def __init__(
        self,
        name: str,
        version: int,
        to_bytes: Callable[[Any], bytes],
        from_bytes: Callable,
        older: dict[int, Callable] | None = None,
    ):
        if not 0 <= version < 256:
            raise ValueError(f"a state version is one byte, got {version}")
        self._name = name
        self._version = version
        self._to_bytes = to_bytes
        self._readers = {**(older or {}), version: from_bytes}

    def encode(self, value) -> bytes:
        return bytes((self._version,)) + self._to_bytes(value)

    def decode(self, encoded: bytes):
        reader = self._readers.get(encoded[0]) if encoded else None
        if reader is None:
            found = encoded[0] if encoded else "none"
            readable = ", ".join(map(str, sorted(self._readers)))
            raise ValueError(f"{self._name} state has version {found}; this code reads version {readable}")
        return reader(encoded[1:])

    def is_deterministic(self) -> bool:
        return True

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and (other._name, other._version) == (
            self._name,
            self._version,
        )

    def __hash__(self) -> int:
        return hash((self._name, self._version))


def _json_bytes(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


def _json_value(body: bytes):
    return json.loads(body)


def _sequence_bytes(values: tuple[int, ...]) -> bytes:
    return struct.pack(f"<{len(values)}Q", *values)


def _sequence_value(body: bytes) -> tuple[int, ...]:
    return struct.unpack(f"<{len(body) // 8}Q", body)


def _set_value(body: bytes) -> frozenset[int]:
    """Version 1 of the shingles: the set, sorted, its order in the text lost."""
    return frozenset(_sequence_value(body))


_PAYLOAD_LENGTH = struct.Struct("<I")


def _document_bytes(doc: Document) -> bytes:
    """The fields but the payload as JSON by name, then the raw payload (up to the item limit,
    not worth a base64 detour)."""
    fields = {
        field.name: getattr(doc, field.name)
        for field in dataclasses.fields(Document)
        if field.name != "payload"
    }
    fields["published_at"] = doc.published_at.isoformat() if doc.published_at else None
    fields["authors"] = list(doc.authors)
    fields["removed"] = [[removal.rule, removal.text] for removal in doc.removed]
    header = _json_bytes(fields)
    return _PAYLOAD_LENGTH.pack(len(header)) + header + doc.payload


def _document_value(body: bytes) -> Document:
    (length,) = _PAYLOAD_LENGTH.unpack_from(body)
    start = _PAYLOAD_LENGTH.size
    fields = json.loads(body[start : start + length])
    known = {field.name for field in dataclasses.fields(Document)}
    fields = {name: value for name, value in fields.items() if name in known}
    if fields.get("published_at"):
        fields["published_at"] = datetime.datetime.fromisoformat(fields["published_at"])
    fields["authors"] = tuple(fields.get("authors", ()))
    fields["removed"] = tuple(Removal(rule, text) for rule, text in fields.get("removed", ()))
    return Document(payload=body[start + length :], **fields)


JSON_CODER = StateCoder("json", 1, _json_bytes, _json_value)  # lists, dicts, str, numbers, None
# A document's shingle hashes in the order of its text (a tuple); state written by version 1 reads
# as the frozenset it was, which says how much two texts share but not where.
SHINGLES_CODER = StateCoder("shingles", 2, _sequence_bytes, _sequence_value, older={1: _set_value})
DOCUMENT_CODER = StateCoder("document", 1, _document_bytes, _document_value)
