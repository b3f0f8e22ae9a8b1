"""Linked-data faces shared by the server and the static site: the URL scheme of every IRI
(``urls``) and the resource and ontology pages (``pages``, with their templates and assets).
Both ``web`` and ``publish`` render through here, so a page looks the same wherever it is served."""
