"""`apigen-cloud migrate`/`worker`/`serve`: bad settings and an unreachable database end
with a clear line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from apigen_cloud.cli import main
from apigen_cloud.core.config import Settings, get_settings
from apigen_cloud.main import create_app


@pytest.fixture(autouse=True)
def fresh_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("APIGEN_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("APIGEN_PORT", "abc", "invalid settings: 1 validation error for Settings\nport"),
        ("APIGEN_DATABASE_URL", "mysql://u:p@h/db", "unsupported database URL scheme 'mysql'"),
        (
            "APIGEN_DATABASE_URL",
            "postgresql://nobody:hunter2-password@127.0.0.1:9/none",
            "cannot migrate the database: connection failed",
        ),
    ],
)
def test_migrate_errors_are_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SystemExit) as stopped:
        main(["migrate"])
    text = str(stopped.value.code)
    assert text.startswith("apigen-cloud: ") and message in text
    assert "hunter2" not in text and "Traceback" not in text


def test_migrate_creates_the_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["migrate"])
    assert capsys.readouterr().out == "Database is up to date.\n"
    assert (tmp_path / "data" / "apigen.db").is_file()


@pytest.mark.parametrize("command", ["serve", "worker", "migrate"])
def test_procrastinate_queue_needs_postgresql(
    monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.setenv("APIGEN_QUEUE_BACKEND", "procrastinate")  # on the default SQLite
    with pytest.raises(SystemExit) as stopped:
        main([command])
    assert stopped.value.code == (
        "apigen-cloud: invalid settings: queue_backend 'procrastinate' needs a PostgreSQL "
        "database_url (APIGEN_DATABASE_URL=postgresql://user:password@host/db)"
    )


def test_create_app_refuses_procrastinate_on_sqlite(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path, queue_backend="procrastinate")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="needs a PostgreSQL database_url"):
        create_app(settings)


def test_worker_needs_the_procrastinate_queue() -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["worker"])
    assert stopped.value.code == (
        "apigen-cloud: the worker needs APIGEN_QUEUE_BACKEND=procrastinate "
        "(the embedded queue runs inside `apigen-cloud serve`)"
    )


def test_worker_without_database_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APIGEN_QUEUE_BACKEND", "procrastinate")
    monkeypatch.setenv("APIGEN_DATABASE_URL", "postgresql://nobody:hunter2-pw@127.0.0.1:9/none")
    with pytest.raises(SystemExit) as stopped:
        main(["worker"])
    text = str(stopped.value.code)
    assert text.startswith("apigen-cloud: the worker cannot use the database: connection failed")
    assert "hunter2" not in text
