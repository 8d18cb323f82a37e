"""`apigen-cloud serve` and `apigen-cloud migrate`."""

from __future__ import annotations

import argparse
import asyncio
import logging

from apigen_cloud.core.config import get_settings


def _migrate() -> None:
    from apigen_cloud.db import create_engine
    from apigen_cloud.migrate import upgrade_to_head

    settings = get_settings()

    async def run() -> None:
        engine = create_engine(settings)
        try:
            await upgrade_to_head(engine)
        finally:
            await engine.dispose()

    asyncio.run(run())
    print("Database is up to date.")


def _serve(host: str, port: int) -> None:
    import uvicorn

    from apigen_cloud.main import create_app

    uvicorn.run(create_app(get_settings()), host=host, port=port, log_level="info")


def main(argv: list[str] | None = None) -> None:
    settings = get_settings()
    parser = argparse.ArgumentParser(prog="apigen-cloud", description="API Generator Cloud")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the API server (migrates first)")
    serve.add_argument("--host", default=settings.host)
    serve.add_argument("--port", type=int, default=settings.port)
    commands.add_parser("migrate", help="apply database migrations and exit")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if args.command == "serve":
        _serve(args.host, args.port)
    else:
        _migrate()


if __name__ == "__main__":
    main()
