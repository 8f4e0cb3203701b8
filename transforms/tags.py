"""Output tags every stage uses for its two outputs, so stages and the pipeline agree on them."""

from __future__ import annotations

DOCS = "docs"
REJECTS = "rejects"
