"""Every setting of Maillage, read once from the environment and validated.

The README's settings table lists each variable below; a test keeps the two in step.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from errors import SettingsError

ROOT = Path(__file__).resolve().parent

# Port pairs (bolt, http) of the local instances; each keeps its own data folder.
INSTANCE_PORTS: dict[str, tuple[int, int]] = {
    "main": (7687, 7474),
    "test": (17687, 17474),
    "synth": (27687, 27474),
}

_SIZE = re.compile(r"^[1-9][0-9]*[kmg]$")
_VERSION = re.compile(r"^(5\.[0-9]+\.[0-9]+|20[2-9][0-9]\.[0-9]{2}\.[0-9]+)$")
_ENVS = ("development", "production")
_JWT_ALGORITHMS = ("HS256", "RS256")
_TRUST = ("system", "all", "custom")
_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
_PERSISTED = ("off", "apq", "allowlist")
_LOG_FORMATS = ("text", "json")
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$")


@dataclass(frozen=True)
class Settings:
    """Validated configuration; build it with `Settings.from_env()`."""

    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = field(default=None, repr=False)
    neo4j_database: str = "neo4j"
    neo4j_instance: str = "main"
    neo4j_version: str = "5.26.30"
    neo4j_bolt_port: int = 7687
    neo4j_http_port: int = 7474
    neo4j_home: Path = ROOT / ".neo4j"
    neo4j_cache: Path = Path.home() / ".cache" / "maillage"
    neo4j_heap: str = "1g"
    neo4j_pagecache: str = "512m"
    neo4j_start_timeout: float = 120.0
    java_home: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    env: str = "development"
    query_timeout: float = 10.0
    default_page_size: int = 20
    max_page_size: int = 100
    debug_cypher: bool = False
    fast_path: bool = True
    plan_ahead: bool = True
    require_db: bool = True
    anonymous_read: bool = True
    auth_cache_seconds: float = 30.0
    jwt_algorithm: str | None = None
    jwt_secret: str | None = field(default=None, repr=False)
    jwt_public_key: str | None = field(default=None, repr=False)
    jwt_audience: str | None = None
    workers: int = 1
    graceful_timeout: int = 30
    neo4j_max_pool_size: int = 100
    neo4j_acquisition_timeout: float = 10.0
    neo4j_trust: str | None = None
    """system, all or custom: TLS on a bolt:// or neo4j:// URI; None lets the scheme decide."""
    neo4j_trusted_certificates: Path | None = None
    max_depth: int = 10
    max_tokens: int = 2000
    max_aliases: int = 30
    max_cost: int = 500_000
    max_cost_trusted: int = 5_000_000
    max_body_bytes: int = 102_400
    max_batch: int = 0
    request_timeout: float = 30.0
    cors_origins: tuple[str, ...] = ()
    rate_limit: int = 600
    rate_burst: int = 100
    persisted_queries: str = "apq"
    allowlist_file: Path | None = None
    introspection: bool = True
    graphiql: bool = True
    log_format: str = "text"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        instance = _choice(env, "NEO4J_INSTANCE", "main", tuple(INSTANCE_PORTS))
        bolt, http = INSTANCE_PORTS[instance]
        version = env.get("NEO4J_VERSION", cls.neo4j_version)
        if not _VERSION.match(version):
            raise SettingsError(
                f"NEO4J_VERSION={version!r} is not a Neo4j version such as 5.26.30 or 2025.10.1"
            )
        jwt_algorithm, jwt_secret, jwt_public_key = _jwt(env)
        trust, certificates = _trust(env)
        production = env.get("MAILLAGE_ENV") == "production"
        settings = cls(
            neo4j_uri=env.get("NEO4J_URI") or None,
            neo4j_user=env.get("NEO4J_USER", "neo4j"),
            neo4j_password=env.get("NEO4J_PASSWORD") or None,
            neo4j_database=env.get("NEO4J_DATABASE", "neo4j"),
            neo4j_instance=instance,
            neo4j_version=version,
            neo4j_bolt_port=_port(env, "NEO4J_BOLT_PORT", bolt),
            neo4j_http_port=_port(env, "NEO4J_HTTP_PORT", http),
            neo4j_home=Path(env.get("NEO4J_HOME_DIR", str(ROOT / ".neo4j"))).resolve(),
            neo4j_cache=Path(env.get("MAILLAGE_CACHE_DIR", str(cls.neo4j_cache))),
            neo4j_heap=_size(env, "NEO4J_HEAP", cls.neo4j_heap),
            neo4j_pagecache=_size(env, "NEO4J_PAGECACHE", cls.neo4j_pagecache),
            neo4j_start_timeout=_number(env, "NEO4J_START_TIMEOUT", 120.0, 5.0, 3600.0),
            java_home=Path(env["JAVA_HOME"]) if env.get("JAVA_HOME") else None,
            host=env.get("HOST", "127.0.0.1"),
            port=_port(env, "PORT", 8000),
            env=_choice(env, "MAILLAGE_ENV", "development", _ENVS),
            query_timeout=_number(env, "MAILLAGE_QUERY_TIMEOUT", 10.0, 0.1, 600.0),
            default_page_size=int(_number(env, "MAILLAGE_DEFAULT_PAGE_SIZE", 20, 1, 1000)),
            max_page_size=int(_number(env, "MAILLAGE_MAX_PAGE_SIZE", 100, 1, 1000)),
            debug_cypher=_flag(env, "MAILLAGE_DEBUG_CYPHER", False),
            fast_path=_flag(env, "MAILLAGE_FAST_PATH", True),
            plan_ahead=_flag(env, "MAILLAGE_PLAN_AHEAD", True),
            require_db=_flag(env, "MAILLAGE_REQUIRE_DB", True),
            anonymous_read=_flag(env, "MAILLAGE_ANONYMOUS_READ", True),
            auth_cache_seconds=_number(env, "MAILLAGE_AUTH_CACHE_SECONDS", 30.0, 0.0, 3600.0),
            jwt_algorithm=jwt_algorithm,
            jwt_secret=jwt_secret,
            jwt_public_key=jwt_public_key,
            jwt_audience=env.get("MAILLAGE_JWT_AUDIENCE") or None,
            workers=int(_number(env, "MAILLAGE_WORKERS", 1, 1, 64)),
            graceful_timeout=int(_number(env, "MAILLAGE_GRACEFUL_TIMEOUT", 30, 1, 3600)),
            neo4j_max_pool_size=int(_number(env, "NEO4J_MAX_POOL_SIZE", 100, 1, 10000)),
            neo4j_acquisition_timeout=_number(env, "NEO4J_ACQUISITION_TIMEOUT", 10.0, 0.1, 600.0),
            neo4j_trust=trust,
            neo4j_trusted_certificates=certificates,
            max_depth=int(_number(env, "MAILLAGE_MAX_DEPTH", 10, 1, 100)),
            max_tokens=int(_number(env, "MAILLAGE_MAX_TOKENS", 2000, 50, 100_000)),
            max_aliases=int(_number(env, "MAILLAGE_MAX_ALIASES", 30, 0, 10_000)),
            max_cost=int(_number(env, "MAILLAGE_MAX_COST", 500_000, 1, 1e9)),
            max_cost_trusted=int(_number(env, "MAILLAGE_MAX_COST_TRUSTED", 5_000_000, 1, 1e9)),
            max_body_bytes=int(_number(env, "MAILLAGE_MAX_BODY_BYTES", 102_400, 1024, 1 << 30)),
            max_batch=int(_number(env, "MAILLAGE_MAX_BATCH", 0, 0, 100)),
            request_timeout=_number(env, "MAILLAGE_REQUEST_TIMEOUT", 30.0, 0.5, 3600.0),
            cors_origins=_origins(env),
            rate_limit=int(_number(env, "MAILLAGE_RATE_LIMIT", 600, 0, 1e9)),
            rate_burst=int(_number(env, "MAILLAGE_RATE_BURST", 100, 1, 1e9)),
            persisted_queries=_choice(env, "MAILLAGE_PERSISTED_QUERIES", "apq", _PERSISTED),
            allowlist_file=_allowlist_file(env),
            introspection=_flag(env, "MAILLAGE_INTROSPECTION", not production),
            graphiql=_flag(env, "MAILLAGE_GRAPHIQL", not production),
            log_format=_choice(
                env, "MAILLAGE_LOG_FORMAT", "json" if production else "text", _LOG_FORMATS
            ),
        )
        if settings.default_page_size > settings.max_page_size:
            raise SettingsError(
                "MAILLAGE_DEFAULT_PAGE_SIZE must not exceed MAILLAGE_MAX_PAGE_SIZE "
                f"({settings.default_page_size} > {settings.max_page_size})"
            )
        if settings.neo4j_bolt_port == settings.neo4j_http_port:
            raise SettingsError("NEO4J_BOLT_PORT and NEO4J_HTTP_PORT must differ")
        _check_limits(settings)
        return settings

    @property
    def provisioned(self) -> bool:
        """True when Maillage runs its own Neo4j (no NEO4J_URI given)."""
        return self.neo4j_uri is None

    @property
    def instance_dir(self) -> Path:
        return self.neo4j_home / self.neo4j_instance

    @property
    def password_file(self) -> Path:
        return self.instance_dir / "password"

    @property
    def uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.neo4j_bolt_port}"

    def password(self) -> str:
        """The Neo4j password: the setting, else the provisioned instance's secret file."""
        if self.neo4j_password is not None:
            return self.neo4j_password
        if self.provisioned and self.password_file.is_file():
            return self.password_file.read_text(encoding="utf-8").strip()
        raise SettingsError(
            "No Neo4j password: set NEO4J_PASSWORD, or run `maillage db start` so the local "
            f"instance creates {self.password_file}"
        )

    def with_instance(self, instance: str) -> Settings:
        """The same settings pointed at another local instance and its default ports."""
        bolt, http = INSTANCE_PORTS[instance]
        return replace(self, neo4j_instance=instance, neo4j_bolt_port=bolt, neo4j_http_port=http)


