import pathlib

import pytest

from schemas import Document

REPO = pathlib.Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"


def make_doc(doc_id: str, text: str, **fields) -> Document:
    """A document as it stands after cleaning, for tests of the later stages."""
    fields.setdefault("source_uri", f"{doc_id}.txt")
    return Document(id=doc_id, payload=text.encode(), content_type="text", text=text, **fields)


@pytest.fixture
def doc_factory():
    return make_doc
