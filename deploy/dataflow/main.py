"""Flex Template entry point (FLEX_TEMPLATE_PYTHON_PY_FILE) of both templates, the hourly batch
and the stream: submits the job and returns without waiting, as a template launcher must. The
image already holds Beam and newsbeam, so the job stages no SDK and workers install nothing at
start.

The two templates share the image, and with it this one entry point (gcloud sets the launcher's
environment only when it builds the image itself). Their parameters tell them apart: the batch
template requires `input`, the stream template does not declare it (a stream reads Pub/Sub, feeds
and watched files, not one file pattern), and Dataflow refuses a parameter its template does not
declare."""

from __future__ import annotations

import sys

from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.runners.runner import PipelineResult

from pipeline import run, stream
from pipeline.options import NewsbeamOptions


def main(argv: list[str]) -> PipelineResult:
    batch = PipelineOptions(argv).view_as(NewsbeamOptions).input
    start = run.start if batch else stream.start_stream
    return start(["--sdk_location=container", *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
