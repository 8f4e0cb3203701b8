"""Publishing a batch run: the job writes its tables under a run-scoped staging prefix
(`OUT/.runs/<run id>/`), and only once every file is written does its last step move them into
`OUT/<table>/` and write `OUT/manifest.json`. A failed or still-running job leaves the previous
output whole.

The step runs inside the job, so a Flex Template launch that does not wait for the job publishes
too. It removes the previous manifest (and report) first: while files are moved, the folder has no
manifest, so a reader that waits for one never mixes two runs. A retried step finds the files it
already moved in place and goes on.
"""

from __future__ import annotations

import datetime

import apache_beam as beam
from apache_beam.io import fileio
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from pipeline.manifest import MANIFEST, REPORT, row_count, table_entry, write_json
from transforms.write import TABLES

__all__ = ["PublishRun", "staging_prefix"]

_RUNS = ".runs"


def staging_prefix(output: str, run_id: str) -> str:
    """Where the job of run `run_id` writes before it publishes; `.` keeps readers of
    `OUT/<table>` (pyarrow, Spark, BigQuery external tables) from listing it."""
    return FileSystems.join(output, _RUNS, run_id)


def _existing(paths: list[str]) -> list[str]:
    return [path for path in paths if FileSystems.exists(path)]


def publish(staged: list[str], output: str, launch: dict, files_read: list[str]) -> dict:
    """Moves the staged files of one run into place and writes its manifest; returns the
    manifest."""
    FileSystems.delete(_existing([FileSystems.join(output, name) for name in (MANIFEST, REPORT)]))
    tables = {}
    for table in TABLES:
        folder = FileSystems.join(output, table.name)
        if not FileSystems.exists(folder):  # a local folder; object stores have none
            FileSystems.mkdirs(folder)
        files: dict[str, int] = {}
        for path in sorted(staged):
            staged_folder, name = FileSystems.split(path)
            if FileSystems.split(staged_folder)[1] != table.name:
                continue
            final = FileSystems.join(folder, name)
            if FileSystems.exists(path):  # absent when a retried step had moved it already
                FileSystems.rename([path], [final])
            files[f"{table.name}/{name}"] = row_count(final)
        previous = FileSystems.match([FileSystems.join(folder, "part-*")])[0].metadata_list
        names = {relative.split("/", 1)[1] for relative in files}
        FileSystems.delete([m.path for m in previous if FileSystems.split(m.path)[1] not in names])
        tables[table.name] = table_entry(table.name, files)
    manifest = {
        **launch,
        "finished_at": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        "inputs": {"patterns": launch["inputs"]["patterns"], "files": sorted(set(files_read))},
        "tables": tables,
        "counters": None,
    }
    path = FileSystems.join(output, MANIFEST)
    write_json(path, manifest)
    FileSystems.delete(_existing([staging_prefix(output, launch["run_id"])]))
    runs = FileSystems.join(output, _RUNS)
    left = FileSystems.match([FileSystems.join(runs, "*")])[0].metadata_list
    if not left and FileSystems.exists(runs):
        FileSystems.delete([runs])  # a local folder left empty; other runs' staging stays
    return manifest


class _Publish(beam.DoFn):
    def __init__(self, output: str, launch: dict):
        super().__init__()
        self._output = output
        self._launch = launch
        self._files = Metrics.counter("newsbeam.publish", "files")

    def process(self, staged: list[str], files_read: list[str]):
        manifest = publish(staged, self._output, self._launch, files_read)
        self._files.inc(sum(len(table["files"]) for table in manifest["tables"].values()))
        yield FileSystems.join(self._output, MANIFEST)


class PublishRun(beam.PTransform):
    """Paths of the staged files (all of them, from every table's writer) → the run published
    under `output`; outputs the manifest's path.

    `launch` holds what the launcher knows: `run_id`, `started_at`, `newsbeam_version`,
    `options` and `inputs.patterns`. The files read are matched by the job itself.
    """

    def __init__(self, output: str, launch: dict):
        super().__init__()
        self._output = output
        self._launch = launch

    def expand(self, staged_paths):
        files_read = (
            staged_paths.pipeline
            | "InputPatterns" >> beam.Create(self._launch["inputs"]["patterns"])
            # What the job found, for the record: a pattern that matches nothing fails nothing.
            | "MatchInputs" >> fileio.MatchAll(fileio.EmptyMatchTreatment.ALLOW)
            | "Paths" >> beam.Map(lambda metadata: metadata.path)
            | "AllInputs" >> beam.combiners.ToList()
        )
        return (
            staged_paths
            | "AllStaged" >> beam.combiners.ToList()
            | "Publish"
            >> beam.ParDo(_Publish(self._output, self._launch), beam.pvalue.AsSingleton(files_read))
        )
