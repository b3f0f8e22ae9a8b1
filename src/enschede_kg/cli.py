"""The command line: a thin shell over the library. Exit codes: 0 ok, 1 not conforming, 2 error."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from enschede_kg import __version__, config, queries
from enschede_kg import store as store_mod
from enschede_kg.config import Inputs
from enschede_kg.errors import EnschedeKGError, ValidationFailed
from enschede_kg.rdf.names import BASE_IRI
from enschede_kg.text import LANGS

F = TypeVar("F", bound=Callable[..., Any])


def _default_build_dir(_ctx: click.Context, _p: click.Parameter, value: Path | None) -> Path:
    """Resolved after ``--project`` has chosen the project, so the default follows it."""
    return value or config.default_build_dir()


#: Where the build is read from (and written to when it is stale); shared by most commands.
build_dir_option = click.option(
    "--build-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    callback=_default_build_dir,
    help="The build directory  [default: build/ in the project, or in the current folder when "
    "the project is the copy shipped with the package].",
)


def _ensure_built(build_dir: Path, inputs: Inputs) -> None:
    """Build first when the build is missing or older than an input, saying so on stderr."""
    store_mod.ensure_built(
        build_dir,
        inputs,
        on_build=lambda d: click.echo(f"building the graph into {d} …", err=True),
    )


def _errors(fn: F) -> F:
    """Turn library errors into a one-line message and exit code 2 (1 for non-conformance)."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ValidationFailed as e:
            click.echo(e.report.text(), err=True, nl=False)  # type: ignore[attr-defined]
            click.echo(f"error: {e}", err=True)
            sys.exit(1)
        except EnschedeKGError as e:
            click.echo(f"error: {e}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


@click.group()
@click.version_option(__version__, prog_name="enschede-kg")
@click.option(
    "--project",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    envvar=config.PROJECT_ENV,
    help="Project directory holding ontology/, data/ and queries/ (every command, page and query "
    "of the server reads it)  [default: the checkout the package runs from, else the copy "
    "shipped with the package].",
)
@click.pass_context
def main(ctx: click.Context, project: Path | None) -> None:
    """The knowledge graph of Enschede's international relationships."""
    try:
        if project is not None:
            # For this command and the processes it starts (server workers); restored after, so
            # a command run in-process (tests, notebooks) does not switch its caller's project.
            ctx.call_on_close(config.restore_project(os.environ.get(config.PROJECT_ENV)))
            config.use_project(project)
        ctx.obj = Inputs()
    except EnschedeKGError as e:
        raise click.UsageError(str(e)) from None


@main.command()
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    callback=_default_build_dir,
    help="Output directory  [default: as --build-dir].",
)
@click.option(
    "--base-iri",
    default=BASE_IRI,
    show_default=True,
    help="Publish under another base IRI (rewrites every minted IRI).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@_errors
@click.pass_obj
def build(inputs: Inputs, out: Path, base_iri: str, quiet: bool) -> None:
    """Load, validate, derive and write the graph in every serialisation."""
    from enschede_kg import build as build_mod

    result = build_mod.build(out, inputs, base=base_iri)
    if not quiet:
        for f in result.files:
            click.echo(f"wrote {f}")
        click.echo(", ".join(f"{k}: {v}" for k, v in result.triples.items()) + " triples")
        warnings = len(result.report.violations)
        click.echo(f"conforms ({warnings} warning(s))")


@main.command()
@click.option(
    "--dump",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Check a written dump file (e.g. build/enschede-kg.trig) instead of the sources.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default="en",
    show_default=True,
    help="The language of the report (every shape and check says what is wrong in both).",
)
@_errors
@click.pass_obj
def validate(inputs: Inputs, dump: Path | None, lang: str) -> None:
    """Check the graph a build writes (metadata included) against the shapes and checks.

    Exit code 0 when it conforms, 1 when it does not (each violation listed), 2 on an error.
    """
    from enschede_kg.validate import validate as run_validate  # pySHACL: only where it is used
    from enschede_kg.validate import validate_file

    if dump is not None:
        report = validate_file(dump, inputs)
    else:
        from enschede_kg import build as build_mod

        store, _total = build_mod.final_graph(inputs)
        report = run_validate(store, inputs)
    click.echo(report.text(lang), nl=False)
    sys.exit(0 if report.conforms else 1)


@main.command()
@click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True)
@build_dir_option
@_errors
@click.pass_obj
def summary(inputs: Inputs, lang: str, build_dir: Path) -> None:
    """Print a short summary of the graph."""
    from enschede_kg.analyse.summary import summarise  # imports the build's metadata (pySHACL)

    st, _ = store_mod.open_store(build_dir, inputs)
    click.echo(summarise(st, inputs, lang=lang), nl=False)


