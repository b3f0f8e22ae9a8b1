"""Imports of outside data into context graphs of their own (``twinnings``: a table of twin-city
links such as the Wikidata snapshot), written to ``data/imported/`` and loaded by the build."""
