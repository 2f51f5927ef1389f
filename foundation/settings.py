"""Configuration, read at one boundary: the TOML file plus a documented set of environment variables.

Everything below this module receives plain values; nothing else reads `os.environ`.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit

from foundation.errors import ConfigError, FetchError
from foundation.urls import allowed_origins

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = REPO_ROOT / "send-monitor.toml"
DEMO_DB = REPO_ROOT / "data" / "demo.duckdb"  # the demo's own warehouse, recreated by each demo
LIVE_HOST = "www.gov.uk"
LIVE_BASE_URL = f"https://{LIVE_HOST}"
# The Prefect global concurrency limit every run takes a slot of per GOV.UK request (under `serve`).
GOVUK_LIMIT = "govuk-requests"
GOVUK_LIMIT_SLOTS = 5  # slots free up at this many a second: the same ceiling as requests_per_second
# Hosts the client may request over https on the default port; base_url's own origin is added.
ALLOWED_HOSTS = (LIVE_HOST,)
SEARCH_FIELDS = (
    "link", "title", "description", "content_id", "public_timestamp", "content_store_document_type",
    "organisations", "people", "latest_change_note",
)

# Prefect settings every entry point starts from (STACK-NOTES): no telemetry, and time for the
# temporary local server to start on a slow machine. Explicit settings in the environment win.
PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
}

# Environment variables we honour, and the setting each one overrides.
ENVIRONMENT = {
    "SEND_MONITOR_CONFIG": "config file path",
    "SEND_MONITOR_DB": "db",
    "SEND_MONITOR_BASE_URL": "base_url",
    "SEND_MONITOR_REQUESTS_PER_SECOND": "requests_per_second",
    "SEND_MONITOR_WEBHOOK_URL": "webhook_url",
    "SEND_MONITOR_CONTACT": "contact",
}
# Where GOV.UK (or anyone reading its logs) can reach the people behind this tool by default.
DEFAULT_CONTACT = "https://github.com/send-monitor/send-monitor/issues"
# The document types the parser reads: GOV.UK's announcements, statements, policy and consultations.
DOCUMENT_TYPES = (
    "press_release", "news_story", "speech", "written_statement", "oral_statement", "authored_article",
    "government_response", "policy_paper", "open_consultation", "closed_consultation", "consultation_outcome",
)
DOCUMENT_TYPE_FIELD = "content_store_document_type"


@dataclass(frozen=True)
class Profile:
    """One discovery query against the Search API."""

    name: str
    description: str = ""
    q: str | None = None
    taxon: str | None = None  # a taxon base_path, resolved to a content_id at run time
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rejects: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def query(self) -> str | None:
        """`q` as sent: one quoted phrase (search-api reads unquoted words as any-term), or as written if it has quotes."""
        if not self.q:
            return None
        return self.q if '"' in self.q else f'"{self.q}"'

    def search_params(self, taxon_id: str | None = None) -> list[tuple[str, str]]:
        """Search API parameters for this profile (without paging)."""
        params: list[tuple[str, str]] = []
        if self.query:
            params.append(("q", self.query))
        for name, values in self.filters:
            params.extend((f"filter_{name}", v) for v in values)
        for name, values in self.rejects:
            params.extend((f"reject_{name}", v) for v in values)
        if self.taxon:
            if not taxon_id:
                raise ConfigError(f"profile {self.name!r}: taxon {self.taxon} was not resolved")
            params.append(("filter_part_of_taxonomy_tree", taxon_id))
        params.append(("order", "-public_timestamp"))
        params.extend(("fields", f) for f in SEARCH_FIELDS)
        return params


@dataclass(frozen=True)
class Settings:
    db: Path = REPO_ROOT / "data" / "send-monitor.duckdb"
    base_url: str = LIVE_BASE_URL
    allowed_hosts: tuple[str, ...] = ALLOWED_HOSTS
    requests_per_second: float = 5.0
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    max_response_bytes: int = 5_000_000
    max_retries: int = 4
    page_size: int = 100
    recheck_after_days: float = 7.0
    recheck_limit: int = 50
    run_lock_wait_seconds: float = 600.0
    webhook_url: str | None = None
    contact: str = DEFAULT_CONTACT
    first_run_max_pages: int = 1000
    rate_limit_pause_seconds: float = 60.0
    rate_limit_max_pauses: int = 3
    document_types: tuple[str, ...] = DOCUMENT_TYPES
    profiles: tuple[Profile, ...] = ()
    config_path: Path | None = None

    @property
    def source(self) -> str:
        """"live" for GOV.UK itself, "replay" for anything else (the loopback snapshot)."""
        return "live" if urlsplit(self.base_url).hostname == LIVE_HOST else "replay"

    def replace(self, **changes: Any) -> "Settings":
        """A copy with the given (non-None) overrides, as flows and deployments pass them."""
        clean = {k: v for k, v in changes.items() if v is not None}
        if "db" in clean:
            clean["db"] = Path(clean["db"])
        if "profiles" in clean and clean["profiles"] and isinstance(clean["profiles"][0], str):
            wanted = set(clean["profiles"])
            clean["profiles"] = tuple(p for p in self.profiles if p.name in wanted)
            if len(clean["profiles"]) != len(wanted):
                raise ConfigError(f"unknown profile in {sorted(wanted)}; known: {[p.name for p in self.profiles]}")
        return dataclasses.replace(self, **clean)


def _pairs(table: Mapping[str, Any] | None, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not table:
        return ()
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where} must be a table of field = [values]")
    out = []
    for name, values in table.items():
        vals = (values,) if isinstance(values, str) else tuple(values)
        if not vals or not all(isinstance(v, str) and v for v in vals):
            raise ConfigError(f"{where}.{name} must be a string or a non-empty list of strings")
        out.append((name, vals))
    return tuple(out)


def with_document_types(profile: Profile, types: tuple[str, ...]) -> Profile:
    """The profile filtered to `types`, unless it filters document types itself (or types is empty)."""
    if not types or any(name == DOCUMENT_TYPE_FIELD for name, _ in profile.filters):
        return profile
    return dataclasses.replace(profile, filters=profile.filters + ((DOCUMENT_TYPE_FIELD, tuple(types)),))


def _profile(raw: Mapping[str, Any], index: int) -> Profile:
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        raise ConfigError(f"profiles[{index}] needs a name")
    unknown = set(raw) - {"name", "description", "q", "taxon", "filters", "rejects"}
    if unknown:
        raise ConfigError(f"profile {name!r}: unknown keys {sorted(unknown)}")
    if not raw.get("q") and not raw.get("taxon") and not raw.get("filters"):
        raise ConfigError(f"profile {name!r} needs at least one of q, taxon or filters")
    return Profile(
        name=name,
        description=str(raw.get("description", "")),
        q=raw.get("q") or None,
        taxon=raw.get("taxon") or None,
        filters=_pairs(raw.get("filters"), f"profile {name!r} filters"),
        rejects=_pairs(raw.get("rejects"), f"profile {name!r} rejects"),
    )


_MONITOR_KEYS = {f.name for f in dataclasses.fields(Settings)} - {"profiles", "config_path"} | {"max_response_bytes"}


_TYPES: dict[str, tuple[type, ...]] = {
    "db": (str,), "base_url": (str,), "allowed_hosts": (list,), "requests_per_second": (int, float),
    "connect_timeout": (int, float), "read_timeout": (int, float), "max_response_bytes": (int,),
    "max_retries": (int,), "page_size": (int,), "recheck_after_days": (int, float), "recheck_limit": (int,),
    "run_lock_wait_seconds": (int, float), "webhook_url": (str,), "contact": (str,),
    "first_run_max_pages": (int,), "rate_limit_pause_seconds": (int, float), "rate_limit_max_pauses": (int,),
    "document_types": (list,),
}


_CONTACT = re.compile(r"[!-~]{1,200}")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_HOST_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")


def _check_types(values: dict[str, Any], path: Path) -> None:
    for key, value in values.items():
        wanted = _TYPES.get(key)
        if wanted and (not isinstance(value, wanted) or isinstance(value, bool)):
            names = " or ".join(t.__name__ for t in wanted)
            raise ConfigError(f"config file {path}: [monitor] {key} must be a {names}, not {value!r}")
    hosts = values.get("allowed_hosts")
    # Bare names only: each means https on the default port, so "host:8443" or "http://host" would
    # silently match nothing.
    if hosts is not None and not all(isinstance(h, str) and _HOST_NAME.fullmatch(h) for h in hosts):
        raise ConfigError(f"config file {path}: [monitor] allowed_hosts must be a list of host names")


def load_settings(config: str | Path | None = None, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Settings from the config file, then environment variables, then explicit overrides."""
    env = os.environ if env is None else env
    path = Path(config or env.get("SEND_MONITOR_CONFIG") or DEFAULT_CONFIG).expanduser()
    if not path.is_file():
        raise ConfigError(f"config file {path} does not exist")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
    monitor = data.get("monitor", {})
    unknown = set(monitor) - _MONITOR_KEYS
    if unknown:
        raise ConfigError(f"config file {path}: unknown keys in [monitor]: {sorted(unknown)}")
    values: dict[str, Any] = {}
    for key, value in monitor.items():
        values[key] = value
    _check_types(values, path)
    if "db" in values:
        values["db"] = (path.parent / values["db"]).resolve()
    if "allowed_hosts" in values:
        values["allowed_hosts"] = tuple(values["allowed_hosts"])
    if "document_types" in values:
        values["document_types"] = tuple(values["document_types"])
    if env.get("SEND_MONITOR_DB"):
        values["db"] = Path(env["SEND_MONITOR_DB"]).expanduser().resolve()
    if env.get("SEND_MONITOR_BASE_URL"):
        values["base_url"] = env["SEND_MONITOR_BASE_URL"]
    if env.get("SEND_MONITOR_REQUESTS_PER_SECOND"):
        try:
            values["requests_per_second"] = float(env["SEND_MONITOR_REQUESTS_PER_SECOND"])
        except ValueError as exc:
            raise ConfigError("SEND_MONITOR_REQUESTS_PER_SECOND must be a number") from exc
    if env.get("SEND_MONITOR_WEBHOOK_URL"):
        values["webhook_url"] = env["SEND_MONITOR_WEBHOOK_URL"]
    values["webhook_url"] = values.get("webhook_url") or None
    if env.get("SEND_MONITOR_CONTACT"):
        values["contact"] = env["SEND_MONITOR_CONTACT"]
    values["contact"] = (values.get("contact") or DEFAULT_CONTACT).strip()
    profiles = tuple(_profile(p, i) for i, p in enumerate(data.get("profiles", [])))
    types = values.get("document_types", DOCUMENT_TYPES)
    profiles = tuple(with_document_types(p, types) for p in profiles)
    if not profiles:
        raise ConfigError(f"config file {path} defines no [[profiles]]")
    if len({p.name for p in profiles}) != len(profiles):
        raise ConfigError(f"config file {path}: profile names must be unique")
    settings = Settings(**values, profiles=profiles, config_path=path.resolve())
    settings = settings.replace(**overrides)
    _validate(settings)
    return settings


