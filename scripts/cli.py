"""The `maillage` command: local Neo4j, schema set-up, seed loading and serving."""

from __future__ import annotations

import asyncio
import getpass
import logging
import sys
from collections.abc import Awaitable, Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console

from errors import DatasetMixError, MaillageError
from scripts import neo4j_server
from settings import INSTANCE_PORTS, Settings

if TYPE_CHECKING:
    from graph.db import Db

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    help="Maillage: the industrial-engineering ecosystem graph.", no_args_is_help=True
)
db_app = typer.Typer(help="The local Neo4j server (skipped when NEO4J_URI is set).")
app.add_typer(db_app, name="db")
keys_app = typer.Typer(help="API keys: create (shown once), list, revoke.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
allowlist_app = typer.Typer(help="The persisted-query allow-list.", no_args_is_help=True)
app.add_typer(allowlist_app, name="allowlist")
err = Console(stderr=True)
out = Console()

InstanceOption = Annotated[
    str | None,
    typer.Option(help=f"Local instance: {', '.join(INSTANCE_PORTS)} (default NEO4J_INSTANCE)."),
]


def clear_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Expected failures print one clear paragraph and exit 1, never a stack trace."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except MaillageError as exc:
            err.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True)
            raise typer.Exit(1) from None

    return wrapper


def load_settings(instance: str | None = None) -> Settings:
    settings = Settings.from_env()
    if instance is not None and instance != settings.neo4j_instance:
        # Another instance than NEO4J_INSTANCE names: its default ports. The same one keeps
        # NEO4J_BOLT_PORT and NEO4J_HTTP_PORT.
        if instance not in INSTANCE_PORTS:
            raise typer.BadParameter(f"unknown instance {instance!r}")
        settings = settings.with_instance(instance)
    return settings


def dataset_settings(instance: str | None, *, synthetic: bool) -> Settings:
    """Settings for loading a data set: synthetic data only into `synth`, the seed never."""
    settings = load_settings(instance)
    if synthetic and settings.neo4j_instance != "synth":
        raise DatasetMixError(
            f"The synthetic graph goes only into the synth instance, not "
            f"{settings.neo4j_instance!r}; use --instance synth (data sets never mix)."
        )
    if not synthetic and settings.neo4j_instance == "synth":
        raise DatasetMixError(
            "The seed never goes into the synth instance, which holds the synthetic graph; "
            "use --instance main or test (data sets never mix)."
        )
    return settings


@db_app.command("start")
@clear_errors
def db_start(instance: InstanceOption = None) -> None:
    """Provision (first time) and start Neo4j; a running server is reused."""
    settings = load_settings(instance)
    if not settings.provisioned:
        out.print(f"NEO4J_URI is set ({settings.uri}): nothing to start.")
        return
    status = neo4j_server.start(settings)
    out.print(status.describe(settings))


@db_app.command("stop")
@clear_errors
def db_stop(instance: InstanceOption = None) -> None:
    """Stop Neo4j cleanly (SIGTERM, then wait)."""
    settings = load_settings(instance)
    stopped = neo4j_server.stop(settings)
    out.print("stopped" if stopped else "not running")


@db_app.command("status")
@clear_errors
def db_status(instance: InstanceOption = None) -> None:
    """Say whether Neo4j runs; exit 3 when it does not."""
    settings = load_settings(instance)
    status = neo4j_server.status(settings)
    out.print(status.describe(settings))
    if not status.running:
        raise typer.Exit(3)


@app.command("setup")
@clear_errors
def setup(instance: InstanceOption = None) -> None:
    """Create constraints and indexes (idempotent)."""
    from graph import migrations

    settings = load_settings(instance)
    applied = asyncio.run(migrations.apply_with_settings(settings))
    out.print(f"schema ready: {applied} constraints and indexes")


@app.command("seed")
@clear_errors
def seed(
    instance: InstanceOption = None,
    report: Annotated[
        bool,
        typer.Option(
            "--report",
            help="After loading, print the data report: counts per kind, the share of "
            "uncertain items, items per source, and the fact ids excluded with their reasons.",
        ),
    ] = False,
) -> None:
    """Validate the seed files, then load them (safe to repeat)."""
    from seeds import loader
    from seeds import report as data_report

    settings = dataset_settings(instance, synthetic=False)
    if report:
        out.print(asyncio.run(data_report.load_and_report(settings)).render())
        return
    summary = asyncio.run(loader.load_with_settings(settings))
    out.print(summary.render())


