"""A local Neo4j Community server built from Maven Central jars and run on the installed JDK."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from errors import ServerError
from settings import ROOT, Settings

POM = ROOT / "scripts" / "neo4j" / "pom.xml"
_JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)


@dataclass(frozen=True)
class Status:
    running: bool
    pid: int | None
    bolt_open: bool

    def describe(self, settings: Settings) -> str:
        name = f"Neo4j {settings.neo4j_version} ({settings.neo4j_instance})"
        if self.running:
            return f"{name} running, pid {self.pid}, bolt://127.0.0.1:{settings.neo4j_bolt_port}"
        return f"{name} stopped"


def is_calendar_version(version: str) -> bool:
    """2025.x and later: Java 21+, main class Neo4jCommunity."""
    return not version.startswith("5.")


def main_class(version: str) -> str:
    if is_calendar_version(version):
        return "org.neo4j.server.Neo4jCommunity"
    return "org.neo4j.server.CommunityEntryPoint"


def java_major(java: Path) -> int:
    try:
        out = subprocess.run(
            [str(java), "-version"], capture_output=True, text=True, timeout=30, check=False
        ).stderr
    except OSError as exc:
        raise ServerError(f"Cannot run {java}: {exc}") from None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not match:
        raise ServerError(f"Cannot read the Java version from `{java} -version`:\n{out}")
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def find_java(settings: Settings) -> Path:
    """The java binary to use: JAVA_HOME, else PATH, else a JDK under /usr/lib/jvm."""
    needed = 21 if is_calendar_version(settings.neo4j_version) else 17
    candidates: list[Path] = []
    if settings.java_home is not None:
        candidates.append(settings.java_home / "bin" / "java")
    else:
        on_path = shutil.which("java")
        if on_path:
            candidates.append(Path(on_path))
        jvm = Path("/usr/lib/jvm")
        if jvm.is_dir():
            candidates.extend(sorted(p / "bin" / "java" for p in jvm.iterdir()))
    seen: list[str] = []
    for java in candidates:
        if not java.is_file():
            continue
        major = java_major(java)
        seen.append(f"{java} (Java {major})")
        if major >= needed:
            return java
    found = "; found: " + ", ".join(seen) if seen else "; no java binary was found"
    raise ServerError(
        f"Neo4j {settings.neo4j_version} needs Java {needed} or newer{found}. Install a JDK "
        f"(e.g. `apt-get install openjdk-{needed}-jdk-headless`) or point JAVA_HOME at one."
    )


def lib_dir(settings: Settings) -> Path:
    return settings.neo4j_cache / f"neo4j-{settings.neo4j_version}" / "lib"


def provision(settings: Settings) -> Path:
    """Fetch the server's jars with Maven once; later calls reuse the cache."""
    lib = lib_dir(settings)
    if (lib / ".complete").is_file():
        return lib
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ServerError(
            "Maven (`mvn`) is not on PATH: it fetches Neo4j's jars. Install it "
            "(e.g. `apt-get install maven`) or set NEO4J_URI to use an existing Neo4j."
        )
    staging = lib.parent / "lib.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    cmd = [
        mvn, "-B", "-q", "-f", str(POM),
        f"-Dneo4j.version={settings.neo4j_version}",
        "-Dmaven.artifact.threads=16",
        "dependency:copy-dependencies", f"-DoutputDirectory={staging}",
    ]  # fmt: skip
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-15:])
        raise ServerError(
            f"Maven could not fetch Neo4j {settings.neo4j_version} (exit {result.returncode}). "
            f"Check the version exists and the network reaches Maven Central.\n{tail}"
        )
    shutil.rmtree(lib, ignore_errors=True)
    staging.rename(lib)
    (lib / ".complete").write_text(settings.neo4j_version, encoding="utf-8")
    return lib


