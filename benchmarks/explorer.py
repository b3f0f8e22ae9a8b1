"""Benchmark: the explorer page against pyvis's own default page, on the same graphs.

Run with ``.venv/bin/python benchmarks/explorer.py``. For the Enschede graph and for a synthetic
graph of 2,000 nodes it makes both pages — ours (``explore.page.render_explorer``: layout
computed in Python, no physics in the browser) and the baseline (pyvis's ``add_node``/``add_edge``
and ``generate_html`` with its default physics, inlined vis-network) — and reports the time to
generate each page, its file size and the time from navigation to a stable network in headless
Chromium (Debian's ``/usr/bin/chromium``, every non-file:// request aborted), with the ratio
ours/baseline measured in the same run. "Stable" is vis-network's stabilizationIterationsDone for
the baseline and, since our page has no physics to settle, its first drawn frame. The Enschede
graph is measured twice: curated only, and in context mode (``--context``: the partners of its
partners from the Wikidata 2016 snapshot), where it also times expanding on demand: from asking for
the further twins of the place that has most to the first frame drawn with them. It then times
generation alone on synthetic graphs of 500 to 8,000 nodes to show that it grows linearly.

The advisor's views (issue 12) are measured against the explorer as it was before them, the
baseline ``--baseline-ref`` (default 12a4cac, the last commit with the network-only page), built
from a temporary git worktree of that commit in a subprocess, in the same run and interleaved: for
each page, the time from navigation to its start view on screen, then for ours the time to show
and draw each of the network, the map and the timeline (two animation frames after asking), and
the sum of all ("all three views stable"; targets: 1 s, context mode 2 s) and the file size
(target < 2 MB).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from enschede_kg import graph, queries  # noqa: E402
from enschede_kg.config import Inputs  # noqa: E402
from enschede_kg.explore import context as explore_context  # noqa: E402
from enschede_kg.explore import page  # noqa: E402
from enschede_kg.explore.data import explorer_data  # noqa: E402
from enschede_kg.rdf import iri  # noqa: E402
from enschede_kg.rdf.namespaces import DCTERMS, EKG, ID, RDF, RDFS, XSD  # noqa: E402

T = TypeVar("T")
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Marks, on both pages alike, when vis-network first draws and when it finishes stabilising:
#: the UMD bundle fills an existing ``window.vis``, so a setter on it sees the Network class
#: before any page script can construct one.
HOOK = """
(() => {
  const marks = (window.__bench = {});
  const mark = (name) => { if (!(name in marks)) marks[name] = performance.now(); };
  let Network;
  const vis = {};
  Object.defineProperty(vis, "Network", {
    configurable: true, enumerable: true,
    get() { return Network; },
    set(N) {
      const emit = N.prototype.emit;
      N.prototype.emit = function (event, ...rest) {
        if (event === "afterDrawing") mark("drawn");
        if (event === "stabilizationIterationsDone") mark("stable");
        return emit.call(this, event, ...rest);
      };
      Network = N;
    },
  });
  window.vis = vis;
})();
"""


# --- a synthetic graph ------------------------------------------------------------------------


def synthetic_project(dest: Path, n: int, seed: int = 2017) -> Path:
    """A project with the real ontology and queries and ``n`` generated explorer nodes: cities
    (partners of Enschede or of each other), countries, regions, organisations, networks, people,
    events with participants, agreements and themes, each fact with a source sentence."""
    rnd = random.Random(seed)
    for part in ("ontology", "queries"):
        shutil.copytree(ROOT / part, dest / part)
    (dest / "data" / "curated").mkdir(parents=True)
    (dest / "data" / "sources").mkdir(parents=True)
    # The ontology already holds some explorer nodes (the themes of themes.ttl).
    nodes_query = queries.parse_query_file(dest / "queries" / "viz" / "nodes.rq")
    ontology_only = graph.assemble(Inputs.from_root(dest))
    n -= len({r["node"] for r in queries.run(ontology_only, nodes_query).records()})
    share = {
        "city": 0.25, "country": 0.04, "region": 0.03, "organisation": 0.2, "network": 0.02,
        "person": 0.15, "event": 0.2, "agreement": 0.06, "theme": 0.05,
    }  # fmt: skip
    counts = {k: max(2, int(n * f)) for k, f in share.items()}
    counts["city"] += n - sum(counts.values())
    classes = {
        "city": EKG.City, "country": EKG.Country, "region": EKG.Region,
        "organisation": EKG.LocalGovernment, "network": EKG.Network, "person": EKG.Person,
        "event": EKG.Conference, "agreement": EKG.MemorandumOfUnderstanding, "theme": EKG.Theme,
    }  # fmt: skip
    ids = {k: [f"{k}/s{i}" for i in range(c)] for k, c in counts.items()}
    ids["city"][0] = "city/enschede"
    sentences: list[str] = []
    lines: list[str] = []

    def t(s: str, p: Any, o: str) -> None:
        lines.append(f"<{s}> <{p}> {o} .")

    def node(local: str) -> str:
        return str(ID) + local

    def source(s: str, text: str) -> None:
        sentences.append(f"Feit {len(sentences) + 1} gaat over {text}.")
        t(s, EKG.source, f"<{iri.passage('synthetic', len(sentences), 1)}>")

    def label(s: str, nl: str, en: str) -> None:
        t(s, RDFS.label, f'"{nl}"@nl')
        t(s, RDFS.label, f'"{en}"@en')

    rdf_type = RDF.type
    xsd = str(XSD)
    for kind, locals_ in ids.items():
        for i, local in enumerate(locals_):
            s = node(local)
            t(s, rdf_type, f"<{classes[kind]}>")
            label(s, f"{kind} {i} Zoë", f"{kind} {i} Zoe")
    cities, countries = ids["city"], ids["country"]
    for i, c in enumerate(cities + ids["region"]):
        t(node(c), EKG.locatedIn, f"<{node(countries[i % len(countries)])}>")
    for i, c in enumerate(cities[1:], start=1):
        other = cities[0] if rnd.random() < 0.3 else cities[rnd.randrange(len(cities))]
        if other == c:
            continue
        p, sp = node(f"partnership/s{i}"), node(f"status-period/s{i}")
        t(p, rdf_type, f"<{EKG.CityPartnership}>")
        label(p, f"stedenband {i}", f"partnership {i}")
        t(p, EKG.partner, f"<{node(c)}>")
        t(p, EKG.partner, f"<{node(other)}>")
        t(p, EKG.hasStatusPeriod, f"<{sp}>")
        t(sp, rdf_type, f"<{EKG.StatusPeriod}>")
        label(sp, f"status {i}", f"status {i}")
        status = rnd.choice([EKG.SisterCity, EKG.FriendlyCity])
        t(sp, EKG.status, f"<{status}>")
        t(sp, EKG.startDate, f'"{rnd.randrange(1990, 2018)}"^^<{xsd}gYear>')
        source(p, f"stedenband {i}")
    for i, o in enumerate(ids["organisation"]):
        t(node(o), EKG.locatedIn, f"<{node(rnd.choice(cities))}>")
        if rnd.random() < 0.5:
            m = node(f"membership/s{i}")
            t(m, EKG.member, f"<{node(o)}>")
            t(m, EKG.inNetwork, f"<{node(rnd.choice(ids['network']))}>")
            label(m, f"lidmaatschap {i}", f"membership {i}")
            source(m, f"lidmaatschap {i}")
    for i, person in enumerate(ids["person"]):
        post = node(f"post/s{i}")
        t(post, rdf_type, f"<{EKG.Mayor}>")
        t(post, EKG.heldBy, f"<{node(person)}>")
        t(post, EKG.postIn, f"<{node(rnd.choice(ids['organisation']))}>")
        label(post, f"functie {i}", f"post {i}")
        source(post, f"functie {i}")
    agents = cities + ids["organisation"] + ids["person"]
    for i, e in enumerate(ids["event"]):
        s = node(e)
        month = f"{rnd.randrange(2005, 2018)}-{rnd.randrange(1, 13):02d}"
        t(s, EKG.date, f'"{month}"^^<{xsd}gYearMonth>')
        t(s, EKG.location, f"<{node(rnd.choice(cities))}>")
        t(s, EKG.hasTheme, f"<{node(rnd.choice(ids['theme']))}>")
        source(s, f"gebeurtenis {i}")
        for j, who in enumerate(rnd.sample(agents, 3)):
            pp = node(f"participation/s{i}-{j}")
            t(s, EKG.hasParticipation, f"<{pp}>")
            t(pp, EKG.participant, f"<{node(who)}>")
            t(pp, EKG.hasRole, f"<{rnd.choice([EKG.Guest, EKG.Host, EKG.Visitor])}>")
            label(pp, f"deelname {i}-{j}", f"participation {i}-{j}")
            source(pp, f"deelname {i}-{j}")
    for i, a in enumerate(ids["agreement"]):
        s = node(a)
        t(s, EKG.date, f'"{rnd.randrange(2000, 2018)}"^^<{xsd}gYear>')
        for c in rnd.sample(cities, 2):
            t(s, EKG.party, f"<{node(c)}>")
        for p in rnd.sample(ids["person"], 2):
            t(s, EKG.signedBy, f"<{node(p)}>")
        for th in rnd.sample(ids["theme"], 2):
            t(s, EKG.hasTheme, f"<{node(th)}>")
        source(s, f"overeenkomst {i}")
    doc = str(iri.document("synthetic"))
    t(doc, rdf_type, f"<{EKG.SourceDocument}>")
    t(doc, DCTERMS.title, '"Synthetisch document"@nl')
    t(doc, DCTERMS.title, '"Synthetic document"@en')
    curated = dest / "data" / "curated" / "synthetic.nt"
    curated.write_text("\n".join(lines) + "\n", encoding="utf-8")
    text = dest / "data" / "sources" / "synthetic.nl.txt"
    text.write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    return dest


# --- the baseline: pyvis as documented --------------------------------------------------------


def pyvis_default(data: dict[str, Any]) -> str:
    """pyvis's own page for the same nodes and edges: add_node/add_edge, default options and
    physics, vis-network inlined (its 'in_line' mode, which still links Bootstrap from a CDN)."""
    from pyvis.network import Network

    net = Network(cdn_resources="in_line")
    for n in data["nodes"]:
        net.add_node(n["id"], label=n["label"]["nl"], title=n["type"]["nl"])
    rel = {r["key"]: r["label"]["nl"] for r in data["relations"]}
    for e in data["edges"]:
        net.add_edge(e["from"], e["to"], title=rel[e["rel"]])
    html: str = net.generate_html()
    return html


# --- measuring --------------------------------------------------------------------------------


def timed(fn: Callable[[], T], runs: int = 1) -> tuple[float, T]:
    """Median seconds of ``runs`` calls after one warm-up call (imports, template compilation),
    and the last value."""
    value = fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def time_to_stable(context: Any, path: Path, mark: str, timeout_s: float) -> tuple[float, int]:
    """Milliseconds from navigation start to the mark, and how many requests were aborted."""
    page = context.new_page()
    aborted: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            aborted.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.add_init_script(HOOK)
    page.goto(path.as_uri(), wait_until="commit")
    # Polled from here: a page-side wait_for_function would need eval, which the CSP forbids.
    deadline = time.monotonic() + timeout_s
    while page.evaluate(f"window.__bench && window.__bench.{mark}") is None:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path.name}: no {mark} after {timeout_s} s")
        time.sleep(0.01)
    value = float(page.evaluate(f"window.__bench.{mark}"))
    page.close()
    return value, len(aborted)


def time_to_expand(context: Any, path: Path) -> float:
    """Milliseconds from asking for the further twins of the context node with most of them to
    the first frame drawn with them (context mode only)."""
    page = context.new_page()

    def route(r: Any) -> None:
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            r.abort()

    page.route("**/*", route)
    page.goto(path.as_uri())
    deadline = time.monotonic() + 60
    while not page.evaluate("Boolean(window.explorer && window.explorer.ready)"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path.name}: not drawn after 60 s")
        time.sleep(0.01)
    target = page.evaluate(
        "window.explorer.data.nodes.filter(n => n.more).sort((a, b) => b.more - a.more)[0].id"
    )
    started = float(page.evaluate("performance.now()"))
    page.evaluate(f"window.explorer.expand({target!r})")
    while (page.evaluate("window.explorer.drawnAt") or 0) <= started:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path.name}: nothing drawn after expanding")
        time.sleep(0.005)
    value = float(page.evaluate("window.explorer.drawnAt")) - started
    page.close()
    return value


#: Make the page of the baseline commit (its own package and data, from a git worktree).
BASELINE_SCRIPT = """
import sys
from pathlib import Path
from enschede_kg import graph
from enschede_kg.explore import page
page.write_explorer(graph.assemble(), Path(sys.argv[1]), context=sys.argv[2] == "1")
"""
SHOW_VIEW = """async (view) => {
  const t0 = performance.now();
  window.explorer.showView(view);
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t0;
}"""


def baseline_pages(ref: str, tmp: Path) -> dict[bool, Path]:
    """The baseline explorer (curated and context mode) made by the code and data of ``ref``."""
    tree = tmp / "baseline"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), ref],
        check=True,
        capture_output=True,
    )
    try:
        env = dict(os.environ, PYTHONPATH=str(tree / "src"))
        out = {}
        for ctx in (False, True):
            path = tmp / f"baseline-{'context' if ctx else 'curated'}.html"
            subprocess.run(
                [sys.executable, "-c", BASELINE_SCRIPT, str(path), "1" if ctx else "0"],
                check=True,
                env=env,
                cwd=tree,
            )
            out[ctx] = path
        return out
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
            check=False,
            capture_output=True,
        )


def time_to_views(context: Any, path: Path, views: tuple[str, ...]) -> dict[str, float]:
    """Milliseconds from navigation to the start view ready, then to each view shown and drawn."""
    page_ = context.new_page()
    page_.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort()
    )
    page_.goto(path.as_uri() + "#lang=nl")
    deadline = time.monotonic() + 60
    while not page_.evaluate("Boolean(window.explorer && window.explorer.ready)"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path.name}: not ready after 60 s")
        time.sleep(0.005)
    out = {"ready": float(page_.evaluate("window.explorer.readyAt"))}
    for view in views:
        out[view] = float(page_.evaluate(SHOW_VIEW, view))
    page_.close()
    return out


def advisor_views(context: Any, tmp: Path, ref: str, runs: int) -> None:
    """The advisor's views against the baseline explorer, interleaved, same Chromium."""
    base = baseline_pages(ref, tmp)
    print(f"\nadvisor's views vs the explorer at {ref} (same run, interleaved, median of {runs})")
    head = (
        f"{'page':<18}{'KB ours':>8}{'KB base':>8} | {'ready ms':>15} | "
        f"{'network':>8}{'map':>7}{'timeline':>9} | {'all three':>9} target"
    )
    print(head)
    print("-" * len(head))
    for ctx, target in ((False, 1000.0), (True, 2000.0)):
        ours_path = tmp / f"views-{int(ctx)}.html"
        ours_path.write_text(page.render_explorer(graph.assemble(), context=ctx), encoding="utf-8")
        ours_runs, base_runs = [], []
        for _ in range(runs):
            ours_runs.append(time_to_views(context, ours_path, ("network", "map", "timeline")))
            base_runs.append(time_to_views(context, base[ctx], ()))
        med = {k: statistics.median(r[k] for r in ours_runs) for k in ours_runs[0]}
        base_ready = statistics.median(r["ready"] for r in base_runs)
        total = statistics.median(sum(r.values()) for r in ours_runs)
        size, base_size = ours_path.stat().st_size, base[ctx].stat().st_size
        print(
            f"{'context' if ctx else 'curated':<18}{size / 1024:>8.0f}{base_size / 1024:>8.0f} | "
            f"{med['ready']:>6.0f} / {base_ready:>6.0f} | {med['network']:>8.0f}{med['map']:>7.0f}"
            f"{med['timeline']:>9.0f} | {total:>9.0f} {'ok' if total < target else 'SLOW'} "
            f"(< {target:.0f} ms), size {'ok' if size < 2_000_000 else 'TOO BIG'} (< 2 MB)"
        )