@main.command(name="queries")
@click.pass_obj
def list_queries(inputs: Inputs) -> None:
    """List the saved queries with their parameters."""
    for q in queries.saved_queries(inputs.queries):
        params = " ".join(f"--param {p.name}=<{p.type}>" for p in q.params)
        click.echo(f"{q.name:<36} {q.summary}" + (f"  [{params}]" if params else ""))


def _param(ctx: click.Context, _p: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for v in values:
        name, sep, value = v.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{v!r}: write name=value", ctx=ctx)
        out[name.strip()] = value
    return out


@main.command()
@click.argument("ref")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    callback=_param,
    metavar="NAME=VALUE",
    help="Bind a parameter of the query (repeatable).",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    default="table",
    show_default=True,
    type=click.Choice(["table", "csv", "tsv", "json", "xml", "turtle", "ntriples"]),
)
@click.option("--endpoint", metavar="URL", help="Run against this SPARQL endpoint instead.")
@build_dir_option
@_errors
@click.pass_obj
def query(
    inputs: Inputs,
    ref: str,
    params: dict[str, str],
    fmt: str,
    endpoint: str | None,
    build_dir: Path,
) -> None:
    """Run a saved query (by name or number), a .rq file, or '-' for standard input."""
    if ref == "-":
        q = queries.SavedQuery(name="stdin", path=Path("-"), text=sys.stdin.read())
    else:
        q = queries.resolve(ref, inputs.queries)
    bindings = queries.bind(q, params)
    if endpoint:
        result = queries.run_remote(endpoint, q, bindings)
    else:
        st, origin = store_mod.open_store(build_dir, inputs)
        if origin == "sources":
            click.echo(
                "(graph assembled from the sources; 'enschede-kg build' writes it)", err=True
            )
        result = queries.run(st, q, bindings)
    click.echo(queries.format_result(result, fmt), nl=False)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--sparql-endpoint", metavar="URL", help="Serve over this remote SPARQL endpoint.")
