"""deploy/ for `newsbeam stream`, checked offline: the streaming Dataflow job the template
launcher builds, metadata_stream.json, the stream's Terraform (Pub/Sub, its IAM, the Flex Template
job) and the Flink stream Job. Each test fails when the file it checks drifts from the code; the
helpers are those of tests/test_deploy.py."""

from __future__ import annotations

import re
import subprocess

import apache_beam as beam
import pytest
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.portability import common_urns
from apache_beam.portability.api import beam_runner_api_pb2, standard_window_fns_pb2

from pipeline import stream
from pipeline.options import NewsbeamOptions, StreamOptions, feed_urls
from pipeline.run import UsageError
from tests.test_deploy import (  # noqa: F401 (terraform and manifests are fixtures)
    DEPLOY,
    FLINK,
    assert_defaults_are_the_code_defaults,
    assert_regexes_judge,
    assert_runs_only_the_project_image,
    blocks,
    config_map,
    job_server_args,
    kustomize_build,
    launch_dry_run,
    manifests,
    needs_kubectl,
    option_actions,
    required,
    resources,
    run_with_stand_in,
    template_parameters,
    terraform,
    transform_labels,
    unquote,
    valid_template_metadata,
)

STREAM_METADATA = DEPLOY / "dataflow" / "metadata_stream.json"
SUBSCRIPTION = "projects/newsbeam-test/subscriptions/news"
STREAM_OUTPUT = "gs://newsbeam-test-output/stream"
STREAM_STAGES = {
    "PubSub/Messages",
    "Feeds",
    "Watch",
    "AllItems",
    "Ingest/OncePerItem",
    "Ingest/Windows",
    "Ingest/Prepare",
    "Ingest/Dedupe",
    "Ingest/AllRejects",
    "Ingest/Write",
}
# Its default (`out`) is a local folder: a cloud run must be told where to write.
REQUIRED_ON_CLOUD = {"output"}
# Options of `newsbeam stream` that the template does not offer.
NOT_ON_CLOUD = {
    # on Dataflow a private address is the VPC and the metadata server, which hands out the
    # workers' credentials: the poller must never be let near them
    "allow_private_hosts",
}


# Pipeline options Dataflow takes as parameters of any Flex Template, beside those it declares.
DATAFLOW_PARAMETERS = {"sdk_container_image"}


def stream_parameters() -> dict[str, dict]:
    return template_parameters(STREAM_METADATA)


def stream_options(*args: str) -> tuple[NewsbeamOptions, StreamOptions]:
    parsed = PipelineOptions(list(args))
    return parsed.view_as(NewsbeamOptions), parsed.view_as(StreamOptions)


# --- The Dataflow job the stream template launches ----------------------------------------------


def _no_storage(*_, **__):
    raise AssertionError("a dry run must not list the output for the ids already written")


@pytest.fixture(scope="module")
def stream_job():
    """The job as the launcher submits it, without touching storage: the ids already written
    are the workers' to read."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(FileSystems, "match", _no_storage)
        return launch_dry_run(
            f"--pubsub_subscription={SUBSCRIPTION}",
            "--pubsub_timestamp_attribute=published",
            "--feed=https://news.example/rss",
            "--watch=gs://newsbeam-test-input/landing/*",
            f"--output={STREAM_OUTPUT}",
            "--window=300",
            "--allowed_lateness=600",
        ).job


def test_stream_job_is_a_streaming_job_of_every_stage_on_the_project_image(stream_job):
    assert STREAM_STAGES <= transform_labels(stream_job)
    assert_runs_only_the_project_image(stream_job)
    assert stream_job.proto.type.name == "JOB_TYPE_STREAMING"
    assert stream_job.options.view_as(StandardOptions).streaming


def test_stream_job_reads_the_subscription_and_windows_as_its_parameters_say(stream_job):
    components = stream_job.proto_pipeline.components
    by_label = {t.unique_name: t for t in components.transforms.values()}
    (read,) = [t for t in by_label.values() if t.spec.urn == common_urns.composites.PUBSUB_READ.urn]
    payload = beam_runner_api_pb2.PubSubReadPayload.FromString(read.spec.payload)
    assert (payload.subscription, payload.timestamp_attribute) == (SUBSCRIPTION, "published")
    (windowed,) = by_label["Ingest/Windows"].outputs.values()
    strategy_id = components.pcollections[windowed].windowing_strategy_id
    strategy = components.windowing_strategies[strategy_id]
    assert strategy.window_fn.urn == common_urns.fixed_windows.urn
    size = standard_window_fns_pb2.FixedWindowsPayload.FromString(strategy.window_fn.payload).size
    assert (size.seconds, strategy.allowed_lateness) == (300, 600_000)


def test_the_launcher_runs_the_stream_when_no_input_is_given():
    """main.py tells the templates apart by `input`, which only the batch template declares: a
    launch without it is the stream's, and a stream without a source says so."""
    assert "input" in template_parameters() and "input" not in stream_parameters()
    with pytest.raises(UsageError, match="nothing to stream"):
        launch_dry_run(f"--output={STREAM_OUTPUT}")


