"""Stage 1, names and RDF io: namespaces and the base IRI, minting IRIs, strict parsing and
deterministic writing of RDF. Everything after it speaks RDF through these modules; it imports
nothing of the pipeline but ``errors``."""
