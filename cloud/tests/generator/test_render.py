"""Renderer unit tests: determinism, valid Python, private database, safe escaping."""

from __future__ import annotations

import ast
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

from apigen_cloud.generator.interfaces import read_zip
from apigen_cloud.generator.render import RenderOptions, render_project
from apigen_cloud.generator.spec import ApiSpec
from apigen_cloud.localserver import docker_works
from quality_support import (
    POSTGRES_URL,
    SPEC_NAMES,
    load_spec,
    run_generated_suite,
    throwaway_database,
    write_files,
)

REQUIRED_FILES = {
    "Dockerfile",
    "docker-compose.yml",
    ".env.example",
    "requirements.txt",
    "requirements-dev.txt",
    "alembic.ini",
    "alembic/env.py",
    "alembic/versions/0001_initial.py",
    "app/main.py",
    "app/core/config.py",
    "app/db.py",
    "app/models.py",
    "app/schemas.py",
    "app/api/deps.py",
    "README.md",
    "tests/conftest.py",
}


@pytest.mark.parametrize("name", SPEC_NAMES)
def test_project_is_complete_and_every_python_file_compiles(name: str) -> None:
    project = render_project(load_spec(name))
    assert set(project.files) >= REQUIRED_FILES
    for resource in project.spec.resources:
        assert f"app/api/routes/{resource.plural}.py" in project.files
        assert f"tests/test_{resource.plural}.py" in project.files
    for path, text in project.files.items():
        if path.endswith(".py"):
            ast.parse(text, filename=path)  # SyntaxError names the file and line


def test_same_spec_gives_byte_identical_zip() -> None:
    first = render_project(load_spec("library")).to_zip()
    second = render_project(load_spec("library")).to_zip()
    assert first == second
    assert read_zip(first) == render_project(load_spec("library")).files
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert names == sorted(names) and "docker-compose.yml" in names  # files at the root