# --- metadata_stream.json -----------------------------------------------------------------------


def news_options_the_stream_reads() -> set[str]:
    """The NewsbeamOptions that building the stream reads (the batch's --input, --hour and
    --ingested_at mean nothing to it)."""
    news, options = stream_options("--feed=https://news.example/rss")
    read: set[str] = set()

    class Recorder:
        def __getattr__(self, name):
            read.add(name)
            return getattr(news, name)

    stream.build(beam.Pipeline(), Recorder(), options, start=0.0)
    return read


def test_stream_metadata_is_a_valid_streaming_template_metadata():
    assert valid_template_metadata(STREAM_METADATA).streaming


def test_stream_template_offers_every_option_the_stream_reads():
    stream_only = set(option_actions(StreamOptions))
    assert NOT_ON_CLOUD <= stream_only
    params = stream_parameters()
    assert set(params) == news_options_the_stream_reads() | (stream_only - NOT_ON_CLOUD)
    assert required(params) == REQUIRED_ON_CLOUD


def test_stream_defaults_are_the_real_defaults_and_pass_their_regexes():
    actions = option_actions(NewsbeamOptions, StreamOptions)
    assert_defaults_are_the_code_defaults(stream_parameters(), actions, REQUIRED_ON_CLOUD)


def test_parameters_of_both_templates_check_values_alike():
    batch, streamed = template_parameters(), stream_parameters()
    for name in set(batch) & set(streamed):
        for field in ("regexes", "paramType", "defaultValue"):
            assert batch[name].get(field) == streamed[name].get(field), (name, field)


ACCEPTED = {
    "pubsub_subscription": "projects/my-project/subscriptions/news-items",
    "pubsub_timestamp_attribute": "published_at",
    "feed": "https://news.example/world/rss.xml?lang=en",
    "watch": "gs://my-bucket/landing/*.jsonl",
    "output": "gs://my-bucket/stream",
    "window": "300",
    "allowed_lateness": "0",
    "poll_interval": "30.5",
    "max_runtime": "86400",
    "retention": "604800",
    "host_delay": "0.25",
    "run_id": "2026-01-01.blue",
}
REFUSED = {
    "pubsub_subscription": "news-items",
    "feed": "news.example/rss",
    "watch": "/local/landing/*",
    "window": "0",
    "poll_interval": "-5",
    "allowed_lateness": "1h",
    "run_id": "a/b",
}


def test_stream_regexes_accept_values_the_stream_builds_with_and_refuse_bad_ones():
    argv = assert_regexes_judge(stream_parameters(), ACCEPTED, REFUSED)
    # What passes the regexes must build.
    news, options = stream_options(*argv)
    assert (options.window, options.watch) == (300.0, [ACCEPTED["watch"]])
    pipeline = beam.Pipeline(options=PipelineOptions(["--streaming"]))
    stream.build(pipeline, news, options, start=0.0)


# --- Terraform ----------------------------------------------------------------------------------


def test_subscription_keeps_messages_for_a_stopped_stream_and_never_expires(terraform):
    subscription = resources(terraform, "google_pubsub_subscription")["stream"]
    assert subscription["topic"] == "${google_pubsub_topic.items.id}"
    assert unquote(subscription["message_retention_duration"]) == f"{7 * 24 * 3600}s"
    assert unquote(subscription["expiration_policy"][0]["ttl"]) == ""


def test_worker_may_read_only_the_stream_subscription(terraform):
    (grant,) = resources(terraform, "google_pubsub_subscription_iam_member").values()
    assert grant["subscription"] == "${google_pubsub_subscription.stream.name}"
    assert grant["member"] == "${google_service_account.worker.member}"
    roles = re.findall(r'"(roles/[\w.]+)"', grant["for_each"])
    assert set(roles) == {"roles/pubsub.subscriber", "roles/pubsub.viewer"}


