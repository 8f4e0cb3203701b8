"""`OUT/report.html` and `newsbeam report OUT`: what a run (batch or stream) did, as one
self-contained HTML page: its balance, articles per language and source, the word-count
distribution, the largest duplicate clusters, what the cleaner removed by rule, and the rejects
by stage and reason. Charts are matplotlib SVG inlined in the page; it fetches nothing.

Every number is read from the output's own Parquet files (and manifest, for the count of items
read), so the page tells the truth about the folder whatever wrote it.
"""

from __future__ import annotations

import collections
import html
import io

import matplotlib

matplotlib.use("Agg")  # no display: the charts only become SVG text
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402
from apache_beam.io.filesystems import FileSystems  # noqa: E402

from pipeline.manifest import REPORT, read_manifest  # noqa: E402
from pipeline.outputs import printable, read_output_table  # noqa: E402
from transforms.dedupe import ARTICLES, DUPLICATES  # noqa: E402
from transforms.tags import REJECTS  # noqa: E402

__all__ = ["render_report", "write_report"]

_ARTICLE_COLUMNS = ["id", "title", "source", "language", "word_count", "removed"]
_DUPLICATE_COLUMNS = ["id", "title", "source", "duplicate_of", "similarity", "removed"]
_REJECT_COLUMNS = ["id", "source_uri", "stage", "error", "payload"]
_TOP = 20  # bars, clusters and reasons shown
_EXAMPLES = 3  # examples per removal rule and per reject reason
_EXCERPT = 200  # characters of an example

# Fixed ids and no date in the SVG, so one folder always gives the same page.
matplotlib.rcParams.update({"svg.hashsalt": "newsbeam", "svg.fonttype": "path"})

_STYLE = """
body { font-family: sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
td, th { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.bad { color: #b00; font-weight: bold; } .ok { color: #070; font-weight: bold; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; font-size: 0.9em; }
"""


def write_report(output: str, path: str | None = None) -> str:
    """Writes the report of `output` to `path` (default `output`/report.html); returns the path."""
    path = path or FileSystems.join(output, REPORT)
    page = render_report(output).encode("utf-8")
    with FileSystems.create(path, mime_type="text/html") as handle:
        handle.write(page)
    return path


def render_report(output: str) -> str:
    manifest = read_manifest(output)
    articles = read_output_table(output, ARTICLES, _ARTICLE_COLUMNS, manifest).to_pylist()
    duplicates = read_output_table(output, DUPLICATES, _DUPLICATE_COLUMNS, manifest).to_pylist()
    rejects = read_output_table(output, REJECTS, _REJECT_COLUMNS, manifest).to_pylist()
    sections = [
        _balance(manifest, len(articles), len(duplicates), len(rejects)),
        _chart_section(
            "Articles per language",
            "languages",
            collections.Counter(a["language"] for a in articles),
        ),
        _chart_section(
            "Articles per source",
            "sources",
            collections.Counter(a["source"] or "(none)" for a in articles),
        ),
        _word_counts([a["word_count"] for a in articles]),
        _clusters(articles, duplicates),
        _removals(articles + duplicates),
        _rejects(rejects),
    ]
    kind = f"batch run {manifest['run_id']}" if manifest else "output without a manifest (stream)"
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>newsbeam report: {html.escape(output)}</title><style>{_STYLE}</style></head>"
        f"<body><h1>newsbeam report</h1><p>{html.escape(output)} — {html.escape(kind)}</p>"
        + "".join(sections)
        + "</body></html>\n"
    )


def _table(header: list[str], rows: list[list[str]], table_id: str) -> str:
    """Cells are HTML already (escape text with `_text`); numbers get the class `n`."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(cells) + "</tr>" for cells in rows)
    return f"<table id='{table_id}'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _text(value) -> str:
    return f"<td>{html.escape('' if value is None else str(value))}</td>"


def _number(value, key: str | None = None) -> str:
    shown = f"{value:.3f}" if isinstance(value, float) else str(value)
    data = f" data-count='{html.escape(key)}'" if key else ""
    return f"<td class='n'{data}>{shown}</td>"


def _balance(manifest: dict | None, articles: int, duplicates: int, rejects: int) -> str:
    counters = (manifest or {}).get("counters") or {}
    written = articles + duplicates + rejects
    rows = [
        [_text("articles"), _number(articles, ARTICLES)],
        [_text("duplicates"), _number(duplicates, DUPLICATES)],
        [_text("rejects"), _number(rejects, REJECTS)],
        [_text("written in all"), _number(written, "written")],
    ]
    if "read/items" in counters:
        read = counters["read/items"]
        check = (
            "<span class='ok'>ok</span>" if read == written else "<span class='bad'>MISMATCH</span>"
        )
        rows.insert(0, [_text("items read"), _number(read, "read")])
        verdict = f"<p id='balance-check'>read = articles + duplicates + rejects: {check}</p>"
    else:
        verdict = "<p id='balance-check'>no count of items read (a stream, or a job whose "
        verdict += "launcher did not wait): only what was written is shown</p>"
    unsettled = counters.get("dedupe/components_unsettled", 0)
    if unsettled:
        verdict += f"<p class='bad'>dedupe did not converge on {unsettled} components</p>"
    return "<h2>Balance</h2>" + _table(["", "rows"], rows, "balance") + verdict


def _svg(figure) -> str:
    """The figure as inline SVG markup (no XML prolog, no external references)."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def _bar_chart(counts: list[tuple[str, int]]) -> str:
    figure, axes = plt.subplots(figsize=(8, 0.3 * len(counts) + 1))
    labels = [label for label, _ in counts][::-1]
    axes.barh(labels, [n for _, n in counts][::-1], color="#4477aa")
    axes.set_xlabel("articles")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    return _svg(figure)


