"""Publication of a finished build: as a static linked-data site (``site``) or into any SPARQL
1.1 Graph Store (``store``). Only reads the build; never changes it."""
