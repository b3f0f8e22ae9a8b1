"""Generate the versioned JSON-LD context of the ontology, shipped inside the package.

``src/enschede_kg/rdf/context/enschede-kg-{version}.jsonld``: the project's prefixes, a short key
for every property of the ontology (object properties typed ``@id`` so that their values are
plain IRIs), labels, alternative labels and comments as language maps, and ``type`` for
``@type``. A JSON-LD document that names the context by its IRI (``namespaces.CONTEXT_IRI``)
reads as ``{"type": "ekg:City", "label": {"nl": "Dalian", "en": "Dalian"}, "partner": …}``.
Clients get it from the package or from its IRI; nothing fetches it at parse time.

Generated from ontology/enschede-kg.ttl by ``make namespaces``; a test keeps it in step.
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from enschede_kg.rdf.namespaces import CONTEXT_FILE, EKG, PREFIXES

CHECKOUT = Path(__file__).resolve().parents[1]
ONTOLOGY_FILE = CHECKOUT / "ontology" / "enschede-kg.ttl"
#: Standard properties that read better by a short key, with their container.
LANGUAGE_MAPS = {"label": "rdfs:label", "altLabel": "skos:altLabel", "comment": "rdfs:comment"}


def render(ontology: Graph) -> str:
    """The context document's text, keys in a stable order."""
    ns = str(EKG)
    ctx: dict[str, object] = {"@version": 1.1, "type": "@type"}
    ctx.update(dict(sorted(PREFIXES.items())))
    for key, iri in LANGUAGE_MAPS.items():
        ctx[key] = {"@id": iri, "@container": "@language"}
    terms: dict[str, object] = {}
    for kind, typed in ((OWL.ObjectProperty, True), (OWL.DatatypeProperty, False)):
        for prop in ontology.subjects(RDF.type, kind):
            if not isinstance(prop, URIRef) or not str(prop).startswith(ns):
                continue
            name = str(prop)[len(ns) :]
            terms[name] = {"@id": f"ekg:{name}", "@type": "@id"} if typed else f"ekg:{name}"
    clash = set(terms) & set(ctx)
    if clash:
        raise ValueError(f"ontology terms clash with context keys: {sorted(clash)}")
    ctx.update(dict(sorted(terms.items())))
    return json.dumps({"@context": ctx}, indent=1, ensure_ascii=False) + "\n"


def main() -> None:
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    CONTEXT_FILE.parent.mkdir(parents=True, exist_ok=True)
    CONTEXT_FILE.write_text(render(ontology), encoding="utf-8")
    print(f"wrote {CONTEXT_FILE.relative_to(CHECKOUT)}")


if __name__ == "__main__":
    main()
