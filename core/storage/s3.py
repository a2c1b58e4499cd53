"""Objects in an S3-compatible store (AWS S3, MinIO, Ceph) through boto3.

Credentials come from boto3's usual sources (``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``,
a profile, an instance role); the endpoint, bucket and region from the settings.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from core.errors import BadRequest, NotFound
from core.settings import Settings
from core.storage.base import check_key

_MISSING = {"NoSuchKey", "404", "NotFound", "NoSuchBucket"}


def s3_client(settings: Settings) -> Any:
    """A boto3 S3 client for the configured endpoint (path-style, which every clone supports)."""
    return boto3.client(
        "s3",
        endpoint_url=settings.s3_endpoint_url or None,
        region_name=settings.s3_region,
        config=Config(
            s3={"addressing_style": "path"},
            retries={"max_attempts": 3, "mode": "standard"},
            connect_timeout=10,
            read_timeout=60,
        ),
    )


def _missing(exc: ClientError) -> bool:
    return str(exc.response.get("Error", {}).get("Code")) in _MISSING


class S3Store:
    """Each key is an object in ``bucket``."""

    def __init__(self, bucket: str, client: Any) -> None:
        self.bucket = bucket
        self.client = client

    def put(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=check_key(key), Body=data)

    def get(self, key: str) -> bytes:
        try:
            reply = self.client.get_object(Bucket=self.bucket, Key=check_key(key))
        except ClientError as exc:
            if _missing(exc):
                raise NotFound("stored object not found") from None
            raise
        body: bytes = reply["Body"].read()
        return body

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=check_key(key))

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=check_key(key))
        except ClientError as exc:
            if _missing(exc):
                return False
            raise
        return True


def parse_s3_uri(uri: str) -> tuple[str, str]:
    """``(bucket, key)`` of ``s3://bucket/key``; ``BadRequest`` for anything else."""
    parsed = urlparse(uri)
    key = parsed.path.lstrip("/")
    if parsed.scheme != "s3" or not parsed.netloc or not key:
        raise BadRequest("s3_uri must look like s3://bucket/key")
    return parsed.netloc, key


def fetch_s3_uri(uri: str, settings: Settings, *, max_bytes: int) -> bytes:
    """The object at ``uri`` (a batch source) through the configured endpoint.

    The bucket that holds this service's own stored documents is refused: it holds every
    account's files, and a source must never reach another account's data.
    """
    bucket, key = parse_s3_uri(uri)
    if settings.s3_bucket and bucket == settings.s3_bucket:
        raise BadRequest("s3_uri may not point into this service's storage bucket")
    client = s3_client(settings)
    try:
        head = client.head_object(Bucket=bucket, Key=key)
        if int(head.get("ContentLength", 0)) > max_bytes:
            raise BadRequest(f"the object at s3_uri is larger than the limit of {max_bytes} bytes")
        body: bytes = client.get_object(Bucket=bucket, Key=key)["Body"].read()
    except ClientError as exc:
        if _missing(exc):
            raise BadRequest("s3_uri: no such object") from None
        raise BadRequest("s3_uri could not be read") from None
    return body
