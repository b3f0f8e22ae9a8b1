"""The project's exceptions. Each message says what is wrong and what to do about it."""

from __future__ import annotations

from pathlib import Path


class EnschedeKGError(Exception):
    """Base of every error the library raises on bad input or a failed step."""


class LoadError(EnschedeKGError):
    """An input file could not be read; nothing of it was loaded."""

    def __init__(
        self, path: Path | str, message: str, line: int | None = None, column: int | None = None
    ) -> None:
        self.path = str(path)
        self.line = line
        self.column = column
        self.reason = message
        where = self.path
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")


class ValidationFailed(EnschedeKGError):
    """The graph does not conform to the shapes or a violation check returned rows."""

    def __init__(self, report: object) -> None:
        self.report = report
        super().__init__("the graph does not conform; run 'enschede-kg validate' for the list")


class QueryError(EnschedeKGError):
    """A query could not be found, parsed, bound or run."""


class BuildLocked(EnschedeKGError):
    """Another build is writing to the same output directory."""


class PublishError(EnschedeKGError):
    """The graph could not be published to a store (unreachable, refused, or cut off)."""