@click.option(
    "--workers",
    default=3,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Query worker processes (each holds a copy of the graph); one is kept for pages.",
)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0.1, 3600),
    help="Seconds a query may run before it is stopped (503).",
)
@click.option(
    "--row-cap",
    default=10_000,
    show_default=True,
    type=click.IntRange(1),
    help="Most rows or triples in one answer (X-SPARQL-Truncated when cut).",
)
@click.option(
    "--max-body",
    default=1_000_000,
    show_default=True,
    type=click.IntRange(1),
    help="Largest request body in bytes (413 beyond).",
)
@click.option(
    "--max-upload",
    default=512_000_000,
    show_default=True,
    type=click.IntRange(1),
    help="Largest authenticated Graph Store upload in bytes, streamed to disk (413 beyond).",
)
@click.option(
    "--max-answer",
    default=64_000_000,
    show_default=True,
    type=click.IntRange(1),
    help="Largest answer in bytes (rows cut beyond, X-SPARQL-Truncated).",
)
@click.option(
    "--worker-memory",
    default=2048,
    show_default=True,
    type=click.IntRange(0),
    help="MB a worker may allocate beyond its graph; a query past it ends with 503 (0: no cap).",
)
@click.option(
    "--client-limit",
    default=8,
    show_default=True,
    type=click.IntRange(0),
    help="Queries one client address may have in flight (429 beyond; 0: no limit).",
)
@click.option(
    "--direct/--no-direct",
    default=True,
    show_default=True,
    help="Let query workers hold keep-alive connections and answer their plain queries on the "
    "client's socket themselves (--no-direct: every answer passes through the server process).",
)
@click.option(
    "--token",
    envvar="ENSCHEDE_KG_TOKEN",
    metavar="TOKEN",
    help="Bearer token that enables SPARQL Update and Graph Store writes (or ENSCHEDE_KG_TOKEN).",
)
@build_dir_option
@_errors
@click.pass_obj
def serve(
    inputs: Inputs,
    host: str,
    port: int,
    sparql_endpoint: str | None,
    workers: int,
    timeout: float,
    row_cap: int,
    max_body: int,
    max_upload: int,
    max_answer: int,
    worker_memory: int,
    client_limit: int,
    direct: bool,
    token: str | None,
    build_dir: Path,
) -> None:
    """Serve the SPARQL endpoint and query page (building the graph first when it is stale)."""
    from enschede_kg.web.app import Settings, run

    dump = void = None
    if not sparql_endpoint:
        _ensure_built(build_dir, inputs)
        dump, void = store_mod.dump_path(build_dir), build_dir / "void.ttl"
        pages = {"explorer.html": False, "explorer-context.html": True}
        stale = [
            n
            for n in pages
            if not (build_dir / n).exists()
            or (build_dir / n).stat().st_mtime < dump.stat().st_mtime
        ]
        if stale:
            from enschede_kg.explore.page import write_explorer

            graph_store = store_mod.from_dump(dump)
            for name in stale:
                write_explorer(graph_store, build_dir / name, inputs=inputs, context=pages[name])
    settings = Settings(
        dump=dump,
        void=void,
        sparql_endpoint=sparql_endpoint,
        workers=workers,
        timeout=timeout,
        row_cap=row_cap,
        max_body=max_body,
        max_upload=max_upload,
        max_answer=max_answer,
        worker_memory=worker_memory,
        client_limit=client_limit,
        direct=direct,
        token=token,
        queries_dir=inputs.queries,
        build_dir=None if sparql_endpoint else build_dir,
    )
    click.echo(
        f"serving http://{host}:{port}/explorer (the explorer), /sparql (SPARQL), "
        "/ (query page), /id/… (linked data)",
        err=True,
    )
    run(settings, host=host, port=port)


# --- network analytics: analyze, path ------------------------------------------------
# Choices are spelled here so that the CLI starts without importing networkx; tests/test_analytics
# checks that they match analytics.FORMATS, paths.FORMATS and the languages of their TEXT tables.


@main.command()
@click.option("--year", type=int, metavar="Y", help="The graph as it stood in year Y.")
@click.option(
    "--format",
    "-f",
    "fmt",
    default="table",
    show_default=True,
    type=click.Choice(["table", "json", "csv"]),
)
@click.option(
    "--dormant-years",
    default=2,
    show_default=True,
    type=click.IntRange(1),
    metavar="N",
    help="Dormant: no activity in the N years up to the reference year.",
)
@click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True)
@click.option(
    "--context/--no-context",
    default=False,
    show_default=True,
    help="Add the twin-city ties of the imported graphs around the network.",
)
@build_dir_option
@_errors
@click.pass_obj
def analyze(
    inputs: Inputs,
    year: int | None,
    fmt: str,
    dormant_years: int,
    lang: str,
    context: bool,
    build_dir: Path,
) -> None:
    """Centrality, communities, components and activity of the partnership network, explained."""
    from enschede_kg.analyse import analytics

    st, _ = store_mod.open_store(build_dir, inputs)
    result = analytics.analyze(
        st,
        year=year,
        dormant_years=dormant_years,
        lang=lang,
        queries_dir=inputs.queries,
        context=context,
    )
    click.echo(analytics.format_analysis(result, fmt), nl=False)


@main.command()
@click.argument("a")
@click.argument("b")
@click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True)
@click.option(
    "--format",
    "-f",
    "fmt",
    default="table",
    show_default=True,
    type=click.Choice(["table", "json"]),
)
@click.option(
    "--context/--no-context",
    default=True,
    show_default=True,
    help="Also follow the twin-city links of the imported graphs.",
)
@build_dir_option
@_errors
@click.pass_obj
def path(
    inputs: Inputs, a: str, b: str, lang: str, fmt: str, context: bool, build_dir: Path
) -> None:
    """The shortest chains of relations between A and B (label, IRI or id:…), with sources.

    Exit code 1 when no chain links them, 2 for an unknown or ambiguous name.
    """
    from enschede_kg.analyse import paths

    st, _ = store_mod.open_store(build_dir, inputs)
    try:
        found = paths.find_paths(st, a, b, lang=lang, queries_dir=inputs.queries, context=context)
    except paths.NoPath as e:
        click.echo(f"{e}", err=True)
        sys.exit(1)
    click.echo(paths.format_paths(found, fmt), nl=False)


