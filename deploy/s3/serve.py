"""The stack's stand-in S3 store: moto's server, with the Cloud's bucket created at start.

The bucket is made here, by the store, not by the Cloud: with a real S3 the bucket
is infrastructure set up beforehand, and the Cloud's credentials need no right to
create one. moto keeps everything in memory, so a restarted store makes it again;
the container's health check is "the bucket exists", which the Cloud's services
wait for.
"""

from __future__ import annotations

import os
import signal
import threading

import boto3
from moto.server import ThreadedMotoServer

PORT = 5000


def main() -> None:
    bucket = os.environ["APIGEN_S3_BUCKET"]
    region = os.environ.get("APIGEN_S3_REGION") or "us-east-1"
    server = ThreadedMotoServer(ip_address="0.0.0.0", port=PORT)
    server.start()
    client = boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{PORT}",
        region_name=region,
        aws_access_key_id="stand-in",  # moto checks no credentials
        aws_secret_access_key="stand-in",
    )
    # us-east-1 is S3's default location and must not be named.
    where = (
        {}
        if region == "us-east-1"
        else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    )
    client.create_bucket(Bucket=bucket, **where)
    print(f"S3 stand-in on port {PORT}, bucket {bucket!r} ready", flush=True)

    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    stopping.wait()
    server.stop()


if __name__ == "__main__":
    main()
