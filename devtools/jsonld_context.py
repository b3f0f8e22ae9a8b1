"""Generate the versioned JSON-LD context of the ontology, shipped inside the package.

``src/enschede_kg/rdf/context/enschede-kg-{version}.jsonld``: the project's prefixes, a short key
for every property of the ontology (object properties typed ``@id`` so that their values are
plain IRIs), a short name for every class (so that ``type`` values read as words), labels,
alternative labels and comments as language maps, and ``type`` for ``@type``. A JSON-LD document
that names the context by its IRI (``namespaces.CONTEXT_IRI``) reads as
``{"type": "City", "label": {"nl": "Dalian", "en": "Dalian"}, "partner": …}``. The prefixes are
the project's plus those of the few other vocabularies the dataset description uses (SPDX
checksums, vCard contact point), so that no key of a written document is a full IRI.
Clients get it from the package or from its IRI; nothing fetches it at parse time.

Generated from ontology/enschede-kg.ttl by ``make namespaces``; a test keeps it in step.
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from enschede_kg.rdf.namespaces import CONTEXT_FILE, EKG, PREFIXES, SPDX, VCARD

CHECKOUT = Path(__file__).resolve().parents[1]
ONTOLOGY_FILE = CHECKOUT / "ontology" / "enschede-kg.ttl"
#: Standard properties that read better by a short key, with their container.
LANGUAGE_MAPS = {"label": "rdfs:label", "altLabel": "skos:altLabel", "comment": "rdfs:comment"}
#: Vocabularies of the dataset description that are not among the project's prefixes.
EXTRA_PREFIXES = {"spdx": str(SPDX), "vcard": str(VCARD)}


def render(ontology: Graph) -> str:
    """The context document's text, keys in a stable order."""
    ns = str(EKG)
    ctx: dict[str, object] = {"@version": 1.1, "type": "@type"}
    ctx.update(dict(sorted({**PREFIXES, **EXTRA_PREFIXES}.items())))
    for key, iri in LANGUAGE_MAPS.items():
        ctx[key] = {"@id": iri, "@container": "@language"}
    terms: dict[str, object] = {}
    for kind, typed in ((OWL.ObjectProperty, True), (OWL.DatatypeProperty, False)):
        for prop in ontology.subjects(RDF.type, kind):
            if not isinstance(prop, URIRef) or not str(prop).startswith(ns):
                continue
            name = str(prop)[len(ns) :]
            terms[name] = {"@id": f"ekg:{name}", "@type": "@id"} if typed else f"ekg:{name}"
    for cls in ontology.subjects(RDF.type, OWL.Class):
        if isinstance(cls, URIRef) and str(cls).startswith(ns):
            name = str(cls)[len(ns) :]
            if name in terms:
                raise ValueError(f"class and property share the name {name}")
            terms[name] = f"ekg:{name}"
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