@main.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The HTML file to write  [default: explorer.html in the build directory].",
)
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default="nl",
    show_default=True,
    help="Language the page opens in (it switches in the page).",
)
@click.option(
    "--context/--no-context",
    default=False,
    show_default=True,
    help="Add the partners of Enschede's partners from the imported Wikidata 2016 twin-city "
    "snapshot, marked as such, with their further twins on demand.",
)
@build_dir_option
@_errors
@click.pass_obj
def viz(inputs: Inputs, output: Path | None, lang: str, context: bool, build_dir: Path) -> None:
    """Write the explorer: one self-contained HTML page of Enschede's partnerships."""
    from enschede_kg.explore.page import write_explorer

    st, _ = store_mod.open_store(build_dir, inputs)
    path = write_explorer(
        st, output or build_dir / "explorer.html", lang=lang, inputs=inputs, context=context
    )
    click.echo(f"wrote {path}")


# --- publication: publish site, publish store --------------------------------------


@main.group()
def publish() -> None:
    """Publish the built graph: as a static site, or into a triple store."""


@publish.command(name="site")
@click.option(
    "-o",
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory to write the site to (replaced as a whole).",
)
@click.option(
    "--sparql",
    metavar="URL",
    default=None,
    help="A SPARQL endpoint that serves the same data (e.g. `enschede-kg serve` behind the base "
    "IRI): VoID, DCAT and the pages name it. Without it the site names no endpoint.",
)
@build_dir_option
@_errors
@click.pass_obj
def publish_site_command(inputs: Inputs, out: Path, sparql: str | None, build_dir: Path) -> None:
    """Write pages, data, dumps, VoID/DCAT, ontology docs and nginx/Apache rules to OUT."""
    from enschede_kg.publish.site import publish_site

    _ensure_built(build_dir, inputs)
    graph_store = store_mod.from_dump(store_mod.dump_path(build_dir))
    site = publish_site(out, graph_store, build_dir, sparql=sparql)
    click.echo(f"wrote {site.pages} pages and {site.data_files} data files to {site.out}")
    click.echo(
        f"web server rules: {site.out / 'nginx.conf'} (nginx), {site.out / '.htaccess'} (Apache)"
    )


@publish.command(name="store")
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="Graph Store endpoint of the store, e.g. http://127.0.0.1:7878/store (Oxigraph); "
    "Virtuoso's is its /sparql-graph-crud-auth.",
)
@click.option(
    "--graph",
    "graphs",
    multiple=True,
    metavar="IRI",
    help="Replace only this named graph of the build (repeatable) [default: every one].",
)
@click.option(
    "--token",
    envvar="ENSCHEDE_KG_TOKEN",
    metavar="TOKEN",
    help="Bearer token the store asks for (or ENSCHEDE_KG_TOKEN).",
)
@click.option(
    "--user",
    envvar="ENSCHEDE_KG_STORE_USER",
    metavar="USER",
    help="User for a store that asks for Basic or Digest authentication (or "
    "ENSCHEDE_KG_STORE_USER); the password comes from ENSCHEDE_KG_STORE_PASSWORD.",
)
@click.option(
    "--timeout",
    default=60.0,
    show_default=True,
    type=click.FloatRange(0.1, 3600),
    help="Seconds to wait for the store at each step of the upload.",
)
@build_dir_option
@_errors
@click.pass_obj
def publish_store_command(
    inputs: Inputs,
    endpoint: str,
    graphs: tuple[str, ...],
    token: str | None,
    user: str | None,
    timeout: float,
    build_dir: Path,
) -> None:
    """Replace each named graph of the build in a triple store, one Graph Store PUT per graph.

    Exit code 2, naming the endpoint, the graph and the HTTP status or network error, when the
    store is unreachable or refuses; that graph then keeps its previous content.
    """
    from enschede_kg.publish.store import publish_store

    _ensure_built(build_dir, inputs)
    published = publish_store(
        endpoint,
        graphs=graphs or None,
        token=token,
        user=user,
        password=os.environ.get("ENSCHEDE_KG_STORE_PASSWORD"),
        dump=store_mod.dump_path(build_dir),
        timeout=timeout,
    )
    for name, n in published.graphs.items():
        click.echo(f"replaced <{name}>: {n} triples")
    click.echo(
        f"published {published.triples} triples in {len(published.graphs)} graphs to {endpoint}"
    )