def test_stream_job_launches_the_stream_template_with_real_parameters(terraform):
    job = resources(terraform, "google_dataflow_flex_template_job")["stream"]
    assert job["provider"] == "google-beta"
    assert job["container_spec_gcs_path"] == "${local.stream_template}"
    assert job["service_account_email"] == "${google_service_account.worker.email}"
    assert job["enable_streaming_engine"] is True and unquote(job["on_delete"]) == "drain"
    assert job["count"] == "${var.stream_enabled ? 1 : 0}"
    parameters = job["parameters"]
    params = stream_parameters()
    assert set(parameters) - DATAFLOW_PARAMETERS <= set(params) and REQUIRED_ON_CLOUD <= set(parameters)
    assert parameters["pubsub_subscription"] == "${google_pubsub_subscription.stream.id}"
    variables = blocks(terraform, "variable")
    assert variables["stream_enabled"]["default"] is False
    assert parameters["window"] == "${var.stream_window}"
    window = str(variables["stream_window"]["default"])
    assert all(re.fullmatch(rx, window) for rx in params["window"]["regexes"])
    paths = {name: value for block in terraform["locals"] for name, value in block.items()}
    assert paths["stream_template"] != paths["template"]


# Attributes of google_dataflow_flex_template_job that the provider reads back from the job's
# options under camelCase keys; Beam's Python SDK writes snake_case ones, so each one set plans a
# change, and an in-place update of the running stream, on every apply. The network pair reads
# back empty when the options leave them out.
READ_BACK_UNDER_CAMEL_CASE = {"temp_location", "staging_location", "sdk_container_image",
                              "machine_type", "num_workers", "max_workers", "network", "subnetwork"}


def test_a_second_apply_leaves_the_stream_alone_and_a_new_image_updates_it(terraform):
    job = resources(terraform, "google_dataflow_flex_template_job")["stream"]
    (lifecycle,) = job["lifecycle"]
    ignored = set(lifecycle["ignore_changes"])
    assert READ_BACK_UNDER_CAMEL_CASE & set(job) <= ignored <= READ_BACK_UNDER_CAMEL_CASE
    # Ignored, the image attribute would never update the job: it travels as a pipeline option.
    assert "sdk_container_image" not in job
    assert job["parameters"]["sdk_container_image"] == "${local.image}"
    assert (job["network"], job["ip_configuration"]) == ("${var.network}", "${local.ip_configuration}")


# --- Flink on Kubernetes ------------------------------------------------------------------------


def stream_pod(manifests) -> dict:
    job = manifests["Job/newsbeam-stream"]["spec"]
    # Never retried: a second pod would submit a second stream.
    assert job["backoffLimit"] == 0 and job["template"]["spec"]["restartPolicy"] == "Never"
    return job["template"]["spec"]


def test_flink_stream_waits_for_the_cluster_then_submits_once(manifests):
    pod = stream_pod(manifests)
    (container,) = pod["containers"]
    assert container["command"] == ["newsbeam", "stream"]
    args = job_server_args(container, manifests)
    assert int(args["checkpointing_interval"]) > 0
    (wait,) = pod["initContainers"]
    flink = manifests["FlinkDeployment/newsbeam-flink"]["metadata"]["name"]
    port = manifests["Service/beam-job-server"]["spec"]["ports"][0]["port"]
    assert f'("beam-job-server", {port})' in wait["args"][0]
    assert f'("{flink}-rest", 8081)' in wait["args"][0]


def test_flink_stream_options_from_its_config_maps_build_the_stream(manifests):
    """The container's arguments with the ConfigMap's variables filled in and its feed list
    mounted, parsed and built as `newsbeam stream` does (Flink has no Pub/Sub read: feeds and a
    watched pattern)."""
    pod = stream_pod(manifests)
    (container,) = pod["containers"]
    (env,) = container["envFrom"]
    literals = config_map(manifests, env["configMapRef"]["name"])["literals"]
    variables = dict(literal.split("=", 1) for literal in literals)
    (mount,) = container["volumeMounts"]
    (volume,) = [v for v in pod["volumes"] if v["name"] == mount["name"]]
    (feeds,) = config_map(manifests, volume["configMap"]["name"])["files"]
    filled = [re.sub(r"\$\((\w+)\)", lambda m: variables[m[1]], arg) for arg in container["args"]]
    args = [arg.replace(mount["mountPath"], str(FLINK)) for arg in filled]
    assert f"--feeds_file={FLINK / feeds}" in args
    news, options = stream_options(*args)
    assert feed_urls(options) and not options.pubsub_subscription
    pipeline = beam.Pipeline(options=PipelineOptions(["--streaming"]))
    stream.build(pipeline, news, options, start=0.0)
    assert (news.output, options.window) == (variables["OUTPUT"], float(variables["WINDOW"]))


