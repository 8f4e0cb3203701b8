"""Flex Template entry point (FLEX_TEMPLATE_PYTHON_PY_FILE): submits the `newsbeam run` batch job
and returns without waiting, as a template launcher must. The image already holds Beam and
newsbeam, so the job stages no SDK and workers install nothing at start."""

from __future__ import annotations

import sys

from apache_beam.runners.runner import PipelineResult

from pipeline import run


def main(argv: list[str]) -> PipelineResult:
    return run.start(["--sdk_location=container", *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
