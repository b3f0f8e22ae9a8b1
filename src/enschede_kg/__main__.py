"""``python -m enschede_kg`` runs the command line."""

from enschede_kg.cli import main

main()