SAVEPOINT = "gs://acme-state/flink/savepoints/savepoint-4f2a1c-0123456789ab"


@needs_kubectl
def test_flink_restore_starts_the_same_stream_from_a_savepoint(tmp_path, manifests):
    """deploy/flink-restore is deploy/flink with the stream Job given the savepoint to start
    from; its arguments, filled in from its ConfigMap, are still the stream's."""
    docs = kustomize_build(tmp_path, "flink-restore", SAVEPOINT=SAVEPOINT)
    by_name = {f"{doc['kind']}/{doc['metadata']['name']}": doc for doc in docs}
    job = by_name["Job/newsbeam-stream"]["spec"]["template"]["spec"]
    (container,) = job["containers"]
    (env,) = container["envFrom"]
    variables = by_name[f"ConfigMap/{env['configMapRef']['name']}"]["data"]
    filled = [re.sub(r"\$\((\w+)\)", lambda m: str(variables[m[1]]), arg) for arg in container["args"]]
    args = job_server_args(container | {"args": filled}, manifests)
    assert args["savepoint_path"] == SAVEPOINT
    base = manifests["Job/newsbeam-stream"]["spec"]["template"]["spec"]["containers"][0]["args"]
    assert container["args"] == [*base, "--savepoint_path=$(SAVEPOINT)"]


# --- launch_stream.sh ---------------------------------------------------------------------------

LAUNCH_STREAM = DEPLOY / "dataflow" / "launch_stream.sh"
LAUNCH_ENV = {
    "PROJECT": "newsbeam-test",
    "REGION": "europe-west1",
    "IMAGE": "europe-west1-docker.pkg.dev/newsbeam-test/newsbeam/newsbeam:abc123",
    "STREAM_TEMPLATE": "gs://newsbeam-test-newsbeam-templates/newsbeam-stream-abc123.json",
    "STREAM_OUTPUT": STREAM_OUTPUT,
    "SERVICE_ACCOUNT": "newsbeam-worker@newsbeam-test.iam.gserviceaccount.com",
    "TEMP_LOCATION": "gs://newsbeam-test-temp/tmp",
}


def launch_stream(tmp_path, **sources: str) -> subprocess.CompletedProcess:
    return run_with_stand_in(LAUNCH_STREAM, "gcloud", tmp_path, LAUNCH_ENV | sources)


def test_launch_stream_starts_the_stream_template_with_every_source_given(tmp_path):
    sources = {"SUBSCRIPTION": SUBSCRIPTION, "FEED": "https://news.example/rss",
               "FEEDS_FILE": "gs://my-bucket/config/feeds.txt", "WATCH": "gs://my-bucket/landing/*"}
    launched = launch_stream(tmp_path, **sources)
    assert launched.returncode == 0, launched.stderr
    args = launched.stdout.splitlines()
    assert args[:4] == ["dataflow", "flex-template", "run", "newsbeam-stream"]
    assert "--enable-streaming-engine" in args
    given = dict(args[i + 1].split("=", 1) for i, arg in enumerate(args) if arg == "--parameters")
    assert given.pop("sdk_container_image") == LAUNCH_ENV["IMAGE"]  # in DATAFLOW_PARAMETERS
    params = stream_parameters()
    assert set(given) <= set(params) and REQUIRED_ON_CLOUD <= set(given)
    for name, value in given.items():
        assert all(re.fullmatch(rx, value) for rx in params[name].get("regexes", [])), name
    assert [given[p] for p in ("pubsub_subscription", "feed", "feeds_file", "watch")] == list(sources.values())


def test_launch_stream_refuses_to_start_without_a_source(tmp_path):
    launched = launch_stream(tmp_path)
    assert launched.returncode == 2 and "needs a source" in launched.stderr
    assert launched.stdout == ""
