"""HTTP load with wrk (Debian's package): POST bodies cycled by a generated Lua script.

A response counts as an error when its status is not 200 or its body carries GraphQL `errors`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

LUA = """
local bodies = { %(bodies)s }
local counter = 0
errors = 0  -- a global: done() reads it from each thread
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) counter = math.random(#bodies) end
function request()
  counter = counter %% #bodies + 1
  return wrk.format("POST", "%(path)s", {["Content-Type"] = "application/json"}, bodies[counter])
end
function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then errors = errors + 1 end
end
function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do failed = failed + thread:get("errors") end
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %%d, "microseconds": %%d, "errors": %%d, "socket_errors": %%d, ' ..
    '"p50_us": %%d, "p99_us": %%d}\\n',
    summary.requests, summary.duration, failed,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass(frozen=True)
class Outcome:
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk_binary() -> str:
    """wrk, installed from Debian's packages first when it is missing and we may."""
    found = shutil.which("wrk")
    if found is None and shutil.which("apt-get") and os.geteuid() == 0:
        install = ["apt-get", "install", "-y", "-q", "wrk"]
        if subprocess.run(install, capture_output=True, check=False).returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], capture_output=True, check=False)
            subprocess.run(install, capture_output=True, check=False)
        found = shutil.which("wrk")
    if found is None:
        raise SystemExit("wrk is not installed: `apt-get install -y wrk` (Debian's package)")
    return found


class Script:
    """A wrk Lua script cycling through `bodies`, kept in a temporary file."""

    def __init__(self, bodies: Sequence[bytes], path: str = "/graphql") -> None:
        quoted = ", ".join(_lua_string(body.decode()) for body in bodies)
        self._dir = tempfile.TemporaryDirectory(prefix="maillage-bench-")
        self.file = Path(self._dir.name) / "post.lua"
        self.file.write_text(LUA % {"bodies": quoted, "path": path}, encoding="utf-8")

    def close(self) -> None:
        self._dir.cleanup()


def run(url: str, script: Script, concurrency: int, seconds: float) -> Outcome:
    """One wrk run: `concurrency` connections for `seconds`."""
    threads = min(2, concurrency)
    command = [
        wrk_binary(),
        f"-t{threads}",
        f"-c{concurrency}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "30s",
        "-s",
        str(script.file),
        url,
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRK ")), None)
    if done.returncode != 0 or line is None:
        said = f"{done.stdout[-500:]} {done.stderr[-500:]}"
        raise SystemExit(f"wrk failed ({done.returncode}): {said}")
    found = json.loads(line[4:])
    return Outcome(
        requests=found["requests"],
        errors=found["errors"] + found["socket_errors"],
        seconds=found["microseconds"] / 1e6,
        p50_ms=found["p50_us"] / 1000,
        p99_ms=found["p99_us"] / 1000,
    )


def _lua_string(text: str) -> str:
    """A Lua long string holding `text` verbatim."""
    level = 1
    while f"]{'=' * level}]" in text:
        level += 1
    return f"[{'=' * level}[{text}]{'=' * level}]"