def _port(env: Mapping[str, str], name: str, default: int) -> int:
    value = int(_number(env, name, default, 1, 65535))
    return value


def _number(env: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a number") from None
    if not low <= value <= high:
        raise SettingsError(f"{name}={raw!r} is out of range [{low:g}, {high:g}]")
    if isinstance(default, int) and not value.is_integer():
        raise SettingsError(f"{name}={raw!r} must be a whole number")
    return value


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name}={raw!r} is not a boolean (use true or false)")


def _choice(env: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = env.get(name) or default
    if value not in allowed:
        raise SettingsError(f"{name}={value!r} must be one of: {', '.join(allowed)}")
    return value


def _jwt(env: Mapping[str, str]) -> tuple[str | None, str | None, str | None]:
    """JWT verification: HS256 with a shared secret or RS256 with a PEM public key (or none)."""
    secret = env.get("MAILLAGE_JWT_SECRET") or None
    public_key = env.get("MAILLAGE_JWT_PUBLIC_KEY") or None
    if public_key is not None and not public_key.lstrip().startswith("-----BEGIN"):
        try:
            public_key = Path(public_key).read_text(encoding="utf-8")
        except OSError:
            raise SettingsError(
                "MAILLAGE_JWT_PUBLIC_KEY is neither a PEM public key nor a readable PEM file"
            ) from None
    default = "HS256" if secret else "RS256" if public_key else None
    algorithm = env.get("MAILLAGE_JWT_ALGORITHM") or default
    if algorithm is None:
        return None, None, None
    if algorithm not in _JWT_ALGORITHMS:
        raise SettingsError(
            f"MAILLAGE_JWT_ALGORITHM={algorithm!r} must be one of: {', '.join(_JWT_ALGORITHMS)}"
        )
    if algorithm == "HS256" and (secret is None or len(secret) < 32):
        raise SettingsError("MAILLAGE_JWT_ALGORITHM=HS256 needs MAILLAGE_JWT_SECRET of 32+ chars")
    if algorithm == "RS256" and public_key is None:
        raise SettingsError("MAILLAGE_JWT_ALGORITHM=RS256 needs MAILLAGE_JWT_PUBLIC_KEY")
    return algorithm, secret, public_key


def _origins(env: Mapping[str, str]) -> tuple[str, ...]:
    """MAILLAGE_CORS_ORIGINS: comma-separated origins (scheme://host[:port]) or `*`."""
    raw = env.get("MAILLAGE_CORS_ORIGINS") or ""
    origins = tuple(part.strip().rstrip("/") for part in raw.split(",") if part.strip())
    for origin in origins:
        if origin != "*" and not _ORIGIN.match(origin):
            raise SettingsError(
                f"MAILLAGE_CORS_ORIGINS: {origin!r} is not an origin such as "
                "https://app.example.org (or *)"
            )
    return origins


def _allowlist_file(env: Mapping[str, str]) -> Path | None:
    raw = env.get("MAILLAGE_ALLOWLIST_FILE") or None
    if raw is None:
        if env.get("MAILLAGE_PERSISTED_QUERIES") == "allowlist":
            raise SettingsError(
                "MAILLAGE_PERSISTED_QUERIES=allowlist needs MAILLAGE_ALLOWLIST_FILE"
            )
        return None
    path = Path(raw).resolve()
    if not path.is_file():
        raise SettingsError(f"MAILLAGE_ALLOWLIST_FILE={raw!r} is not a readable file")
    return path


def _check_limits(settings: Settings) -> None:
    if settings.request_timeout <= settings.query_timeout:
        raise SettingsError(
            "MAILLAGE_REQUEST_TIMEOUT must exceed MAILLAGE_QUERY_TIMEOUT "
            f"({settings.request_timeout:g} <= {settings.query_timeout:g})"
        )
    if settings.max_cost_trusted < settings.max_cost:
        raise SettingsError(
            "MAILLAGE_MAX_COST_TRUSTED must not be below MAILLAGE_MAX_COST "
            f"({settings.max_cost_trusted} < {settings.max_cost})"
        )


def _trust(env: Mapping[str, str]) -> tuple[str | None, Path | None]:
    """How the driver checks the server's TLS certificate, checked against NEO4J_URI's scheme."""
    uri = env.get("NEO4J_URI") or ""
    scheme = uri.partition("://")[0] if "://" in uri else ""
    if uri and scheme not in _SCHEMES:
        raise SettingsError(f"NEO4J_URI must start with one of: {', '.join(_SCHEMES)}://")
    certificates = env.get("NEO4J_TRUSTED_CERTIFICATES") or None
    trust = env.get("NEO4J_TRUST") or ("custom" if certificates else None)
    if trust is None:
        return None, None
    if trust not in _TRUST:
        raise SettingsError(f"NEO4J_TRUST={trust!r} must be one of: {', '.join(_TRUST)}")
    if "+" in scheme:
        raise SettingsError(
            f"NEO4J_TRUST applies to bolt:// and neo4j:// URIs; {scheme}:// already decides "
            "(+s: the system's CAs, +ssc: any certificate). Drop NEO4J_TRUST or change the scheme."
        )
    if trust != "custom":
        if certificates:
            raise SettingsError("NEO4J_TRUSTED_CERTIFICATES needs NEO4J_TRUST=custom")
        return trust, None
    if certificates is None:
        raise SettingsError("NEO4J_TRUST=custom needs NEO4J_TRUSTED_CERTIFICATES (a CA file)")
    path = Path(certificates).resolve()
    if not path.is_file():
        raise SettingsError(f"NEO4J_TRUSTED_CERTIFICATES={certificates!r} is not a readable file")
    return trust, path


def _size(env: Mapping[str, str], name: str, default: str) -> str:
    value = (env.get(name) or default).lower()
    if not _SIZE.match(value):
        raise SettingsError(f"{name}={value!r} is not a memory size such as 512m or 2g")
    return value
