"""The few named errors send-monitor raises; each says which document and what failed."""

from __future__ import annotations


class SendMonitorError(Exception):
    """Base error: carries the document (content_id, base_path, url) it concerns."""

    def __init__(
        self,
        problem: str,
        *,
        content_id: str | None = None,
        base_path: str | None = None,
        url: str | None = None,
    ) -> None:
        self.problem = problem
        self.content_id = content_id
        self.base_path = base_path
        self.url = url
        super().__init__(str(self))

    def document(self) -> str | None:
        parts = [p for p in (self.base_path or self.url, self.content_id and f"content_id {self.content_id}") if p]
        return " ".join(parts) if parts else None

    def __str__(self) -> str:
        document = self.document()
        return f"{document}: {self.problem}" if document else self.problem


class ConfigError(SendMonitorError):
    """The configuration file or environment is wrong or half-set."""

    def __str__(self) -> str:
        return self.problem


class FetchError(SendMonitorError):
    """GOV.UK (or the replay server) could not be fetched safely."""


class ParseError(SendMonitorError):
    """A document could not be read at all (partial reads return problems instead)."""


class LoadError(SendMonitorError):
    """A parsed document could not be written to the warehouse."""


class WarehouseBusyError(SendMonitorError):
    """Another process (usually a running flow) holds the DuckDB file lock."""

    def __str__(self) -> str:
        return self.problem


class QueryError(SendMonitorError):
    """A query against the warehouse failed (bad SQL, or a write on the read-only connection)."""

    def __str__(self) -> str:
        return self.problem


class InputError(SendMonitorError):
    """A file, folder, URL or value given on the command line cannot be used as asked."""


class NotAWarehouseError(SendMonitorError):
    """The file given as the warehouse is missing, a folder, not DuckDB, or DuckDB without our schema."""

    def __str__(self) -> str:
        return self.problem
