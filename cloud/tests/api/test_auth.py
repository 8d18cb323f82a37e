"""Accounts and tokens: register, login (JSON and OAuth2 form), /me, every way a token fails."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import jwt
import pytest
from pydantic import SecretStr

from api_support import PASSWORD, register
from apigen_cloud.core.config import Settings
from apigen_cloud.core.security import SECRET_FILE_NAME, load_jwt_secret


def _secret(settings: Settings) -> str:
    return (settings.data_dir / SECRET_FILE_NAME).read_text().strip()


async def test_register_login_me(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/auth/register", json={"email": "Ada@Example.com", "password": PASSWORD}
    )
    assert response.status_code == 201
    created = response.json()
    assert created["email"] == "ada@example.com"
    # Exactly the documented pattern: no blanks around the address.
    response = await client.post(
        "/auth/register", json={"email": " bob@example.com", "password": PASSWORD}
    )
    assert response.status_code == 422
    assert "password" not in response.text and "hash" not in response.text

    response = await client.post(
        "/auth/login", json={"email": "ada@example.com", "password": PASSWORD}
    )
    assert response.status_code == 200
    token = response.json()
    assert token["token_type"] == "bearer"
    assert token["expires_in"] == 24 * 60 * 60

    response = await client.get(
        "/auth/me", headers={"Authorization": f"Bearer {token['access_token']}"}
    )
    assert response.status_code == 200
    assert response.json()["id"] == created["id"]


async def test_token_claims_and_persistent_secret(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    headers = await register(client)
    token = headers["Authorization"].removeprefix("Bearer ")
    secret = _secret(settings)
    assert len(secret) >= 32
    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    claims = jwt.decode(token, secret, algorithms=["HS256"])
    assert {"sub", "exp", "iat"} <= claims.keys()
    uuid.UUID(claims["sub"])


async def test_secret_survives_restart(settings: Settings, start_app) -> None:  # type: ignore[no-untyped-def]
    async with start_app(settings) as client:
        headers = await register(client)
    async with start_app(settings) as client:
        assert (await client.get("/auth/me", headers=headers)).status_code == 200


def test_processes_starting_together_share_one_secret(tmp_path: Path) -> None:
    """Replicas on one data dir start at once: each gets the same, whole secret."""
    settings = Settings(data_dir=tmp_path / "data")
    start = threading.Barrier(16)

    def load() -> str:
        start.wait()
        return load_jwt_secret(settings)

    with ThreadPoolExecutor(16) as pool:
        loaded = set(pool.map(lambda _: load(), range(16)))
    assert loaded == {_secret(settings)}
    assert len(loaded.pop()) >= 32
    assert [path.name for path in settings.data_dir.iterdir()] == [SECRET_FILE_NAME]


async def test_configured_secret_is_used(settings: Settings, start_app) -> None:  # type: ignore[no-untyped-def]
    configured = settings.model_copy(update={"jwt_secret": SecretStr("x" * 40)})
    async with start_app(configured) as client:
        headers = await register(client)
    token = headers["Authorization"].removeprefix("Bearer ")
    assert jwt.decode(token, "x" * 40, algorithms=["HS256"])["sub"]
    assert not (settings.data_dir / SECRET_FILE_NAME).exists()


async def test_oauth2_password_form_login(client: httpx.AsyncClient) -> None:
    headers = await register(client, "form@example.com")
    assert headers
    response = await client.post(
        "/auth/login",
        data={"grant_type": "password", "username": "form@example.com", "password": PASSWORD},
    )
    assert response.status_code == 200, response.text
    assert response.json()["token_type"] == "bearer"
    spec = (await client.get("http://testserver/openapi.json")).json()
    flows = spec["components"]["securitySchemes"]["OAuth2PasswordBearer"]["flows"]
    assert flows["password"]["tokenUrl"] == "/api/v1/auth/login"
    content = spec["paths"]["/api/v1/auth/login"]["post"]["requestBody"]["content"]
    assert {"application/json", "application/x-www-form-urlencoded"} <= content.keys()


async def test_duplicate_email_is_409(client: httpx.AsyncClient) -> None:
    await register(client, "twice@example.com")
    response = await client.post(
        "/auth/register", json={"email": "TWICE@example.com", "password": PASSWORD}
    )
    assert response.status_code == 409
    assert response.json() == {"detail": "An account with this email already exists"}


@pytest.mark.parametrize(
    "body",
    [
        {"email": "not-an-email", "password": PASSWORD},
        {"email": "a@example.com", "password": "short"},
        {"email": "a@example.com", "password": "x" * 129},
        {"email": "a@example.com"},
        {"password": PASSWORD},
        {"email": 5, "password": PASSWORD},
        {"email": "a@example.com", "password": PASSWORD, "admin": True},
        [],
    ],
)
async def test_register_rejects_bad_bodies(client: httpx.AsyncClient, body: object) -> None:
    response = await client.post("/auth/register", json=body)
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], list)
    # Nothing stored: the address is still free.
    response = await client.post(
        "/auth/register", json={"email": "a@example.com", "password": PASSWORD}
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b"{not json", "application/json", 422),
        (b'{"email": "a@example.com"}', "application/json", 422),
        (b"username=a%40example.com", "application/x-www-form-urlencoded", 422),
        (b"<login/>", "application/xml", 415),
    ],
)
async def test_login_rejects_bad_bodies(
    client: httpx.AsyncClient, content: bytes, content_type: str, status: int
) -> None:
    response = await client.post(
        "/auth/login", content=content, headers={"Content-Type": content_type}
    )
    assert response.status_code == status, response.text
    assert "detail" in response.json()


async def test_wrong_password_and_unknown_account_are_401(client: httpx.AsyncClient) -> None:
    await register(client, "known@example.com")
    for email in ("known@example.com", "unknown@example.com"):
        response = await client.post(
            "/auth/login", json={"email": email, "password": "wrong password"}
        )
        assert response.status_code == 401
        assert response.json() == {"detail": "Incorrect email or password"}
        assert response.headers["WWW-Authenticate"] == "Bearer"


async def test_login_failures_are_rate_limited(client: httpx.AsyncClient) -> None:
    await register(client, "target@example.com")
    wrong = {"email": "target@example.com", "password": "wrong password"}
    for _ in range(5):  # settings.login_max_failures
        assert (await client.post("/auth/login", json=wrong)).status_code == 401
    response = await client.post("/auth/login", json=wrong)
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 300
    # Locked even with the right password, for this account from this address...
    right = {"email": "target@example.com", "password": PASSWORD}
    assert (await client.post("/auth/login", json=right)).status_code == 429
    # ...but not for another account.
    await register(client, "other@example.com")


def _forge(claims: dict[str, object], key: str, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, key, algorithm=algorithm)


async def test_token_failures_are_401(client: httpx.AsyncClient, settings: Settings) -> None:
    headers = await register(client)
    token = headers["Authorization"].removeprefix("Bearer ")
    secret = _secret(settings)
    sub = jwt.decode(token, secret, algorithms=["HS256"])["sub"]
    now = datetime.now(UTC)
    valid = {"sub": sub, "iat": now, "exp": now + timedelta(hours=1)}
    past = {"iat": now - timedelta(hours=2), "exp": now - timedelta(hours=1)}
    header, payload, signature = token.split(".")
    unsigned = jwt.encode(valid, None, algorithm="none")  # type: ignore[arg-type]
    cases = {
        "missing": None,
        "empty bearer": "Bearer ",
        "wrong scheme": f"Basic {token}",
        "malformed": "Bearer not.a.jwt",
        "garbage": "Bearer abc",
        "tampered payload": f"Bearer {header}.{payload[:-2]}xx.{signature}",
        "tampered signature": f"Bearer {header}.{payload}.{signature[::-1]}",
        "expired": "Bearer " + _forge(valid | past, secret),
        "alg none": f"Bearer {unsigned}",
        "wrong alg": "Bearer " + _forge(valid, secret, "HS512"),
        "other secret": "Bearer " + _forge(valid, "y" * 40),
        "no exp": "Bearer " + _forge({"sub": sub, "iat": now}, secret),
        "non-uuid sub": "Bearer " + _forge(valid | {"sub": "admin"}, secret),
        "unknown user": "Bearer " + _forge(valid | {"sub": str(uuid.uuid4())}, secret),
    }
    assert (await client.get("/auth/me", headers=headers)).status_code == 200
    for name, value in cases.items():
        sent = {"Authorization": value} if value is not None else {}
        response = await client.get("/auth/me", headers=sent)
        assert response.status_code == 401, name
        assert response.headers["WWW-Authenticate"] == "Bearer", name
        assert isinstance(response.json()["detail"], str), name


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/auth/me"),
        ("POST", "/generate-from-prompt"),
        ("GET", "/projects"),
        ("GET", "/projects/{id}"),
        ("GET", "/projects/{id}/status"),
        ("GET", "/projects/{id}/download"),
        ("POST", "/projects/{id}/verify-report"),
        ("POST", "/projects/{id}/fix"),
        ("DELETE", "/projects/{id}"),
    ],
)
async def test_every_project_route_needs_a_token(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    response = await client.request(method, path.format(id=uuid.uuid4()), json={})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


async def test_health_needs_no_token(client: httpx.AsyncClient) -> None:
    assert (await client.get("/health")).json() == {"status": "ok", "database": "ok"}
    assert (await client.get("http://testserver/health")).status_code == 200


async def test_login_body_that_is_not_utf8_is_422(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/auth/login", content=b"\xc8\x9f=\xff{", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body"]