@pytest.mark.parametrize("name", ["notes", "ten_resources"])
def test_compose_keeps_the_database_private(name: str) -> None:
    compose = yaml.safe_load(render_project(load_spec(name)).files["docker-compose.yml"])
    db, api = compose["services"]["db"], compose["services"]["api"]
    assert "ports" not in db
    assert db["expose"] == ["5432"]
    assert db["image"] == "postgres:17"
    assert api["ports"] == ["127.0.0.1:${APP_PORT:-8000}:8000"]
    assert api["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


def env_example(files: dict[str, str]) -> dict[str, str]:
    lines = files[".env.example"].splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_compose_requires_the_credentials_env_example_gives() -> None:
    """No fallback password: a missing value stops Compose. The Desktop and the README
    make .env from .env.example, which must therefore hold every required value."""
    files = render_project(load_spec("notes")).files
    compose = files["docker-compose.yml"]
    required = set(re.findall(r"\$\{(\w+):\?", compose))
    assert required == {"POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"}
    assert not re.search(r"\$\{POSTGRES_\w+:-", compose)
    example = env_example(files)
    assert all(example.get(name) for name in required)


@pytest.mark.skipif(not docker_works(), reason="docker is not available")
def test_compose_stops_clearly_without_env(tmp_path: Path) -> None:
    files = render_project(load_spec("notes")).files
    project = write_files(files, tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POSTGRES_", "COMPOSE_"))}

    def config() -> subprocess.CompletedProcess[str]:
        command = ["docker", "compose", "-p", "apigen-envcheck", "config", "--quiet"]
        return subprocess.run(
            command, cwd=project, env=env, capture_output=True, text=True, timeout=60
        )

    missing = config()
    assert missing.returncode != 0
    assert "in .env (see .env.example)" in missing.stderr
    (project / ".env").write_text(files[".env.example"] + "APP_PORT=18000\n")
    assert config().returncode == 0, config().stderr


def test_requirements_are_identical_for_every_project() -> None:
    texts = {render_project(load_spec(n)).files["requirements.txt"] for n in SPEC_NAMES}
    assert len(texts) == 1
    pins = [line for line in texts.pop().splitlines() if line and not line.startswith("#")]
    assert all("==" in pin for pin in pins)
    assert {pin.split("==")[0].split("[")[0] for pin in pins} >= {
        "fastapi",
        "pydantic",
        "pydantic-settings",
        "sqlalchemy",
        "alembic",
        "psycopg",
        "uvicorn",
    }


def test_dev_requirements_pin_the_client_and_the_checkers_the_project_configures() -> None:
    """httpx2: Starlette's TestClient deprecates plain httpx (every test run would warn).

    mypy and ruff at the versions the tests below check the generated code with.
    """
    files = render_project(load_spec("notes")).files
    dev = files["requirements-dev.txt"].splitlines()
    assert dev[0] == "-r requirements.txt"
    pins = dict(line.split("==") for line in dev[1:])
    assert set(pins) == {"httpx2", "mypy", "pytest", "ruff"}
    assert pins["mypy"] == version("mypy") and pins["ruff"] == version("ruff")
    config = tomllib.loads(files["pyproject.toml"])["tool"]
    assert config["mypy"]["strict"] is True and "ruff" in config


def test_images_come_from_the_options() -> None:
    options = RenderOptions(
        python_image="registry.local/py:1", postgres_image="registry.local/pg:2"
    )
    files = render_project(load_spec("notes"), options).files
    assert files["Dockerfile"].startswith("FROM registry.local/py:1\n")
    assert yaml.safe_load(files["docker-compose.yml"])["services"]["db"]["image"] == (
        "registry.local/pg:2"
    )


def test_odd_text_is_escaped_in_every_language() -> None:
    spec = load_spec("odd_values")
    project = render_project(spec)

    # Python: the odd values survive as data, never as code.
    def literals(path: str) -> set[object]:
        tree = ast.parse(project.files[path])
        return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}

    field = spec.resources[0].fields[0]
    assert field.description in literals("app/schemas.py")
    assert set(field.enum or []) <= literals("app/models.py")
    assert set(field.enum or []) <= literals("alembic/versions/0001_initial.py")
    # YAML and Markdown: the multi-line title stays on one line.
    yaml.safe_load(project.files["docker-compose.yml"])
    readme = project.files["README.md"]
    assert readme.splitlines()[0] == '# The "quoted" \\ API with a newline'
    # OpenAPI carries the exact values.
    schema = project.openapi["components"]["schemas"]["TicketCreate"]["properties"]["state"]
    assert schema["enum"] == field.enum


def test_required_links_that_form_a_cycle_become_optional() -> None:
    spec = render_project(load_spec("cycle")).spec
    links = {
        (r.name, rel.field): rel.required
        for r in spec.resources
        for rel in r.relations
        if rel.kind == "many_to_one"
    }
    assert sorted(links.values()) == [False, True]  # exactly one link of the loop is relaxed
    self_ref = render_project(load_spec("self_reference")).spec
    assert not self_ref.resources[0].relations[0].required


def test_names_that_would_shadow_generated_code_get_safe_classes() -> None:
    spec = ApiSpec.model_validate(
        {
            "name": "clash",
            "resources": [
                {"name": "base", "fields": [{"name": "label"}]},
                {"name": "response", "fields": [{"name": "label"}]},
            ],
        }
    )
    models = render_project(spec).files["app/models.py"]
    assert "class BaseResource(Entity):" in models
    assert "class ResponseResource(Entity):" in models


RUFF = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")


def ruff(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [RUFF, *args, "--no-cache", "."], cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.mark.skipif(not Path(RUFF).exists(), reason="ruff is not installed")
def test_generated_code_is_clean_under_its_own_ruff_config(tmp_path: Path) -> None:
    """`ruff check` (the rules the project's pyproject.toml selects) and `ruff format --check`."""
    for name in SPEC_NAMES:
        write_files(render_project(load_spec(name)).files, tmp_path / name)
        checked = ruff("check", "--output-format", "concise", cwd=tmp_path / name)
        assert checked.returncode == 0, f"{name}: {checked.stdout[-4000:]}"
        formatted = ruff("format", "--check", "--diff", cwd=tmp_path / name)
        assert formatted.returncode == 0, f"{name}: {formatted.stdout[-4000:]}"


# Fields named like the types and helpers the classes use, each followed by a use of it.
SHADOWING = {
    "name": "shadowing",
    "resources": [
        {
            "name": "thing",
            "fields": [
                {"name": name, "type": kind}
                for name, kind in [
                    ("str", "string"),
                    ("int", "integer"),
                    ("float", "float"),
                    ("bool", "boolean"),
                    ("date", "date"),
                    ("datetime", "datetime"),
                    ("list", "decimal"),
                    ("sa", "uuid"),
                    ("mapped_column", "email"),
                    ("relationship", "text"),
                    ("label", "string"),
                    ("count", "integer"),
                    ("ratio", "float"),
                    ("done", "boolean"),
                    ("due", "date"),
                    ("seen_at", "datetime"),
                ]
            ],
            "relations": [
                {"name": "parent", "kind": "many_to_one", "target": "thing"},
                {"name": "tags", "kind": "many_to_many", "target": "tag"},
            ],
        },
        {"name": "tag", "fields": [{"name": "label", "type": "string", "unique": True}]},
    ],
}


def spec_named(name: str) -> ApiSpec:
    return ApiSpec.model_validate(SHADOWING) if name == "shadowing" else load_spec(name)


# Varied code: every field type, many-to-many links, a self-reference, names that shadow types.
MYPY_SPECS = ["all_types", "m2m_pair", "self_reference", "tricky_fields", "shadowing"]


def mypy(root: Path, cache: Path, *paths: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), *paths],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def library_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """mypy's cache of the libraries generated code imports: analysed once, a run takes seconds.

    Each run starts from a copy: projects share module names (`app.models`), and a cache
    shared between them may answer with another project's module.
    """
    root = tmp_path_factory.mktemp("mypy_libraries")
    files = render_project(load_spec("all_types")).files
    # The same options (a cache made with others is discarded): the project's configuration.
    (root / "pyproject.toml").write_text(files["pyproject.toml"])
    modules: set[str] = set()
    for path, text in files.items():
        if path.startswith(("app/", "tests/")) and path.endswith(".py"):
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, ast.Import):
                    modules |= {alias.name for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module:
                    modules.add(node.module)
    libraries = sorted(m for m in modules if m.split(".")[0] not in {"app", "tests"})
    (root / "libraries.py").write_text("".join(f"import {name}\n" for name in libraries))
    warmed = mypy(root, root / "cache", "libraries.py")
    assert warmed.returncode == 0, warmed.stdout[-4000:]
    return root / "cache"


@pytest.mark.parametrize("name", MYPY_SPECS)
def test_generated_code_passes_mypy_strict(name: str, tmp_path: Path, library_cache: Path) -> None:
    """With the project's own configuration (pyproject.toml: strict, the Pydantic plugin)."""
    root = write_files(render_project(spec_named(name)).files, tmp_path / "project")
    cache = shutil.copytree(library_cache, tmp_path / "cache")
    completed = mypy(root, cache, "app", "tests")
    assert completed.returncode == 0, f"{name}: {completed.stdout[-4000:]}{completed.stderr}"


def run_app(files: dict[str, str], root: Path, code: str, env: dict[str, str]) -> str:
    """Run `code` in the generated project (its app imported), return its output."""
    write_files(files, root)
    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        env={"PATH": "/usr/bin", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    return completed.stdout


UNREACHABLE = {"DATABASE_URL": "postgresql://nobody:nothing@127.0.0.1:1/none"}


def test_a_database_outage_is_a_clear_503_on_every_route(tmp_path: Path) -> None:
    code = (
        "import json; from fastapi.testclient import TestClient; from app.main import app\n"
        "client = TestClient(app)\n"
        "for method, path in [('GET', '/health'), ('GET', '/books'), ('GET', '/books/1'),"
        " ('DELETE', '/books/1')]:\n"
        "    r = client.request(method, path)\n"
        "    print(json.dumps([r.status_code, r.json()]))\n"
    )
    output = run_app(render_project(load_spec("library")).files, tmp_path, code, UNREACHABLE)
    answers = [json.loads(line) for line in output.splitlines()]
    assert answers == [[503, {"detail": "database unavailable"}]] * 4


def test_the_database_password_may_hold_any_character(tmp_path: Path) -> None:
    """docker-compose.yml passes the URL's parts; the app assembles (and escapes) them."""
    files = render_project(load_spec("notes")).files
    api = yaml.safe_load(files["docker-compose.yml"])["services"]["api"]["environment"]
    assert "DATABASE_URL" not in api and api["POSTGRES_SERVER"] == "db"
    password = "p@ss/w:rd%41#?"
    code = (
        "from sqlalchemy.engine import make_url; from app.core.config import settings\n"
        "url = make_url(settings.database_url)\n"
        "print(url.drivername, url.password, url.host, url.port, url.database, sep='|')\n"
    )
    env = {"POSTGRES_SERVER": "db", "POSTGRES_PASSWORD": password, "POSTGRES_DB": "app"}
    output = run_app(files, tmp_path, code, env)
    assert output.strip() == f"postgresql+psycopg|{password}|db|5432|app"


def test_the_body_limit_fits_every_valid_body(tmp_path: Path) -> None:
    """1 MiB by default; a spec allowing longer valid bodies gets a limit above them,
    the same number in the settings, compose, .env.example and the README."""
    assert env_example(render_project(load_spec("wide")).files)["MAX_BODY_BYTES"] == "1048576"
    spec = ApiSpec.model_validate(
        {
            "name": "essays",
            "resources": [
                {"name": "essay", "fields": [{"name": "body", "type": "text", "max_length": 10**6}]}
            ],
        }
    )
    files = render_project(spec).files
    limit = int(env_example(files)["MAX_BODY_BYTES"])
    assert limit >= 12 * 10**6 and limit % 2**20 == 0
    api = yaml.safe_load(files["docker-compose.yml"])["services"]["api"]["environment"]
    assert api["MAX_BODY_BYTES"] == f"${{MAX_BODY_BYTES:-{limit}}}"
    assert f"default {limit} bytes" in files["README.md"]
    # A valid body of 12 MB (a million escaped emoji) is read and goes on to the
    # database, which does not answer here: 503, not 413.
    code = (
        "import json; from fastapi.testclient import TestClient; from app.main import app\n"
        "from app.core.config import settings\n"
        "body = json.dumps({'body': '\\U0001f600' * 10**6}).encode()\n"
        "answer = TestClient(app).post('/essays', content=body, headers={'Content-Type':"
        " 'application/json'})\n"
        "print(settings.max_body_bytes, len(body), answer.status_code)\n"
    )
    output = run_app(files, tmp_path, code, UNREACHABLE)
    assert output.split() == [str(limit), "12000012", "503"]


def test_readme_lists_the_filters_the_api_serves() -> None:
    project = render_project(load_spec("all_types"))
    rows = [line for line in project.files["README.md"].splitlines() if line.startswith("| ")]
    documented = {
        cells[1].strip(): cells[4].replace("`", "").replace(" ", "").split(",")
        for cells in (row.split("|") for row in rows[2:])
        if cells[2].strip().startswith("`/")
    }
    for resource in project.spec.resources:
        listing = project.openapi["paths"][resource.path]["get"]["parameters"]
        served = [p["name"] for p in listing if p["name"] not in {"limit", "offset"}]
        assert documented[resource.name.replace("_", " ")] == served
    assert "\n\nA FastAPI + PostgreSQL service" not in project.files["README.md"]


MANY_TO_MANY_SPECS = [
    name
    for name in SPEC_NAMES
    if any(rel.kind == "many_to_many" for r in load_spec(name).resources for rel in r.relations)
]


@pytest.mark.parametrize("name", MANY_TO_MANY_SPECS)
def test_models_configure_without_warnings(name: str, tmp_path: Path) -> None:
    """Mirrored many-to-many links share their table through back_populates (no SAWarning)."""
    code = (
        "import warnings; warnings.simplefilter('error')\n"
        "from sqlalchemy.orm import configure_mappers; import app.models\n"
        "configure_mappers()\n"
    )
    run_app(render_project(load_spec(name)).files, tmp_path, code, UNREACHABLE)


MIGRATE = """
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from app.core.config import settings
config = Config("alembic.ini")
config.attributes["configure_logger"] = False
command.upgrade(config, "head")
command.check(config)  # raises when the models and the migrated schema differ
command.downgrade(config, "base")
engine = sa.create_engine(settings.database_url)
with engine.connect() as connection:
    print(sorted(sa.inspect(connection).get_table_names()))
engine.dispose()
command.upgrade(config, "head")
"""


@pytest.mark.skipif(not POSTGRES_URL, reason="APIGEN_TEST_POSTGRES_URL is not set")
@pytest.mark.parametrize("name", ["all_types", "m2m_pair", "self_reference", "cycle", "odd_values"])
def test_migration_matches_the_models_and_downgrades(name: str, tmp_path: Path) -> None:
    files = render_project(load_spec(name)).files
    with throwaway_database("apigen_mig") as url:
        output = run_app(files, tmp_path, MIGRATE, {"DATABASE_URL": url})
    checked, tables = output.strip().splitlines()
    assert checked == "No new upgrade operations detected."
    assert tables == "['alembic_version']"  # the downgrade dropped every table


@pytest.mark.skipif(not POSTGRES_URL, reason="APIGEN_TEST_POSTGRES_URL is not set")
def test_fields_named_like_types_keep_the_project_working(tmp_path: Path) -> None:
    """Its own test suite passes: the classes still read the types the fields' names hide."""
    project = write_files(render_project(spec_named("shadowing")).files, tmp_path)
    with throwaway_database("apigen_shadow") as url:
        result = run_generated_suite(project, url)
    assert result.returncode == 0, result.output[-4000:]
