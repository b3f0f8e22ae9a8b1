"""Benchmark: the combined graph (curated + imported Wikidata twinnings), at 1x and 10x, against
rdflib and an Oxigraph server measured in the same run.

Run with ``.venv/bin/python benchmarks/combined.py``. For this project (1x, ~47k triples) and a
synthetic copy ten times larger (``benchmarks/synthetic.py``: the same ontology and queries, the
data copied 10x under renamed IRIs) it measures:

- build: ``enschede_kg.build.build`` (parse, derive, validate, describe, write every format) into
  a temporary directory, in a child process: wall time and peak memory (the child's VmHWM);
  baseline: rdflib parsing every input into a ``Dataset`` and serialising it as Turtle (also in a
  child process, capped in time), beside our own parse + Turtle for the like-for-like ratio;
- queries: every saved query with each parameter set of its golden file (``tests/golden``) on the
  embedded store through ``enschede_kg.queries.run``: p50 per query and the median of those;
  against the same ``store.query`` call on pyoxigraph directly (the wrapper's overhead) and
  against rdflib in memory (``Dataset(default_union=True)``, ``query(initBindings=…)``, one run
  per query in a child process, each capped in time);
- ``/sparql``: requests/s at 8 concurrent clients (wrk, from ``benchmarks/endpoint.py``) for
  ``enschede-kg serve`` and for an Oxigraph server with the same TriG dump.

Everything runs on 127.0.0.1, every load run is bounded in time; results go to
``build/bench-combined.json``. Other processes on the machine (2 cores here) shift the absolute
figures; the ratios, measured back to back, shift less.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))  # devtools (the servers the benchmark starts)
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyoxigraph as ox  # noqa: E402

from enschede_kg import queries  # noqa: E402
from enschede_kg.queries.inline import inline_values  # noqa: E402

GOLDEN = ROOT / "tests" / "golden"
TARGETS = {"build_s": 15.0, "build_mb": 1536.0, "query_p50_ms": 50.0, "wrapper": 1.5, "rdflib": 20}


# --- child processes: one measured job each, results as JSON lines on stdout -------------------


class Overtime(Exception):
    """The job ran past its cap."""


def _alarm(_signum: int, _frame: object) -> None:
    raise Overtime


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries ru_maxrss over
    from the parent through fork and exec, so a child of a big parent would report the parent."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _emit(**figures: Any) -> None:
    figures["maxrss_mb"] = _peak_mb()
    print(json.dumps(figures), flush=True)


def _capped(seconds: float, fn: Callable[[], object]) -> float | None:
    """Seconds ``fn`` took, or None when it ran past ``seconds`` (SIGALRM: rdflib is Python)."""
    signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.perf_counter()
    try:
        fn()
        return time.perf_counter() - start
    except Overtime:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def child_build(root: Path, out: Path) -> None:
    from enschede_kg import build
    from enschede_kg.config import Inputs

    start = time.perf_counter()
    result = build.build(out, Inputs.from_root(root))
    _emit(step="build", seconds=time.perf_counter() - start, triples=sum(result.triples.values()))


def child_ox_parse(root: Path) -> None:
    """Our parse step (strict pyoxigraph parsers, all inputs) and Turtle output of that graph."""
    from enschede_kg import graph
    from enschede_kg.config import Inputs
    from enschede_kg.rdf import rdfio
    from enschede_kg.rdf.namespaces import PREFIXES

    start = time.perf_counter()
    store = graph.load(Inputs.from_root(root))
    _emit(step="parse", seconds=time.perf_counter() - start, triples=len(store))
    start = time.perf_counter()
    rdfio.serialize(graph.quads(store), rdfio.FORMATS["turtle"], PREFIXES)
    _emit(step="turtle", seconds=time.perf_counter() - start)


def child_rdflib(root: Path, extra: Path, cases: Path, cap: float, budget: float) -> None:
    """rdflib: parse every input into a Dataset, write it as Turtle, then run the saved queries."""
    from rdflib import Dataset, URIRef, Variable

    from enschede_kg import sources
    from enschede_kg.config import Inputs
    from enschede_kg.rdf import iri
    from enschede_kg.rdf.rdfio import format_for, to_rdflib

    signal.signal(signal.SIGALRM, _alarm)
    inputs = Inputs.from_root(root)
    ds = Dataset(default_union=True)

    def parse() -> None:
        for path, name in inputs.files():
            fmt = {"ttl": "turtle", "nt": "nt"}.get(format_for(path).extension, "turtle")
            ds.graph(URIRef(str(iri.graph(name)))).parse(path, format=fmt)
        prov = ds.graph(URIRef(str(iri.graph("provenance"))))
        for text in sorted(inputs.sources.glob("*.txt")):
            prov += sources.passage_graph(text)

    start = time.perf_counter()
    parse()
    _emit(step="parse", seconds=time.perf_counter() - start, triples=len(ds))
    _emit(step="turtle", seconds=_capped(cap * 3, lambda: ds.serialize(format="turtle")))
    # The derived shortcuts and nothing else, so that rdflib queries the graph we query.
    for line in extra.read_text(encoding="utf-8").splitlines():
        s, p, o, g = json.loads(line)
        ds.graph(URIRef(g)).add((to_rdflib(_term(s)), to_rdflib(_term(p)), to_rdflib(_term(o))))
    ds.query("ASK { ?s ?p ?o }")  # rdflib's parser and algebra warmed up
    spent = 0.0
    for line in cases.read_text(encoding="utf-8").splitlines():
        name, text, params = json.loads(line)
        if spent > budget:
            _emit(step="query", name=name, seconds=None, skipped=True)
            continue
        bindings = {Variable(k): to_rdflib(_term(v)) for k, v in params.items()}

        def run(text: str = text, bindings: dict[Any, Any] = bindings) -> None:
            result = ds.query(text, initBindings=bindings)
            if result.type == "ASK":
                bool(result)
            else:
                list(result)

        seconds = _capped(cap, run)
        spent += cap if seconds is None else seconds
        _emit(step="query", name=name, seconds=seconds, skipped=False)


def _term(nt: str) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """An RDF term from its N-Triples form (how terms travel to the child process)."""
    quad = next(iter(ox.parse(f"<x:s> <x:p> {nt} .".encode(), format=ox.RdfFormat.N_TRIPLES)))
    term: ox.NamedNode | ox.Literal | ox.BlankNode = quad.object
    return term


def child(argv: list[str]) -> None:
    mode, *rest = argv
    if mode == "build":
        child_build(Path(rest[0]), Path(rest[1]))
    elif mode == "ox-parse":
        child_ox_parse(Path(rest[0]))
    elif mode == "rdflib":
        child_rdflib(Path(rest[0]), Path(rest[1]), Path(rest[2]), float(rest[3]), float(rest[4]))


def measure(args: list[str], timeout: float) -> list[dict[str, Any]]:
    """Run a child job; its JSON lines (also the ones printed before a timeout) and wall time."""
    cmd = [sys.executable, __file__, "--child", *args]
    start = time.perf_counter()
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        out, failed = done.stdout, done.returncode != 0
        if failed:
            sys.stderr.write(done.stderr[-2000:])
    except subprocess.TimeoutExpired as e:
        raw = e.stdout or b""
        out, failed = raw.decode() if isinstance(raw, bytes) else raw, True
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    lines.append({"step": "process", "seconds": time.perf_counter() - start, "failed": failed})
    return lines


def step(lines: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next((x for x in lines if x.get("step") == name), {"seconds": None})


# --- queries on the embedded store -------------------------------------------------------------


def golden_cases(directory: Path) -> list[tuple[queries.SavedQuery, dict[str, str]]]:
    """Each saved query with each parameter set of its golden file."""
    out = []
    for q in queries.saved_queries(directory):
        path = GOLDEN / f"{q.name}.json"
        cases = json.loads(path.read_text(encoding="utf-8")) if path.exists() else [{}]
        out += [(q, dict(c.get("params", {}))) for c in cases]
    return out


def time_queries(
    store: ox.Store, cases: list[tuple[queries.SavedQuery, dict[str, str]]], seconds: float
) -> dict[str, dict[str, list[float]]]:
    """Per query, run times (ms) through ``queries.run`` and through ``store.query`` directly,
    interleaved so that load from other processes hits both alike."""
    times: dict[str, dict[str, list[float]]] = {}
    per_case = seconds / len(cases)
    for q, params in cases:
        bindings = queries.bind(q, params)
        subs: Any = {ox.Variable(k): v for k, v in bindings.items()} or None

        def wrapped(q: queries.SavedQuery = q, b: Any = bindings) -> None:
            queries.run(store, q, b)

        def direct(text: str = q.text, s: Any = subs) -> None:
            answer = store.query(text, use_default_graph_as_union=True, substitutions=s)
            if isinstance(answer, ox.QueryBoolean):
                bool(answer)
            elif isinstance(answer, ox.QuerySolutions):
                [tuple(solution) for solution in answer]  # every value taken out, as run does
            else:
                list(answer)

        wrapped()
        direct()  # warm-up
        t = times.setdefault(q.name, {"wrapped": [], "direct": []})
        deadline = time.perf_counter() + per_case
        n = 0
        while n < 5 or (time.perf_counter() < deadline and n < 200):
            for key, fn in (("wrapped", wrapped), ("direct", direct)):
                start = time.perf_counter()
                fn()
                t[key].append((time.perf_counter() - start) * 1000)
            n += 1
    return times


# --- /sparql throughput ------------------------------------------------------------------------


def throughput(
    root: Path,
    out: Path,
    cases: list[tuple[queries.SavedQuery, dict[str, str]]],
    clients: int,
    seconds: int,
) -> dict[str, dict[str, float]]:
    from endpoint import wrk

    from devtools import servers

    first: dict[str, dict[str, str]] = {}
    for q, params in cases:
        first.setdefault(q.name, params)
    bodies = out / "bench-bodies.txt"
    lines = []
    for q in queries.saved_queries(root / "queries"):
        bound = queries.bind(q, first.get(q.name, {}))
        # The parameters as queries.run_remote sends them: a VALUES block opening the WHERE group.
        text = inline_values(q.text, bound)
        lines.append(urllib.parse.urlencode({"query": text}))
    bodies.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result: dict[str, dict[str, float]] = {}
    env = {"ENSCHEDE_KG_PROJECT": str(root)}
    with servers.start_endpoint(build_dir=out, env=env, timeout=120) as ours:
        result["enschede-kg"] = wrk(ours.url, bodies, clients, seconds)
    with servers.start_oxigraph(dump=out / "enschede-kg.trig", timeout=120) as oxi:
        result["oxigraph"] = wrk(oxi.url, bodies, clients, seconds)
    return result


# --- one scale ---------------------------------------------------------------------------------


def bench_scale(label: str, root: Path, tmp: Path, args: argparse.Namespace) -> dict[str, Any]:
    from enschede_kg import graph
    from enschede_kg.config import Inputs

    print(f"[{label}] build …", file=sys.stderr, flush=True)
    out = tmp / f"build-{label}"
    built = measure(["build", str(root), str(out)], timeout=300)
    ours_parse = measure(["ox-parse", str(root)], timeout=300)

    print(f"[{label}] queries on the embedded store …", file=sys.stderr, flush=True)
    inputs = Inputs.from_root(root)
    loaded = graph.load(inputs)
    store = graph.assemble(inputs)
    extra = tmp / f"extra-{label}.jsonl"
    with extra.open("w", encoding="utf-8") as f:
        for quad in store.quads_for_pattern(None, None, None, None):
            if quad not in loaded:
                terms = [str(quad.subject), str(quad.predicate), str(quad.object)]
                f.write(json.dumps([*terms, quad.graph_name.value]) + "\n")  # type: ignore[union-attr]
    del loaded
    cases = golden_cases(root / "queries")
    times = time_queries(store, cases, args.query_seconds)

    print(f"[{label}] rdflib (capped at {args.cap:g} s a step) …", file=sys.stderr, flush=True)
    first: dict[str, tuple[str, dict[str, str]]] = {}
    for q, params in cases:
        if q.name not in first:
            bound = {k: str(v) for k, v in queries.bind(q, params).items()}
            first[q.name] = (q.text, bound)
    case_file = tmp / f"cases-{label}.jsonl"
    case_file.write_text(
        "".join(json.dumps([n, t, p]) + "\n" for n, (t, p) in first.items()), encoding="utf-8"
    )
    rdflib = measure(
        ["rdflib", str(root), str(extra), str(case_file), str(args.cap), str(args.rdflib_budget)],
        timeout=60 + args.cap * 3 + args.rdflib_budget + args.cap * 2 + 120,
    )
    rdflib_q = {x["name"]: x for x in rdflib if x.get("step") == "query"}
    # Ours on rdflib's case (the first parameter set), for the per-query rdflib ratio.
    first_case = [next(c for c in cases if c[0].name == n) for n in first]
    ours_first = time_queries(store, first_case, 0.5 * len(first_case))
    del store

    print(f"[{label}] /sparql, {args.clients} clients …", file=sys.stderr, flush=True)
    sparql = throughput(root, out, cases, args.clients, args.seconds)

    per_query = {}
    for name, t in times.items():
        mine = statistics.median(ours_first[name]["wrapped"])
        rd = rdflib_q.get(name, {})
        per_query[name] = {
            "p50_ms": statistics.median(t["wrapped"]),
            "direct_p50_ms": statistics.median(t["direct"]),
            "runs": len(t["wrapped"]),
            "first_case_ms": mine,
            "rdflib_ms": None if rd.get("seconds") is None else rd["seconds"] * 1000,
            "rdflib_capped": rd.get("seconds") is None and not rd.get("skipped", True),
        }
    return {
        "triples": step(built, "build").get("triples"),
        "build": {"ours": step(built, "build"), "process": step(built, "process")},
        "parse_turtle": {
            "ours": {"parse": step(ours_parse, "parse"), "turtle": step(ours_parse, "turtle")},
            "rdflib": {"parse": step(rdflib, "parse"), "turtle": step(rdflib, "turtle")},
        },
        "queries": per_query,
        "sparql": sparql,
        "rdflib_cap_s": args.cap,
    }


# --- report ------------------------------------------------------------------------------------


def fmt_s(x: float | None, cap: float | None = None) -> str:
    return f">{cap:g} s" if x is None and cap else ("-" if x is None else f"{x:.2f} s")


def ratio(a: float | None, b: float | None, cap: float | None = None) -> str:
    if a is None or not b:
        return f">{cap / b:.0f}x" if a is None and cap and b else "-"
    return f"{a / b:.2f}x" if a / b < 10 else f"{a / b:.0f}x"


def report(label: str, r: dict[str, Any]) -> None:
    cap = r["rdflib_cap_s"]
    b = r["build"]["ours"]
    pt = r["parse_turtle"]
    ours_pt = (pt["ours"]["parse"]["seconds"] or 0) + (pt["ours"]["turtle"]["seconds"] or 0)
    rd_parse, rd_ttl = pt["rdflib"]["parse"]["seconds"], pt["rdflib"]["turtle"]["seconds"]
    rd_pt = None if rd_parse is None or rd_ttl is None else rd_parse + rd_ttl
    rd_mb = max(
        pt["rdflib"]["parse"].get("maxrss_mb") or 0, pt["rdflib"]["turtle"].get("maxrss_mb") or 0
    )
    print(f"\n== {label}: {r['triples']} triples ==")
    head = f"{'figure':<44} {'ours':>10} {'baseline':>12} {'ratio':>8}  target"
    print(head + "\n" + "-" * len(head))
    print(
        f"{'build, all steps (wall, in process)':<44} {fmt_s(b['seconds']):>10} "
        f"{fmt_s(rd_pt, cap * 3 + (rd_parse or 0)):>12} "
        f"{ratio(b['seconds'], rd_pt):>8}  < {TARGETS['build_s']:g} s"
        "  (baseline: rdflib parse+Turtle)"
    )
    print(
        f"{'build, peak memory (child VmHWM)':<44} {b.get('maxrss_mb', 0):>7.0f} MB "
        f"{rd_mb:>9.0f} MB {ratio(b.get('maxrss_mb'), rd_mb):>8}  < {TARGETS['build_mb']:g} MB"
    )
    print(
        f"{'  parse all inputs':<44} {fmt_s(pt['ours']['parse']['seconds']):>10} "
        f"{fmt_s(rd_parse):>12} {ratio(rd_parse, pt['ours']['parse']['seconds']):>8}"
        "  (rdflib / ours)"
    )
    print(
        f"{'  Turtle of the parsed graph':<44} {fmt_s(pt['ours']['turtle']['seconds']):>10} "
        f"{fmt_s(rd_ttl, cap * 3):>12} "
        f"{ratio(rd_ttl, pt['ours']['turtle']['seconds'], cap * 3):>8}  (rdflib / ours)"
    )
    print(
        f"{'  parse + Turtle':<44} {fmt_s(ours_pt):>10} {fmt_s(rd_pt):>12} "
        f"{ratio(rd_pt, ours_pt):>8}  (rdflib / ours)"
    )
    q = r["queries"]
    p50s = [x["p50_ms"] for x in q.values()]
    wrap = [x["p50_ms"] / x["direct_p50_ms"] for x in q.values()]
    rd_ratios = [
        (x["rdflib_ms"] if x["rdflib_ms"] is not None else cap * 1000) / x["first_case_ms"]
        for x in q.values()
        if x["rdflib_ms"] is not None or x["rdflib_capped"]
    ]
    print(
        f"{'queries: median of per-query p50':<44} {statistics.median(p50s):>7.2f} ms "
        f"{statistics.median(x['direct_p50_ms'] for x in q.values()):>9.2f} ms "
        f"{statistics.median(wrap):>7.2f}x  < {TARGETS['query_p50_ms']:g} ms; "
        f"<= {TARGETS['wrapper']}x pyoxigraph"
    )
    print(
        f"{'queries: slowest per-query p50':<44} {max(p50s):>7.2f} ms {'':>12} "
        f"{max(wrap):>7.2f}x  (worst wrapper overhead)"
    )
    if rd_ratios:
        print(
            f"{'queries vs rdflib: median speed-up':<44} {'':>10} {'':>12} "
            f"{statistics.median(rd_ratios):>7.0f}x  >= {TARGETS['rdflib']}x"
            f" (min {min(rd_ratios):.1f}x)"
        )
    s = r["sparql"]
    print(
        f"{'/sparql req/s, 8 clients':<44} {s['enschede-kg']['rps']:>10.0f} "
        f"{s['oxigraph']['rps']:>12.0f} {ratio(s['enschede-kg']['rps'], s['oxigraph']['rps']):>8}"
        f"  (baseline: Oxigraph server; errors {int(s['enschede-kg']['errors'])}"
        f"/{int(s['oxigraph']['errors'])})"
    )
    print(
        f"{'/sparql p50 / p99 ms, 8 clients':<44} "
        f"{s['enschede-kg']['p50_ms']:>5.1f}/{s['enschede-kg']['p99_ms']:<5.0f}"
        f" {s['oxigraph']['p50_ms']:>6.1f}/{s['oxigraph']['p99_ms']:<5.0f}"
    )
    print(
        f"\n  {'query':<36} {'p50 ms':>8} {'pyoxigraph':>10} {'wrapper':>8}"
        f" {'rdflib ms':>10} {'rdflib/ours':>12}"
    )
    for name, x in q.items():
        rd = x["rdflib_ms"]
        rd_s = (
            f">{cap * 1000:.0f}" if x["rdflib_capped"] else ("skip" if rd is None else f"{rd:.0f}")
        )
        rr = (
            ratio(rd, x["first_case_ms"], cap * 1000)
            if rd is not None or x["rdflib_capped"]
            else "-"
        )
        print(
            f"  {name:<36} {x['p50_ms']:>8.2f} {x['direct_p50_ms']:>10.2f} "
            f"{x['p50_ms'] / x['direct_p50_ms']:>7.2f}x {rd_s:>10} {rr:>12}"
        )


def growth(results: dict[str, dict[str, Any]]) -> None:
    (l1, a), (l2, b) = list(results.items())[:2]

    def med(r: dict[str, Any]) -> float:
        return float(statistics.median(x["p50_ms"] for x in r["queries"].values()))

    rows = [
        ("triples", a["triples"], b["triples"]),
        ("build s", a["build"]["ours"]["seconds"], b["build"]["ours"]["seconds"]),
        ("build peak MB", a["build"]["ours"]["maxrss_mb"], b["build"]["ours"]["maxrss_mb"]),
        ("rdflib parse s", a["parse_turtle"]["rdflib"]["parse"]["seconds"],
         b["parse_turtle"]["rdflib"]["parse"]["seconds"]),
        ("query median p50 ms", med(a), med(b)),
        ("query slowest p50 ms", max(x["p50_ms"] for x in a["queries"].values()),
         max(x["p50_ms"] for x in b["queries"].values())),
        ("/sparql req/s (ours)", a["sparql"]["enschede-kg"]["rps"],
         b["sparql"]["enschede-kg"]["rps"]),
        ("/sparql req/s (oxigraph)", a["sparql"]["oxigraph"]["rps"],
         b["sparql"]["oxigraph"]["rps"]),
    ]  # fmt: skip
    print(f"\n== growth {l1} -> {l2} ==")
    print(f"{'figure':<28} {l1:>12} {l2:>12} {'growth':>8}")
    for name, x, y in rows:
        g = "-" if x is None or y is None or not x else f"{y / x:.1f}x"
        xs = "-" if x is None else f"{x:.2f}" if x < 100 else f"{x:.0f}"
        ys = "-" if y is None else f"{y:.2f}" if y < 100 else f"{y:.0f}"
        print(f"{name:<28} {xs:>12} {ys:>12} {g:>8}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=10, help="size of the synthetic graph")
    parser.add_argument("--seconds", type=int, default=3, help="length of each wrk run")
    parser.add_argument("--clients", type=int, default=8, help="concurrent /sparql clients")
    parser.add_argument("--query-seconds", type=float, default=4.0, help="time for all queries")
    parser.add_argument("--cap", type=float, default=10.0, help="cap on one rdflib query, s")
    parser.add_argument("--rdflib-budget", type=float, default=40.0, help="all rdflib queries, s")
    parser.add_argument("--only-1x", action="store_true", help="skip the synthetic graph")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    import synthetic

    results: dict[str, dict[str, Any]] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="enschede-kg-bench-") as name:
        tmp = Path(name)
        scales = [("1x", ROOT)]
        if not args.only_1x:
            print(f"[{args.factor}x] writing the synthetic project …", file=sys.stderr, flush=True)
            scales.append(
                (f"{args.factor}x", synthetic.write_project(tmp / "synthetic", args.factor))
            )
        for label, root in scales:
            results[label] = bench_scale(label, root, tmp, args)
    print(
        f"combined graph benchmark, {os.cpu_count()} cores, everything on 127.0.0.1; other "
        "processes on the machine (tests of other sessions) add noise to the absolute figures"
    )
    for label, r in results.items():
        report(label, r)
    if len(results) > 1:
        growth(results)
    print(f"\n(total {time.perf_counter() - started:.0f} s)")
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "bench-combined.json").write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
