"""The bench's server processes: started, awaited until they answer, measured, stopped."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_ms(pid: int) -> float:
    """CPU time (user + system) a process has used so far, in milliseconds: a measure of work
    that holds on a busy machine, where wall-clock time also counts waiting for a core."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def wait_ready(url: str, process: subprocess.Popen[bytes], name: str, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text()[-2000:]
            raise SystemExit(f"{name} exited during start-up; see {log}:\n{tail}")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise SystemExit(f"{name} did not answer {url} within 120 s; see {log}")


@contextmanager
def server(
    name: str, command: list[str], env: dict[str, str], cwd: Path, ready: str, logs: Path
) -> Iterator[subprocess.Popen[bytes]]:
    log = logs / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=cwd, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            wait_ready(ready, process, name, log)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def peer_ready(peer: Path) -> None:
    """The peer's packages, installed from its lock file when missing."""
    if not (peer / "node_modules" / "@neo4j" / "graphql").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=peer, check=True)
