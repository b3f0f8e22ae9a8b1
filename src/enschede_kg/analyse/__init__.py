"""Analysis of the built graph: the projection to networkx and its measures (``analytics``),
chains of relations (``paths``), plots for notebooks (``plots``) and the summary. Reads the store
through saved queries; nothing here writes the graph."""
