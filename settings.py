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
    require_db: bool = True
    anonymous_read: bool = True
    auth_cache_seconds: float = 30.0
    jwt_algorithm: str | None = None
    jwt_secret: str | None = field(default=None, repr=False)
    jwt_public_key: str | None = field(default=None, repr=False)
    jwt_audience: str | None = None

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
            require_db=_flag(env, "MAILLAGE_REQUIRE_DB", True),
            anonymous_read=_flag(env, "MAILLAGE_ANONYMOUS_READ", True),
            auth_cache_seconds=_number(env, "MAILLAGE_AUTH_CACHE_SECONDS", 30.0, 0.0, 3600.0),
            jwt_algorithm=jwt_algorithm,
            jwt_secret=jwt_secret,
            jwt_public_key=jwt_public_key,
            jwt_audience=env.get("MAILLAGE_JWT_AUDIENCE") or None,
        )
        if settings.default_page_size > settings.max_page_size:
            raise SettingsError(
                "MAILLAGE_DEFAULT_PAGE_SIZE must not exceed MAILLAGE_MAX_PAGE_SIZE "
                f"({settings.default_page_size} > {settings.max_page_size})"
            )
        if settings.neo4j_bolt_port == settings.neo4j_http_port:
            raise SettingsError("NEO4J_BOLT_PORT and NEO4J_HTTP_PORT must differ")
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


def _size(env: Mapping[str, str], name: str, default: str) -> str:
    value = (env.get(name) or default).lower()
    if not _SIZE.match(value):
        raise SettingsError(f"{name}={value!r} is not a memory size such as 512m or 2g")
    return value
