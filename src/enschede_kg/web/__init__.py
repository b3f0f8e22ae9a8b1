"""The web app: SPARQL 1.1 endpoint, query page and health route."""