@app.command("synth")
@clear_errors
def synth(
    actors: Annotated[int, typer.Option(min=10, help="Number of actors.")] = 10_000,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed, the same graph.")] = 1,
    instance: Annotated[
        str, typer.Option(help="Local instance; only synth is accepted (data sets never mix).")
    ] = "synth",
    bolt: Annotated[
        bool, typer.Option(help="Write over Bolt rather than with Neo4j's offline importer.")
    ] = False,
) -> None:
    """Replace the synth instance's graph with a generated one of the seed's model."""
    from seeds import synth as synthetic

    settings = dataset_settings(instance, synthetic=True)
    # Concurrent batches may deadlock on hub nodes; the driver retries them, quietly.
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    report = asyncio.run(
        synthetic.load_with_settings(settings, actors, seed, offline=False if bolt else None)
    )
    out.print(report.render())


@app.command("rank-brokers")
@clear_errors
def rank_brokers(instance: InstanceOption = None) -> None:
    """Compute the whole network's broker ranking now and keep it (loads and writes make the
    service recompute it by itself; this is for a graph filled another way)."""
    import time

    from graph import brokers

    started = time.perf_counter()
    scores = with_db(load_settings(instance), brokers.refresh)
    sampled = f"{scores.sampled_sources:,} sampled sources" if scores.sampled_sources else "exact"
    out.print(
        f"broker ranking of {scores.actors:,} actors, {scores.memberships:,} memberships "
        f"({sampled}) in {time.perf_counter() - started:.1f} s"
    )


@app.command("serve")
@clear_errors
def serve(
    instance: InstanceOption = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="Worker processes (default MAILLAGE_WORKERS)."),
    ] = None,
) -> None:
    """Serve the API on HOST:PORT with uvicorn; SIGTERM lets in-flight requests finish."""
    import os

    import uvicorn

    from app import create_app
    from logs import logging_config

    settings = load_settings(instance)
    count = workers or settings.workers
    if count > 1 and instance is not None:
        # Each worker reads the environment (already validated here) to build its own app.
        os.environ["NEO4J_INSTANCE"] = settings.neo4j_instance
        os.environ["NEO4J_BOLT_PORT"] = str(settings.neo4j_bolt_port)
        os.environ["NEO4J_HTTP_PORT"] = str(settings.neo4j_http_port)
    out.print(f"Maillage on http://{settings.host}:{settings.port}/graphql, {count} worker(s)")
    uvicorn.run(
        create_app(settings) if count == 1 else "app:asgi",
        factory=count > 1,
        workers=count,
        host=settings.host,
        port=settings.port,
        log_level="info",
        log_config=logging_config(settings),
        access_log=False,
        proxy_headers=False,
        timeout_graceful_shutdown=settings.graceful_timeout,
    )


@allowlist_app.command("add")
@clear_errors
def allowlist_add(
    document: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A .graphql file")],
    file: Annotated[
        Path, typer.Option(envvar="MAILLAGE_ALLOWLIST_FILE", help="The allow-list JSON file.")
    ] = Path("allowlist.json"),
) -> None:
    """Add the exact text of DOCUMENT to the allow-list; print the hash clients send."""
    from schema.persisted import add_to_allowlist

    digest = add_to_allowlist(file, document)
    err.print(f"added {document} to {file}; clients send this text or its SHA-256:")
    typer.echo(digest)


@app.command("export-schema")
@clear_errors
def export_schema(path: str = "schema.graphql") -> None:
    """Write the GraphQL schema in SDL."""
    from schema.root import schema_sdl

    with open(path, "w", encoding="utf-8") as handle:
        handle.write(schema_sdl())
    out.print(f"wrote {path}")


@app.command("schema-lint")
@clear_errors
def schema_lint() -> None:
    """Print the schema's description coverage and its lint violations; exit 1 on any."""
    from schema.lint import built, coverage, lint
    from schema.root import schema_sdl

    served = built(schema_sdl())
    result = coverage(served)
    out.print(result.table(), markup=False)
    violations = [v for found in lint(served).values() for v in found]
    for violation in violations:
        err.print(violation, markup=False)
    if violations:
        raise typer.Exit(1)