def write_config(settings: Settings) -> Path:
    home = settings.instance_dir
    for sub in ("conf", "data", "logs", "run", "import", "plugins"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    lines = [
        "# Written by `maillage db start`; edits are overwritten.",
        "server.default_listen_address=127.0.0.1",
        "server.default_advertised_address=127.0.0.1",
        f"server.bolt.listen_address=127.0.0.1:{settings.neo4j_bolt_port}",
        f"server.http.listen_address=127.0.0.1:{settings.neo4j_http_port}",
        "server.https.enabled=false",
        f"server.directories.data={home / 'data'}",
        f"server.directories.logs={home / 'logs'}",
        f"server.directories.run={home / 'run'}",
        f"server.directories.import={home / 'import'}",
        f"server.directories.plugins={home / 'plugins'}",
        f"server.memory.pagecache.size={settings.neo4j_pagecache}",
        "dbms.security.auth_enabled=true",
        "dbms.usage_report.enabled=false",
        "db.transaction.timeout=60s",
        "db.tx_log.rotation.retention_policy=1 files",
    ]
    conf = home / "conf" / "neo4j.conf"
    conf.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return conf


def admin_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env["NEO4J_HOME"] = str(settings.instance_dir)
    env["NEO4J_CONF"] = str(settings.instance_dir / "conf")
    return env


def ensure_password(settings: Settings, java: Path, lib: Path) -> None:
    """Set a generated initial password before the first start and keep it in a 0600 file."""
    if settings.password_file.is_file():
        return
    if (settings.instance_dir / "data" / "databases").exists():
        raise ServerError(
            f"{settings.instance_dir / 'data'} holds a database but the password file "
            f"{settings.password_file} is gone. Stop the instance and delete "
            f"{settings.instance_dir} to start afresh, or set NEO4J_PASSWORD."
        )
    # Hex only: a leading "-" would be read as an option by neo4j-admin.
    password = secrets.token_hex(24)
    cmd = [
        str(java), "-cp", f"{lib}/*", "org.neo4j.server.startup.Neo4jAdminCommand",
        "dbms", "set-initial-password", password,
    ]  # fmt: skip
    result = subprocess.run(
        cmd, capture_output=True, text=True, env=admin_env(settings), check=False
    )
    if result.returncode != 0:
        raise ServerError(f"neo4j-admin set-initial-password failed:\n{result.stderr[-2000:]}")
    fd = os.open(settings.password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(password + "\n")


def prepare(settings: Settings) -> None:
    """Everything `start` does before launching the server: jars, configuration, password."""
    java = find_java(settings)
    lib = provision(settings)
    write_config(settings)
    ensure_password(settings, java, lib)


def holds_database(settings: Settings) -> bool:
    """The instance has a database on disk (it was started, or a database was imported)."""
    return (settings.instance_dir / "data" / "databases" / settings.neo4j_database).exists()


def _pid_file(settings: Settings) -> Path:
    return settings.instance_dir / "run" / "maillage-neo4j.pid"


def _read_pid(settings: Settings) -> int | None:
    try:
        pid = int(_pid_file(settings).read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists() and b"org.neo4j.server" not in cmdline.read_bytes():
        return None
    return pid


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def status(settings: Settings) -> Status:
    pid = _read_pid(settings)
    return Status(running=pid is not None, pid=pid, bolt_open=port_open(settings.neo4j_bolt_port))


def _log_tail(settings: Settings, lines: int = 25) -> str:
    parts = []
    for name in ("console.log", "neo4j.log"):
        path = settings.instance_dir / "logs" / name
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
            parts.append(f"--- {path} ---\n" + "\n".join(text))
    return "\n".join(parts) or "(no log written)"


def _explain_failure(settings: Settings) -> str:
    text = _log_tail(settings, 80)
    if "Address already in use" in text:
        return "a port is already in use"
    if re.search(r"corrupt|Unable to read|StoreUpgrade|Not a valid Neo4j", text, re.IGNORECASE):
        return (
            f"the data folder looks damaged or of another version; move {settings.instance_dir}"
            " aside (it is re-created, empty, on the next start)"
        )
    return "see the log tail below"


def start(settings: Settings) -> Status:
    """Start the instance unless it already runs; wait until Bolt answers."""
    current = status(settings)
    if current.running and current.bolt_open:
        return current
    for port, name in (
        (settings.neo4j_bolt_port, "NEO4J_BOLT_PORT"),
        (settings.neo4j_http_port, "NEO4J_HTTP_PORT"),
    ):
        if not current.running and port_open(port):
            raise ServerError(
                f"Port {port} ({name}) on 127.0.0.1 is already in use by another program. "
                f"Stop that program or choose another port with {name}=..."
            )
    java = find_java(settings)
    lib = provision(settings)
    write_config(settings)
    ensure_password(settings, java, lib)
    pid = current.pid if current.running else _launch(settings, java, lib)
    deadline = time.monotonic() + settings.neo4j_start_timeout
    while time.monotonic() < deadline:
        if _read_pid(settings) is None:
            raise ServerError(
                f"Neo4j exited during start-up: {_explain_failure(settings)}.\n"
                + _log_tail(settings)
            )
        if port_open(settings.neo4j_bolt_port) and _neo4j_log_says_started(settings):
            return Status(running=True, pid=pid, bolt_open=True)
        time.sleep(0.25)
    stop(settings)
    raise ServerError(
        f"Neo4j did not answer on Bolt port {settings.neo4j_bolt_port} within "
        f"{settings.neo4j_start_timeout:g}s (NEO4J_START_TIMEOUT).\n{_log_tail(settings)}"
    )


def _neo4j_log_says_started(settings: Settings) -> bool:
    log = settings.instance_dir / "logs" / "neo4j.log"
    marker = settings.instance_dir / "run" / "started-at"
    if not log.is_file() or not marker.is_file():
        return False
    with log.open("rb") as handle:
        handle.seek(int(marker.read_text(encoding="utf-8")))
        return b"INFO  Started." in handle.read()


def _launch(settings: Settings, java: Path, lib: Path) -> int:
    home = settings.instance_dir
    log = home / "logs" / "neo4j.log"
    offset = log.stat().st_size if log.is_file() else 0
    (home / "run" / "started-at").write_text(str(offset), encoding="utf-8")
    cmd = [
        str(java),
        f"-Xms{settings.neo4j_heap}",
        f"-Xmx{settings.neo4j_heap}",
        *_JVM_FLAGS,
        "-cp",
        f"{lib}/*",
        main_class(settings.neo4j_version),
        f"--home-dir={home}",
        f"--config-dir={home / 'conf'}",
    ]
    # The shell starts Java in the background and exits: the server outlives this process
    # and is nobody's child (no zombie to reap), and `$!` is its pid.
    launcher = subprocess.run(
        ["/bin/sh", "-c", '"$@" >>"$LOG" 2>&1 </dev/null & echo $!', "sh", *cmd],
        capture_output=True,
        text=True,
        cwd=home,
        env={**admin_env(settings), "LOG": str(home / "logs" / "console.log")},
        start_new_session=True,
        check=True,
    )
    pid = int(launcher.stdout.strip())
    _pid_file(settings).write_text(str(pid), encoding="utf-8")
    return pid


def stop(settings: Settings, timeout: float = 60.0) -> bool:
    """Stop with SIGTERM (a clean shutdown), SIGKILL only after `timeout`. True if it ran."""
    pid = _read_pid(settings)
    if pid is None:
        _pid_file(settings).unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            break
        time.sleep(0.2)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    _pid_file(settings).unlink(missing_ok=True)
    return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and ") Z " in stat.read_text(encoding="utf-8", errors="replace"))
