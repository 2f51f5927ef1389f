"""Configuration, read at one boundary: the TOML file plus a documented set of environment variables.

Everything below this module receives plain values; nothing else reads `os.environ`.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import time
from enum import StrEnum
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from foundation.errors import ConfigError, FetchError
from foundation.urls import allowed_origins

REPO_ROOT = Path(__file__).resolve().parent.parent
CONFIG_NAME = "send-monitor.toml"
DEFAULT_CONFIG = REPO_ROOT / CONFIG_NAME
DEMO_DB = REPO_ROOT / "data" / "demo.duckdb"  # the demo's own warehouse, recreated by each demo
LIVE_HOST = "www.gov.uk"
LIVE_BASE_URL = f"https://{LIVE_HOST}"
# The Prefect global concurrency limit every run takes a slot of per GOV.UK request (under `serve`).
GOVUK_LIMIT = "govuk-requests"
ZYGOTE_SOCKET_MAX = 100  # bytes of a zygote's socket path: Linux allows 107 in a Unix socket's address
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
    "SEND_MONITOR_UI_URL": "ui_url",
    "PREFECT_UI_URL": "ui_url, when neither SEND_MONITOR_UI_URL nor the config file sets it",
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


class AlertLevel(StrEnum):
    """The least significant change a subscription hears of (cosmetic changes never alert)."""

    MAJOR = "major"
    MINOR = "minor"

    def admits(self, significance: str | None) -> bool:
        return significance == "major" or (self is AlertLevel.MINOR and significance == "minor")


DEFAULT_ALERT_TIMEZONE = "Europe/London"


@dataclass(frozen=True)
class AlertSubscription:
    """One `[[alerts]]` table: an Apprise URL and what it wants to hear, and when."""

    name: str
    url: str = field(repr=False)  # carries the channel's secret: never printed
    profiles: tuple[str, ...] = ()  # empty: changes found by any profile
    programmes: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    min_significance: AlertLevel = AlertLevel.MAJOR
    quiet_hours: tuple[time, time] | None = None  # local start and end; start > end spans midnight
    timezone: str = DEFAULT_ALERT_TIMEZONE
    failures: bool = True  # hear of failed runs too


# Requests in flight at once: enough to keep to the rate limit when each answer takes longer than
# its slot; more would only queue on the limiter.
MAX_FETCH_CONCURRENCY = 16


@dataclass(frozen=True)
class Settings:
    db: Path = REPO_ROOT / "data" / "send-monitor.duckdb"
    base_url: str = LIVE_BASE_URL
    allowed_hosts: tuple[str, ...] = ALLOWED_HOSTS
    requests_per_second: float = 5.0
    fetch_concurrency: int = 4
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    max_response_bytes: int = 5_000_000
    max_retries: int = 4
    page_size: int = 100
    recheck_after_days: float = 7.0
    recheck_limit: int = 50
    withdrawn_sweep_hours: float = 24.0
    run_lock_wait_seconds: float = 600.0
    webhook_url: str | None = field(default=None, repr=False)
    contact: str = DEFAULT_CONTACT
    ui_url: str | None = None  # the Prefect UI people can reach; run links are built on it
    first_run_max_pages: int = 1000
    rate_limit_pause_seconds: float = 60.0
    rate_limit_max_pauses: int = 3
    document_types: tuple[str, ...] = DOCUMENT_TYPES
    profiles: tuple[Profile, ...] = ()
    alerts: tuple[AlertSubscription, ...] = ()
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


_MONITOR_KEYS = {f.name for f in dataclasses.fields(Settings)} - {"profiles", "alerts", "config_path"} | {"max_response_bytes"}


_TYPES: dict[str, tuple[type, ...]] = {
    "db": (str,), "base_url": (str,), "allowed_hosts": (list,), "requests_per_second": (int, float),
    "fetch_concurrency": (int,), "connect_timeout": (int, float), "read_timeout": (int, float), "max_response_bytes": (int,),
    "max_retries": (int,), "page_size": (int,), "recheck_after_days": (int, float), "recheck_limit": (int,),
    "withdrawn_sweep_hours": (int, float), "run_lock_wait_seconds": (int, float), "webhook_url": (str,), "contact": (str,), "ui_url": (str,),
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


_ALERT_KEYS = {"name", "url", "url_env", "profiles", "programmes", "keywords", "min_significance", "quiet_hours",
               "timezone", "failures"}
_ALERT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_QUIET_HOURS = re.compile(r"\s*([01]\d|2[0-3]):([0-5]\d)\s*-\s*([01]\d|2[0-3]):([0-5]\d)\s*")


def parse_quiet_hours(text: str) -> tuple[time, time] | None:
    """"22:00-07:00" → (22:00, 07:00); None if it is not two different HH:MM times."""
    match = _QUIET_HOURS.fullmatch(text)
    if not match:
        return None
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    start, end = time(h1, m1), time(h2, m2)
    return (start, end) if start != end else None


def _strings(raw: Any, where: str) -> tuple[str, ...]:
    values = (raw,) if isinstance(raw, str) else raw
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) and v.strip() for v in values):
        raise ConfigError(f"{where} must be a string or a list of non-empty strings")
    return tuple(v.strip() for v in values)


def _alert_url(raw: Mapping[str, Any], where: str, env: Mapping[str, str]) -> str:
    url, url_env = raw.get("url"), raw.get("url_env")
    if (url is None) == (url_env is None):
        raise ConfigError(f"{where} needs exactly one of url or url_env (the name of an environment variable)")
    if url_env is not None:
        if not isinstance(url_env, str) or not _ENV_NAME.fullmatch(url_env):
            raise ConfigError(f"{where}.url_env must be an environment variable name, not {url_env!r}")
        url = env.get(url_env, "").strip()
        if not url:
            raise ConfigError(f"{where}.url_env: environment variable {url_env} is not set")
        key = f"{where}.url_env ({url_env})"
    else:
        key = f"{where}.url"
    if not isinstance(url, str) or "://" not in url:
        raise ConfigError(f"{key} must be an Apprise URL such as mailto://, ntfy://, json:// or a Slack webhook")
    if not _apprise_accepts(url):
        # The scheme alone: the rest of the URL is usually the channel's secret.
        raise ConfigError(f"{key} is not a URL Apprise can send to (scheme {url.split('://', 1)[0]!r}); "
                          "see https://github.com/caronc/apprise/wiki")
    return url


def _apprise_accepts(url: str) -> bool:
    import apprise  # only when alerts are configured: it takes a moment to load its plugins
    from apprise.manager_plugins import NotificationManager

    scheme = url.split("://", 1)[0].lower()
    # https:// is Apprise's for the services it recognises by host (Slack, Discord webhooks), none other.
    if scheme not in NotificationManager() and scheme not in ("http", "https"):
        return False
    # Apprise logs a URL it cannot load, secret and all: keep its logger quiet while it tries.
    log = logging.getLogger("apprise")
    was = log.disabled
    log.disabled = True
    try:
        return apprise.Apprise.instantiate(url) is not None
    finally:
        log.disabled = was


def _alert(raw: Any, index: int, env: Mapping[str, str], profiles: tuple[Profile, ...]) -> AlertSubscription:
    where = f"alerts[{index}]"
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where} must be a table ([[alerts]])")
    unknown = set(raw) - _ALERT_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown keys {sorted(unknown)}; known: {sorted(_ALERT_KEYS)}")
    name = raw.get("name", f"alerts-{index + 1}")
    if not isinstance(name, str) or not _ALERT_NAME.fullmatch(name):
        raise ConfigError(f"{where}.name must be letters, digits, '.', '_' or '-' (at most 64), not {name!r}")
    where = f"alerts[{index}] ({name})"
    url = _alert_url(raw, where, env)
    chosen = _strings(raw.get("profiles", []), f"{where}.profiles")
    known = [p.name for p in profiles]
    missing = [p for p in chosen if p not in known]
    if missing:
        raise ConfigError(f"{where}.profiles: unknown profile(s) {missing}; known: {known}")
    level = raw.get("min_significance", AlertLevel.MAJOR.value)
    if level not in {a.value for a in AlertLevel}:
        raise ConfigError(f"{where}.min_significance must be \"major\" or \"minor\", not {level!r}")
    quiet = None
    if "quiet_hours" in raw:
        text = raw["quiet_hours"]
        quiet = parse_quiet_hours(text) if isinstance(text, str) else None
        if quiet is None:
            raise ConfigError(f"{where}.quiet_hours must be two different times \"HH:MM-HH:MM\" "
                              f"(e.g. \"22:00-07:00\"), not {text!r}")
    zone = raw.get("timezone", DEFAULT_ALERT_TIMEZONE)
    try:
        if not isinstance(zone, str):
            raise ValueError(zone)
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{where}.timezone must be an IANA time zone such as \"Europe/London\", not {zone!r}") from None
    failures = raw.get("failures", True)
    if not isinstance(failures, bool):
        raise ConfigError(f"{where}.failures must be true or false, not {failures!r}")
    return AlertSubscription(
        name=name, url=url, profiles=chosen,
        programmes=_strings(raw.get("programmes", []), f"{where}.programmes"),
        keywords=_strings(raw.get("keywords", []), f"{where}.keywords"),
        min_significance=AlertLevel(level), quiet_hours=quiet, timezone=zone, failures=failures,
    )


def _alerts(raw: Any, path: Path, env: Mapping[str, str], profiles: tuple[Profile, ...]) -> tuple[AlertSubscription, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ConfigError(f"config file {path}: alerts must be [[alerts]] tables")
    try:
        subscriptions = tuple(_alert(item, i, env, profiles) for i, item in enumerate(raw))
    except ConfigError as exc:
        raise ConfigError(f"config file {path}: {exc}") from None
    names = [s.name for s in subscriptions]
    if len(set(names)) != len(names):
        raise ConfigError(f"config file {path}: alerts names must be unique (queued alerts are kept by name): {names}")
    return subscriptions


def default_config() -> Path:
    """send-monitor.toml in the current folder when there is one, else the file shipped beside the code."""
    here = Path(CONFIG_NAME)
    return here.resolve() if here.is_file() else DEFAULT_CONFIG


def _shipped_profiles() -> list[Any]:
    return tomllib.loads(DEFAULT_CONFIG.read_text(encoding="utf-8")).get("profiles", [])


def load_settings(config: str | Path | None = None, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Settings from the config file, then environment variables, then explicit overrides."""
    env = os.environ if env is None else env
    path = Path(config or env.get("SEND_MONITOR_CONFIG") or default_config()).expanduser()
    if path.is_dir():
        raise ConfigError(f"config file {path} is a folder, not a file")
    if not path.is_file():
        raise ConfigError(f"config file {path} does not exist")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"config file {path} is not UTF-8 text (byte {exc.start})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
    # A misspelt table ([monitr]) or a key above [monitor] would otherwise leave every default in force.
    stray = set(data) - {"monitor", "profiles", "alerts"}
    if stray:
        raise ConfigError(f"config file {path}: unknown table or key {sorted(stray)}; "
                          "the file holds [monitor], [[profiles]] and [[alerts]]")
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
    # Ours first, then the file, then Prefect's own: the link people click must be one they can reach.
    ui_url = env.get("SEND_MONITOR_UI_URL") or values.get("ui_url") or env.get("PREFECT_UI_URL")
    values["ui_url"] = ui_url.strip().rstrip("/") if ui_url and ui_url.strip() else None
    # "Every key is optional": a file without [[profiles]] (one that only moves the warehouse, say)
    # watches the shipped ones; `profiles = []` asks for none, which is refused below.
    listed = data["profiles"] if "profiles" in data else _shipped_profiles()
    profiles = tuple(_profile(p, i) for i, p in enumerate(listed))
    types = values.get("document_types", DOCUMENT_TYPES)
    profiles = tuple(with_document_types(p, types) for p in profiles)
    if not profiles:
        raise ConfigError(f"config file {path} defines no [[profiles]]")
    if len({p.name for p in profiles}) != len(profiles):
        raise ConfigError(f"config file {path}: profile names must be unique")
    alerts = _alerts(data.get("alerts"), path, env, profiles)
    settings = Settings(**values, profiles=profiles, alerts=alerts, config_path=path.resolve())
    settings = settings.replace(**overrides)
    try:
        _validate(settings)
    except ConfigError as exc:
        # A value out of range may come from the file, a variable or an argument: name where to look.
        given = [str(path)] + [name for name in ENVIRONMENT if env.get(name) and name != "SEND_MONITOR_CONFIG"]
        if any(value is not None for value in overrides.values()):
            given.append("the command line or flow parameters")
        raise ConfigError(f"{exc.problem} (settings from {', '.join(given)})") from None
    return settings