@dataclass(frozen=True)
class Row:
    """One graph's measurements, each as (ours, pyvis)."""

    graph: str
    nodes: int
    edges: int
    generate: tuple[float, float]
    size: tuple[int, int]
    stable: tuple[float, float]
    aborted: tuple[int, int]


def ratio(a: float, b: float) -> str:
    return f"{a / b:.3f}" if b else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="browser runs per page (median)")
    parser.add_argument("--nodes", type=int, default=2000, help="nodes of the synthetic graph")
    parser.add_argument(
        "--baseline-ref", default="12a4cac", help="git commit of the explorer before the views"
    )
    parser.add_argument(
        "--views-only", action="store_true", help="only the advisor's views against the baseline"
    )
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        synth = Inputs.from_root(synthetic_project(tmp / "synthetic", args.nodes))
        cases = [
            ("enschede", Inputs(), False),
            ("enschede-context", Inputs(), True),
            (f"synthetic-{args.nodes}", synth, False),
        ]
        expand_ms: list[float] = []
        rows: list[Row] = []
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                str(tmp / "profile"),
                executable_path=CHROMIUM,
                headless=True,
                args=ARGS,
                viewport={"width": 1440, "height": 900},
            )
            advisor_views(context, tmp, args.baseline_ref, args.runs)
            if args.views_only:
                context.close()
                return
            for name, inputs, ctx in cases:
                store = graph.assemble(inputs)
                gen_ours, html = timed(
                    partial(page.render_explorer, store, inputs=inputs, context=ctx), args.runs
                )
                data = explorer_data(store, inputs=inputs, context=ctx)
                gen_base, base_html = timed(partial(pyvis_default, data), args.runs)
                ours_path = tmp / f"{name}-ours.html"
                base_path = tmp / f"{name}-pyvis.html"
                ours_path.write_text(html, encoding="utf-8")
                base_path.write_text(base_html, encoding="utf-8")
                ours = [time_to_stable(context, ours_path, "drawn", 120) for _ in range(args.runs)]
                base = [time_to_stable(context, base_path, "stable", 600) for _ in range(args.runs)]
                if ctx:
                    expand_ms = [time_to_expand(context, ours_path) for _ in range(args.runs)]
                rows.append(
                    Row(
                        name,
                        len(data["nodes"]),
                        len(data["edges"]),
                        (gen_ours, gen_base),
                        (ours_path.stat().st_size, base_path.stat().st_size),
                        (
                            statistics.median(t for t, _ in ours),
                            statistics.median(t for t, _ in base),
                        ),
                        (ours[-1][1], base[-1][1]),
                    )
                )
            context.close()

        print("explorer vs pyvis default (same graph, same run; ratio = ours / pyvis)")
        print(f"chromium headless, {args.runs} run(s) per page, median\n")
        head = (
            f"{'graph':<16}{'nodes':>6}{'edges':>7} | {'generate s':>20} {'ratio':>6} | "
            f"{'file KB':>15} {'ratio':>6} | {'to stable ms':>17} {'ratio':>6} | aborted"
        )
        print(head)
        print("-" * len(head))
        for r in rows:
            (go, gb), (so, sb), (to, tb), (ao, ab) = r.generate, r.size, r.stable, r.aborted
            print(
                f"{r.graph:<16}{r.nodes:>6}{r.edges:>7} | "
                f"{go:>9.3f} / {gb:>8.3f} {ratio(go, gb):>6} | "
                f"{so / 1024:>6.0f} / {sb / 1024:>6.0f} {ratio(so, sb):>6} | "
                f"{to:>7.0f} / {tb:>7.0f} {ratio(to, tb):>6} | {ao} / {ab}"
            )
        if expand_ms:
            print(
                f"\ncontext mode: expanding the further twins of one place (up to "
                f"{explore_context.FURTHER_CAP}) to the next frame drawn: "
                f"{statistics.median(expand_ms):.0f} ms"
                " (median; target < 2000 ms)"
            )

        print("\ngeneration time by graph size: ours grows linearly (time per node stays flat),")
        print("pyvis's add_node/add_edge quadratically")
        print(f"  {'nodes':>5} {'edges':>6} | {'ours s':>7} {'µs/node':>8} | pyvis s  µs/node")
        for n in (500, 1000, 2000, 4000, 8000):
            inputs = Inputs.from_root(synthetic_project(tmp / f"scale-{n}", n))
            store = graph.assemble(inputs)
            ours_s, _ = timed(partial(page.render_explorer, store, inputs=inputs))
            data = explorer_data(store, inputs=inputs)
            base_s, _ = timed(partial(pyvis_default, data))
            k = len(data["nodes"])
            print(
                f"  {k:>5} {len(data['edges']):>6} | {ours_s:>7.3f} {ours_s / k * 1e6:>8.0f} | "
                f"{base_s:>8.3f} {base_s / k * 1e6:>8.0f}"
            )


if __name__ == "__main__":
    main()