def _chart_section(title: str, key: str, counter: collections.Counter) -> str:
    ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    shown = ranked[:_TOP]
    rest = f"<p>and {len(ranked) - _TOP} more</p>" if len(ranked) > _TOP else ""
    chart = _bar_chart(shown) if shown else "<p>none</p>"
    rows = [[_text(label), _number(n, f"{key}:{label}")] for label, n in shown]
    return f"<h2>{title}</h2>{chart}" + _table([key, "articles"], rows, key) + rest


def _word_counts(counts: list[int]) -> str:
    if not counts:
        return "<h2>Word counts</h2><p>no articles</p>"
    figure, axes = plt.subplots(figsize=(8, 3))
    axes.hist(counts, bins=min(30, max(1, len(set(counts)))), color="#4477aa")
    axes.set_xlabel("words per article")
    axes.set_ylabel("articles")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    ordered = sorted(counts)
    median = ordered[len(ordered) // 2]
    summary = f"<p>min {ordered[0]}, median {median}, max {ordered[-1]} words</p>"
    return "<h2>Word counts</h2>" + _svg(figure) + summary


def _clusters(articles: list[dict], duplicates: list[dict]) -> str:
    """Articles with the most duplicates merged into them, each with its copies."""
    by_id = {a["id"]: a for a in articles}
    members = collections.defaultdict(list)
    for duplicate in duplicates:
        members[duplicate["duplicate_of"]].append(duplicate)
    largest = sorted(members.items(), key=lambda item: (-len(item[1]), item[0]))[:_TOP]
    rows = []
    for kept_id, copies in largest:
        kept = by_id.get(kept_id, {})
        rows.append(
            [_text(kept_id), _text(kept.get("title")), _text(kept.get("source")), _text("kept"),
             _number(len(copies) + 1, f"cluster:{kept_id}")]
        )
        for copy in sorted(copies, key=lambda c: (-(c["similarity"] or 0), c["id"])):
            rows.append(
                [_text(copy["id"]), _text(copy["title"]), _text(copy["source"]),
                 _number(copy["similarity"] or 0.0), _text("")]
            )
    header = ["id", "title", "source", "similarity", "cluster size"]
    table = _table(header, rows, "clusters") if rows else "<p>no duplicates</p>"
    return "<h2>Largest duplicate clusters</h2>" + table


def _removals(articles: list[dict]) -> str:
    """What the cleaner removed, per rule, with examples: from duplicates too, since a copy is
    cleaned before dedupe (a wire copy's trailing outlet list is removed from the copy)."""
    by_rule = collections.defaultdict(list)
    for article in articles:
        for removal in article["removed"]:
            by_rule[removal["rule"]].append((article["id"], removal["text"]))
    rows = [
        [_text(rule), _number(len(found), f"rule:{rule}"),
         "<td>" + "".join(f"<pre>{html.escape(i)}: {html.escape(_cut(t))}</pre>"
                          for i, t in found[:_EXAMPLES]) + "</td>"]
        for rule, found in sorted(by_rule.items(), key=lambda item: (-len(item[1]), item[0]))
    ]
    table = _table(["rule", "removals", "examples"], rows, "removals") if rows else "<p>none</p>"
    return "<h2>Cleaner removals by rule</h2>" + table


def _rejects(rejects: list[dict]) -> str:
    by_reason = collections.defaultdict(list)
    for reject in rejects:
        by_reason[(reject["stage"], reject["error"])].append(reject)
    ranked = sorted(by_reason.items(), key=lambda item: (-len(item[1]), item[0]))
    rows = [
        [_text(stage), _text(_cut(error)), _number(len(found)),
         "<td>" + "".join(
             f"<pre>{html.escape(r['source_uri'])}: "
             f"{html.escape(_cut(r['payload'].decode('utf-8', 'replace')))}</pre>"
             for r in found[:_EXAMPLES]) + "</td>"]
        for (stage, error), found in ranked[:_TOP]
    ]
    stages = collections.Counter(r["stage"] for r in rejects)
    per_stage = _table(
        ["stage", "rejects"],
        [[_text(stage), _number(n, f"stage:{stage}")] for stage, n in sorted(stages.items())],
        "reject-stages",
    )
    table = _table(["stage", "reason", "rejects", "examples"], rows, "rejects") if rows else ""
    return "<h2>Rejects by stage and reason</h2>" + (per_stage + table if rows else "<p>none</p>")


def _cut(text: str) -> str:
    text = printable(" ".join(text.split()))
    return text if len(text) <= _EXCERPT else text[:_EXCERPT] + "…"