def _validate(s: Settings) -> None:
    try:
        allowed_origins(s.base_url, s.allowed_hosts)
    except FetchError as exc:
        raise ConfigError(f"base_url {s.base_url!r} must be an http(s) URL: {exc.problem}") from exc
    if s.requests_per_second <= 0 or (s.source == "live" and s.requests_per_second > 10):
        raise ConfigError("requests_per_second must be above 0, and at most 10 for GOV.UK (its ceiling)")
    if not 1 <= s.fetch_concurrency <= MAX_FETCH_CONCURRENCY:
        raise ConfigError(f"fetch_concurrency must be between 1 and {MAX_FETCH_CONCURRENCY}")
    if s.max_response_bytes <= 0 or s.page_size <= 0 or s.page_size > 1500:
        raise ConfigError("max_response_bytes must be positive and page_size between 1 and 1500")
    if s.recheck_after_days < 0 or s.recheck_limit < 0 or s.withdrawn_sweep_hours < 0:
        raise ConfigError("recheck_after_days, recheck_limit and withdrawn_sweep_hours must not be negative")
    if s.run_lock_wait_seconds < 0:
        raise ConfigError("run_lock_wait_seconds must not be negative")
    if s.first_run_max_pages < 0 or s.rate_limit_pause_seconds < 0 or s.rate_limit_max_pauses < 0:
        raise ConfigError("first_run_max_pages, rate_limit_pause_seconds and rate_limit_max_pauses must not be negative")
    # It goes into an HTTP header: printable ASCII only, so it can never split or forge one.
    if not _CONTACT.fullmatch(s.contact):
        raise ConfigError("contact must be an email address or URL of printable ASCII (no spaces), at most 200 characters")
    if s.ui_url is not None:
        ui = urlsplit(s.ui_url)
        if ui.scheme not in ("http", "https") or not ui.hostname or not _CONTACT.fullmatch(s.ui_url) \
                or any(ch in s.ui_url for ch in "|<>\"'"):
            raise ConfigError(f"ui_url must be the http(s) address of the Prefect UI (e.g. https://prefect.example.org), "
                              f"not {s.ui_url!r}")
    if not all(isinstance(t, str) and _NAME.fullmatch(t) for t in s.document_types):
        raise ConfigError("document_types must be a list of GOV.UK document type names (e.g. press_release)")
