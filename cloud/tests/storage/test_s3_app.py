"""The Cloud with its ZIPs in S3 (moto on loopback): generate, download, delete,
and what users see when the store fails."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# The API tests' helpers (cloud/tests is on sys.path through its conftest).
from api.api_support import PROMPT, generate, register, wait_settled

from apigen_cloud.core.config import Settings
from apigen_cloud.generator.interfaces import read_zip
from apigen_cloud.services.jobs import INTERNAL_ERROR


def keys_in(s3_client: Any, bucket: str) -> list[str]:
    listing = s3_client.list_objects_v2(Bucket=bucket)
    return [item["Key"] for item in listing.get("Contents", [])]


async def test_generate_download_delete(
    s3_settings: Settings, start_app: Callable[..., Any], s3_client: Any, bucket: str
) -> None:
    async with start_app(s3_settings) as client:
        headers = await register(client)
        project = await generate(client, headers)
        assert project["status"] == "ready", project
        project_id = str(project["id"])
        [key] = keys_in(s3_client, bucket)
        assert key.startswith(f"{project_id}/1-")

        response = await client.get(f"/projects/{project_id}/download", headers=headers)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/zip"
        stored = s3_client.get_object(Bucket=bucket, Key=key)["Body"].read()
        assert response.content == stored
        assert "docker-compose.yml" in read_zip(response.content)

        response = await client.delete(f"/projects/{project_id}", headers=headers)
        assert response.status_code == 204, response.text
        assert keys_in(s3_client, bucket) == []


async def test_store_failures_are_clean_answers(
    s3_settings: Settings, start_app: Callable[..., Any], s3_client: Any, bucket: str
) -> None:
    async with start_app(s3_settings) as client:
        headers = await register(client)
        project = await generate(client, headers)
        project_id = str(project["id"])
        # The store breaks: its bucket disappears.
        [key] = keys_in(s3_client, bucket)
        s3_client.delete_object(Bucket=bucket, Key=key)
        s3_client.delete_bucket(Bucket=bucket)

        response = await client.get(f"/projects/{project_id}/download", headers=headers)
        assert response.status_code == 503, response.text
        assert response.json() == {
            "detail": "The file store is unavailable right now; try the download again later"
        }

        # A generation cannot store its ZIP: the project fails with a plain message.
        response = await client.post(
            "/generate-from-prompt", json={"prompt": PROMPT}, headers=headers
        )
        assert response.status_code == 202, response.text
        failed = await wait_settled(client, headers, response.json()["project_id"])
        assert failed["status"] == "failed"
        assert failed["error"] == INTERNAL_ERROR

        # Deleting still deletes (the file, if any, is only logged as left behind).
        response = await client.delete(f"/projects/{project_id}", headers=headers)
        assert response.status_code == 204, response.text
        response = await client.get(f"/projects/{project_id}", headers=headers)
        assert response.status_code == 404