@publish.command(name="dcat")
@build_dir_option
@_errors
@click.pass_obj
def publish_dcat_command(inputs: Inputs, build_dir: Path) -> None:
    """Check the dataset description (void.ttl) against the DCAT-AP-NL 3.0 shapes.

    Lists violations and missing recommended properties. Exit code 0 when there are no
    violations, 1 when there are, 2 on an error.
    """
    from enschede_kg.build import metadata

    _ensure_built(build_dir, inputs)
    conforms, violations, recommendations = metadata.check_dcat(
        metadata.read_description(build_dir / "void.ttl")
    )
    click.echo(metadata.dcat_report(violations, recommendations), nl=False)
    sys.exit(0 if conforms else 1)


# --- context from outside the curated data: import twinnings -------------------------


@main.group(name="import")
def import_group() -> None:
    """Import context from public tables into named graphs of their own (data/imported/)."""


@import_group.command(name="twinnings")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--source",
    required=True,
    metavar="ID",
    help="Id of the source (a slug, e.g. wikidata-p190-2016): names the graph and the files.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["tsv", "csv"]),
    help="Table format [default: by the file extension].",
)
@click.option(
    "--from-column",
    default="1",
    show_default=True,
    metavar="N|NAME",
    help="Column of the place that states the link: a number, or a name from the header.",
)
@click.option(
    "--to-column",
    default="2",
    show_default=True,
    metavar="N|NAME",
    help="Column of its twin: a number, or a name from the header.",
)
@click.option(
    "--header",
    is_flag=True,
    help="The first row names the columns (implied when a column is given by name).",
)
@click.option(
    "--names",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Labels: a table of id and label (two columns, or a header with id and label).",
)
@click.option(
    "--reconciliation",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Reviewed mappings: a table with snapshot_qid, our_iri, reason, reviewed_by.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output directory [default: data/imported of the project].",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@_errors
@click.pass_obj
def import_twinnings_command(
    inputs: Inputs,
    file: Path,
    source: str,
    fmt: str | None,
    from_column: str,
    to_column: str,
    header: bool,
    names: Path | None,
    reconciliation: Path | None,
    out: Path | None,
    quiet: bool,
) -> None:
    """Import a table of twin-city links (Wikidata QIDs or our IRIs) into its own named graph.

    Writes data/imported/twinnings-ID.nt (graph/twinnings/ID) and a .summary.json of what the
    table holds and what is odd about it. Exit code 2, naming the file and row, for a bad row;
    nothing is written then.
    """
    from enschede_kg.imports.twinnings import import_twinnings

    result = import_twinnings(
        file,
        source=source,
        names=names,
        reconciliation=reconciliation,
        fmt=fmt,
        from_column=from_column,
        to_column=to_column,
        header=header,
        out=out,
        inputs=inputs,
    )
    if not quiet:
        click.echo(result.text(), nl=False)


# --- keeping the graph: add a report, see what changed, get proposals ----------------------


@main.group(name="source")
def source_group() -> None:
    """Source documents: add next year's overview, a letter or a press release."""


@source_group.command(name="add")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--title", required=True, help="The document's title, as it is written.")
@click.option("--title-en", default=None, help="An English title [default: the title].")
@click.option("--year", required=True, help="The year the document reports on, e.g. 2018.")
@click.option(
    "--publisher", required=True, help="Organisation by label or slug, e.g. 'Gemeente Enschede'."
)
@click.option("--lang", default="nl", show_default=True, help="The document's language.")
@click.option("--slug", default=None, help="Name of the source [default: from the file name].")
@_errors
@click.pass_obj
def source_add_command(
    inputs: Inputs,
    file: Path,
    title: str,
    title_en: str | None,
    year: str,
    publisher: str,
    lang: str,
    slug: str | None,
) -> None:
    """Copy a plain-text (UTF-8) document into data/sources and describe it in data/curated.

    Its passages are split and numbered as the 2017 overview's are. Exit code 2 for an
    unreadable, empty or duplicate document, 1 when the project would no longer validate;
    nothing is written then.
    """
    from enschede_kg.maintain.source_add import add_source

    added = add_source(
        file,
        title=title,
        title_en=title_en,
        year=year,
        publisher=publisher,
        lang=lang,
        slug=slug,
        inputs=inputs,
    )
    click.echo(f"wrote {added.text_file} ({added.passages} passages)")
    click.echo(f"wrote {added.description_file}")
    click.echo(f"source {added.document}")


@main.command(name="diff")
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
)
@click.option("--lang", type=click.Choice(LANGS), default="nl", show_default=True)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE."
)
@_errors
@click.pass_obj
def diff_command(
    inputs: Inputs, old: str, new: str, fmt: str, lang: str, output: Path | None
) -> None:
    """What changed from OLD to NEW: partners, statuses, agreements, events, corrected facts.

    OLD and NEW are each a build folder, a project folder, a git revision of the project or a
    year (2017: the graph as the sources up to that year state it). Each change is given with
    the sentence it rests on.
    """
    from enschede_kg.maintain.diff import diff, render
    from enschede_kg.rdf import rdfio

    report = render(diff(old, new, inputs), fmt, lang)
    if output is None:
        click.echo(report, nl=False)
    else:
        rdfio.write_atomic(output, report.encode("utf-8"))


