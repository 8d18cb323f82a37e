"""`apigen-cloud migrate`: bad settings and an unreachable database end with a clear line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from apigen_cloud.cli import main
from apigen_cloud.core.config import get_settings


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