@app.command("smoke")
@clear_errors
def smoke(
    version: Annotated[str, typer.Option(help="Neo4j version, e.g. 2026.08.1")],
    home: Annotated[str, typer.Option(help="Scratch folder for the instance")] = ".neo4j/smoke",
    bolt: int = 28687,
    http: int = 28474,
) -> None:
    """Provision, start, seed and query one Neo4j version, then stop it."""
    from pathlib import Path

    from scripts import smoke as smoke_run

    out.print(smoke_run.run(version, Path(home), bolt, http))


def with_db(settings: Settings, work: Callable[[Db], Awaitable[R]]) -> R:
    """Run `work` against the database, with the schema's constraints in place."""
    from graph import migrations
    from graph.db import Db, open_driver, verify

    async def run() -> R:
        driver = open_driver(settings)
        try:
            await verify(driver, settings)
            db = Db(driver, settings.neo4j_database, 300.0)
            await migrations.apply(db)
            return await work(db)
        finally:
            await driver.close()

    return asyncio.run(run())


def cli_user() -> str:
    return f"cli:{getpass.getuser()}"


@keys_app.command("create")
@clear_errors
def keys_create(
    name: Annotated[str, typer.Option(help="Who holds the key; the audit trail shows it.")],
    role: Annotated[str, typer.Option(help="viewer, editor or admin.")] = "viewer",
    instance: InstanceOption = None,
) -> None:
    """Create an API key and print it once; only its hash is stored."""
    from graph import keys

    if role not in tuple(keys.Role):
        raise typer.BadParameter(f"role must be one of: {', '.join(keys.Role)}", param_hint="role")
    settings = load_settings(instance)
    key, token = with_db(settings, lambda db: keys.create(db, name, keys.Role(role), cli_user()))
    err.print(f"API key for {key.name!r} ({key.role}); shown once, store it now:")
    typer.echo(token)


@keys_app.command("list")
@clear_errors
def keys_list(instance: InstanceOption = None) -> None:
    """List the API keys (names, roles, dates; never the keys)."""
    from rich.table import Table

    from graph import keys

    table = Table(title="API keys")
    for column in ("name", "role", "created", "revoked"):
        table.add_column(column)
    for key in with_db(load_settings(instance), keys.listing):
        revoked = key.revoked_at.isoformat(timespec="seconds") if key.revoked_at else ""
        table.add_row(key.name, key.role, key.created_at.isoformat(timespec="seconds"), revoked)
    out.print(table)


@keys_app.command("revoke")
@clear_errors
def keys_revoke(name: str, instance: InstanceOption = None) -> None:
    """Revoke the key called NAME (it stops working within MAILLAGE_AUTH_CACHE_SECONDS)."""
    from graph import keys

    key = with_db(load_settings(instance), lambda db: keys.revoke(db, name, cli_user()))
    out.print(f"revoked {key.name!r}")


@app.command("import")
@clear_errors
def import_file(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help=".csv or .jsonl")],
    kind: Annotated[
        str,
        typer.Option(
            help="sources, themes, actors, links, agreements, projects, competencies or "
            "participations."
        ),
    ],
    dry_run: Annotated[bool, typer.Option(help="Check and count; write nothing.")] = False,
    skip_invalid: Annotated[
        bool, typer.Option(help="Load the good rows even when some rows are bad.")
    ] = False,
    batch_size: Annotated[int, typer.Option(min=1, max=5000, help="Rows per transaction.")] = 500,
    comment: Annotated[str | None, typer.Option(help="Why; kept in the audit trail.")] = None,
    who: Annotated[str | None, typer.Option(help="Name in the audit (default cli:USER).")] = None,
    instance: InstanceOption = None,
) -> None:
    """Validate a whole file of records, then load it in batches (re-running changes nothing)."""
    from rich.progress import Progress

    from graph.diffs import Meta
    from seeds import importer

    settings = dataset_settings(instance, synthetic=False)
    meta = Meta(who=who or cli_user(), comment=comment or f"import {path.name}")
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task(f"{'checking' if dry_run else 'loading'} {path.name}")

        def step(done: int) -> None:
            progress.advance(task, done)

        async def work(db: Db) -> importer.Report:
            return await importer.run(
                db,
                path,
                kind,
                meta=meta,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                batch_size=batch_size,
                progress=step,
                total=lambda total: progress.update(task, total=total),
            )

        report = with_db(settings, work)
    for problem in report.problems:
        err.print(f"[yellow]skipped[/] {problem}", highlight=False, markup=True)
    out.print(report.render())


def main() -> None:
    sys.exit(app())


if __name__ == "__main__":
    main()