@main.command(name="suggest")
@click.argument("source")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "csv", "json"]),
    default="text",
    show_default=True,
)
@click.option("--lang", type=click.Choice(LANGS), default="nl", show_default=True)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE."
)
@_errors
@click.pass_obj
def suggest_command(inputs: Inputs, source: str, fmt: str, lang: str, output: Path | None) -> None:
    """Proposals from a source's sentences, each naming the words that triggered it.

    SOURCE is a source's name (enschede-international-2017), its IRI or a .txt file. Places,
    organisations and people by the names the graph knows, dates at their precision and the
    ontology's relation words; proposals for the advisor to accept or reject, never facts.
    """
    from enschede_kg.maintain.suggest import render, suggest
    from enschede_kg.rdf import rdfio

    report = render(suggest(source, inputs), fmt, lang)
    if output is None:
        click.echo(report, nl=False)
    else:
        rdfio.write_atomic(output, report.encode("utf-8"))


@main.group(name="sheet")
def sheet_group() -> None:
    """The facts as a workbook: export it, correct or add facts, import it back."""


@sheet_group.command(name="export")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("facts.xlsx"),
    show_default=True,
    help="The workbook to write.",
)
@click.option("--lang", type=click.Choice(LANGS), default="nl", show_default=True)
@click.option(
    "--csv",
    "csv_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Also write one CSV per sheet into DIR (UTF-8 with BOM, ';' between fields).",
)
@_errors
@click.pass_obj
def sheet_export_command(inputs: Inputs, output: Path, lang: str, csv_dir: Path | None) -> None:
    """Write the curated graph as a workbook: a sheet per kind of thing, a row per fact, the
    sentences each fact rests on beside it, drop-down lists for the known values."""
    from enschede_kg.maintain.sheet import export

    book = export.export(output, lang=lang, csv_dir=csv_dir, inputs=inputs)
    facts = sum(len(t.rows) for t in book.tables[:-2])
    click.echo(f"wrote {output} ({facts} rows)")
    if csv_dir is not None:
        click.echo(f"wrote {len(book.tables) + 1} CSV files into {csv_dir}")


@sheet_group.command(name="import")
@click.argument("workbook", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--lang", type=click.Choice(LANGS), default="nl", show_default=True)
@_errors
@click.pass_obj
def sheet_import_command(inputs: Inputs, workbook: Path, lang: str) -> None:
    """Write the workbook's facts back into data/curated, one file per kind, after the same
    loading and validation as the build. Exit code 2 with every error (sheet, row, column, what
    to do) when it is not valid; nothing is written then."""
    from enschede_kg.maintain.sheet.importing import import_workbook

    done = import_workbook(workbook, inputs=inputs, lang=lang)
    for name in done.written:
        click.echo(f"wrote data/curated/{name}")
    for name in done.removed:
        click.echo(f"removed data/curated/{name}")
    if not done.written and not done.removed:
        click.echo("nothing changed" if lang == "en" else "niets veranderd")
