"""`apigen-cloud serve`, `apigen-cloud worker` and `apigen-cloud migrate`."""

from __future__ import annotations

import argparse
import asyncio
import logging

from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError

from apigen_cloud.core.config import Settings, get_settings
from apigen_cloud.db import database_url


def _migrate(settings: Settings) -> None:
    from apigen_cloud.db import create_engine
    from apigen_cloud.jobs.distributed import prepare_database

    async def run() -> None:
        engine = create_engine(settings)
        try:
            await prepare_database(engine, procrastinate=settings.queue_backend == "procrastinate")
        finally:
            await engine.dispose()

    asyncio.run(run())
    print("Database is up to date.")


def _work(settings: Settings) -> None:
    from apigen_cloud.jobs.distributed import run_worker

    if settings.queue_backend != "procrastinate":
        raise SystemExit(
            "apigen-cloud: the worker needs APIGEN_QUEUE_BACKEND=procrastinate "
            "(the embedded queue runs inside `apigen-cloud serve`)"
        )
    asyncio.run(run_worker(settings))


def _serve(settings: Settings, host: str, port: int) -> None:
    import uvicorn

    from apigen_cloud.main import create_app

    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


def _settings_or_exit() -> Settings:
    from apigen_cloud.jobs.distributed import check_queue_settings

    try:
        settings = get_settings()
        database_url(settings)  # an unsupported scheme is reported here, not mid-start
        check_queue_settings(settings)
    except (ValidationError, ValueError) as error:
        # The message names the setting; it never includes a secret's value (SecretStr).
        raise SystemExit(f"apigen-cloud: invalid settings: {error}") from None
    return settings


def main(argv: list[str] | None = None) -> None:
    settings = _settings_or_exit()
    parser = argparse.ArgumentParser(prog="apigen-cloud", description="API Generator Cloud")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the API server (migrates first)")
    serve.add_argument("--host", default=settings.host)
    serve.add_argument("--port", type=int, default=settings.port)
    commands.add_parser(
        "worker", help="run queued jobs (APIGEN_QUEUE_BACKEND=procrastinate); SIGTERM stops it"
    )
    commands.add_parser("migrate", help="apply database migrations and exit")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # Alembic announces each of its plugins at INFO on every start: noise.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    if args.command == "serve":
        _serve(settings, args.host, args.port)
        return
    if args.command == "worker":
        command, failure = _work, "the worker cannot use the database"
    else:
        command, failure = _migrate, "cannot migrate the database"
    try:
        command(settings)
    except (OSError, DBAPIError) as error:
        # The driver's message without the SQL or a traceback (it names host and port).
        reason = error.orig if isinstance(error, DBAPIError) else error
        raise SystemExit(f"apigen-cloud: {failure}: {reason}") from None


if __name__ == "__main__":
    main()
