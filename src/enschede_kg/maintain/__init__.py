"""What advisors need to keep the graph themselves: add a report, see what changed, get proposals.

A stage after ``analyse``: it reads sources, builds and saved queries, and writes only project
inputs (``data/sources/``, ``data/curated/``), each change checked by the same loading and
validation as a build before it is kept.
"""
