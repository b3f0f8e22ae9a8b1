"""Generate the ontology's documentation, in Dutch and in English, with pyLODE.

pyLODE (PyPI ``pylode``, the maintained successor of LODE) documents one language at a time: it
shows whichever label it meets first. So each language gets its own input: the ontology with the
literals of the other language left out. The SKOS concept schemes of the ontology (partnership
statuses, roles) are left untyped in that input, because pyLODE would take each for a second
ontology and join their titles to the ontology's; their members are still documented.

Writes ``docs/ontology/enschede-kg.{nl,en}.html`` (generated, never edited by hand; a test keeps
them in step with the ontology): ``make ontology-docs``.
"""

from __future__ import annotations

from pathlib import Path

from pylode import OntPub
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

CHECKOUT = Path(__file__).resolve().parents[1]
ONTOLOGY_FILE = CHECKOUT / "ontology" / "enschede-kg.ttl"
TARGET_DIR = CHECKOUT / "docs" / "ontology"
LANGUAGES = ("nl", "en")


def monolingual(ontology: Graph, lang: str) -> Graph:
    """The ontology as pyLODE should see it for one language."""
    out = Graph()
    for prefix, ns in ontology.namespaces():
        out.bind(prefix, ns)
    for s, p, o in ontology:
        if isinstance(o, Literal) and o.language and o.language != lang:
            continue
        if p == RDF.type and o == SKOS.ConceptScheme:
            continue
        out.add((s, p, o))
    return out


def render(ontology: Graph, lang: str) -> str:
    """The HTML documentation of ``ontology`` in ``lang``."""
    # sort_subjects: a stable order, so that the generated file changes only with the ontology.
    return str(OntPub(ontology=monolingual(ontology, lang), sort_subjects=True).make_html())


def target(lang: str) -> Path:
    return TARGET_DIR / f"enschede-kg.{lang}.html"


def main() -> None:
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    TARGET_DIR.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        target(lang).write_text(render(ontology, lang), encoding="utf-8")
        print(f"wrote {target(lang).relative_to(CHECKOUT)}")


if __name__ == "__main__":
    main()
