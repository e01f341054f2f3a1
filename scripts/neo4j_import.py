"""Neo4j's offline importer (`neo4j-admin database import full`) on a stopped local instance."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from errors import ServerError
from scripts import neo4j_server
from seeds.bulk_files import ARRAY_DELIMITER, ImportFiles
from settings import Settings

IMPORT_TIMEOUT = 3600.0  # seconds: a 1,000,000-actor graph takes minutes, not hours
IMPORT_HEAP = "1g"  # the importer works mostly off-heap


def command(settings: Settings, files: ImportFiles, report: Path) -> list[str]:
    java = neo4j_server.find_java(settings)
    lib = neo4j_server.provision(settings)
    delimiter = f"U+{ord(ARRAY_DELIMITER):04X}"
    return [
        str(java), f"-Xmx{IMPORT_HEAP}", "-cp", f"{lib}/*", "org.neo4j.cli.AdminTool",
        "database", "import", "full", settings.neo4j_database,
        "--overwrite-destination=true",
        f"--array-delimiter={delimiter}",
        "--multiline-fields=true",
        "--skip-bad-relationships=false",
        "--skip-duplicate-nodes=false",
        f"--report-file={report}",
        *(f"--nodes={path}" for path in files.nodes),
        *(f"--relationships={rel_type}={path}" for rel_type, path in files.relationships),
    ]  # fmt: skip


def import_full(settings: Settings, files: ImportFiles) -> float:
    """Replace the instance's database with the files' content; the instance must be stopped.
    Returns the seconds taken."""
    if not settings.provisioned:
        raise ServerError("The offline importer needs the local instance (NEO4J_URI is set).")
    if neo4j_server.status(settings).running:
        raise ServerError(
            f"Neo4j ({settings.neo4j_instance}) is running; the offline importer needs it stopped."
        )
    neo4j_server.write_config(settings)
    report = settings.instance_dir / "logs" / "import.report"
    started = time.perf_counter()
    try:
        result = subprocess.run(
            command(settings, files, report),
            capture_output=True,
            text=True,
            env=neo4j_server.admin_env(settings),
            timeout=IMPORT_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ServerError(f"The offline import took more than {IMPORT_TIMEOUT:g} s.") from None
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-20:])
        raise ServerError(f"The offline import failed (exit {result.returncode}):\n{tail}")
    return time.perf_counter() - started