def _validate(s: Settings) -> None:
    try:
        allowed_origins(s.base_url, s.allowed_hosts)
    except FetchError as exc:
        raise ConfigError(f"base_url {s.base_url!r} must be an http(s) URL: {exc.problem}") from exc
    if s.requests_per_second <= 0 or (s.source == "live" and s.requests_per_second > 10):
        raise ConfigError("requests_per_second must be above 0, and at most 10 for GOV.UK (its ceiling)")
    if s.max_response_bytes <= 0 or s.page_size <= 0 or s.page_size > 1500:
        raise ConfigError("max_response_bytes must be positive and page_size between 1 and 1500")
    if s.recheck_after_days < 0 or s.recheck_limit < 0:
        raise ConfigError("recheck_after_days and recheck_limit must not be negative")
    if s.run_lock_wait_seconds < 0:
        raise ConfigError("run_lock_wait_seconds must not be negative")
    if s.first_run_max_pages < 0 or s.rate_limit_pause_seconds < 0 or s.rate_limit_max_pauses < 0:
        raise ConfigError("first_run_max_pages, rate_limit_pause_seconds and rate_limit_max_pauses must not be negative")
    # It goes into an HTTP header: printable ASCII only, so it can never split or forge one.
    if not _CONTACT.fullmatch(s.contact):
        raise ConfigError("contact must be an email address or URL of printable ASCII (no spaces), at most 200 characters")
    if not all(isinstance(t, str) and _NAME.fullmatch(t) for t in s.document_types):
        raise ConfigError("document_types must be a list of GOV.UK document type names (e.g. press_release)")
