"""An in-process stand-in for the Google Ads API: GoogleAdsService.SearchStream (v26) over TLS
with a self-signed certificate, so the real GoogleAdsClient (interceptors, metadata, error
parsing) runs unmodified. No test reaches the internet.

The stand-in holds per-customer "truth" rows for each report, answers a GAQL query by its FROM
resource and its `segments.date BETWEEN` range, streams the rows in batches, records the
metadata it received, and can be scripted to fail a call (optionally after some batches) the
way Google does: a status plus trailing metadata with a serialised GoogleAdsFailure and the
request id.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import threading
import uuid
from collections import defaultdict
from collections.abc import Iterator
from concurrent import futures
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from google.ads.googleads.client import GoogleAdsClient
from google.ads.googleads.v26.errors.types.errors import (
    ErrorCode,
    GoogleAdsError,
    GoogleAdsFailure,
)
from google.ads.googleads.v26.services.types.google_ads_service import (
    GoogleAdsRow,
    SearchGoogleAdsStreamRequest,
    SearchGoogleAdsStreamResponse,
)
from google.oauth2.credentials import Credentials
from google.protobuf.field_mask_pb2 import FieldMask

SERVICE = "google.ads.googleads.v26.services.GoogleAdsService"
FAILURE_KEY = "google.ads.googleads.v26.errors.googleadsfailure-bin"
ACCESS_TOKEN = "ya29.test-access-token"
DEVELOPER_TOKEN = "test-developer-token"
LOGIN_CUSTOMER_ID = "9990001111"


@dataclass(frozen=True)
class Tls:
    key_pem: bytes
    cert_pem: bytes
    cert_path: Path


def make_certificate(folder: Path) -> Tls:
    """A self-signed CA certificate for localhost / 127.0.0.1."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path = folder / "localhost.pem"
    path.write_bytes(cert_pem)
    return Tls(key_pem, cert_pem, path)


@dataclass(frozen=True)
class Fail:
    """How one call fails: `after_batches` batches are streamed first (a broken stream)."""

    code: grpc.StatusCode
    message: str
    error: tuple[str, str] | None = None  # (ErrorCode field, enum name), e.g. quota_error
    after_batches: int = 0
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex[:22])


def quota_exhausted() -> Fail:
    return Fail(
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        "Too many requests. Retry in 1 seconds.",
        ("quota_error", "RESOURCE_TEMPORARILY_EXHAUSTED"),
    )


def unavailable(after_batches: int = 0) -> Fail:
    return Fail(
        grpc.StatusCode.UNAVAILABLE,
        "The service is currently unavailable.",
        after_batches=after_batches,
    )


@dataclass(frozen=True)
class Call:
    customer_id: str
    kind: str
    query: str
    metadata: dict[str, str]


_FROM = re.compile(r"\bFROM\s+(\w+)", re.IGNORECASE)
_BETWEEN = re.compile(r"segments\.date\s+BETWEEN\s+'([\d-]+)'\s+AND\s+'([\d-]+)'", re.IGNORECASE)
_SELECT = re.compile(r"SELECT\s+(.*?)\s+FROM", re.IGNORECASE | re.DOTALL)
_KINDS = {
    ("customer", False): "customers",
    ("campaign", False): "campaigns",
    ("ad_group", False): "ad_groups",
    ("ad_group_ad", False): "ads",
    ("campaign", True): "campaign_daily",
    ("ad_group", True): "ad_group_daily",
    ("ad_group_ad", True): "ad_daily",
    ("age_range_view", True): "age_range_daily",
    ("gender_view", True): "gender_daily",
}


def query_kind(query: str) -> str:
    found = _FROM.search(query)
    resource = found.group(1) if found else ""
    return _KINDS.get((resource, "segments.date" in query), f"unknown:{resource}")


class FakeGoogleAds:
    """The stand-in's state: rows per (customer, report kind), scripted failures, calls seen."""

    def __init__(self, batch_size: int = 2) -> None:
        self.batch_size = batch_size
        self.rows: dict[tuple[str, str], list[GoogleAdsRow]] = defaultdict(list)
        self.failures: dict[tuple[str, str], list[Fail]] = defaultdict(list)
        self.calls: list[Call] = []
        self.port = 0
        self._lock = threading.Lock()

    def set_rows(self, customer_id: str, kind: str, rows: list[GoogleAdsRow]) -> None:
        """Replace the truth for one report (a restatement on the platform's side)."""
        self.rows[(customer_id, kind)] = list(rows)

    def add_rows(self, customer_id: str, kind: str, rows: list[GoogleAdsRow]) -> None:
        self.rows[(customer_id, kind)].extend(rows)

    def fail_next(self, customer_id: str, kind: str, *failures: Fail) -> None:
        """The next len(failures) calls for this customer and report fail, in order."""
        self.failures[(customer_id, kind)].extend(failures)

    def calls_for(self, kind: str) -> list[Call]:
        return [c for c in self.calls if c.kind == kind]

    def search_stream(
        self, request: SearchGoogleAdsStreamRequest, context: grpc.ServicerContext
    ) -> Iterator[SearchGoogleAdsStreamResponse]:
        kind = query_kind(request.query)
        metadata = {k: v for k, v in context.invocation_metadata() if isinstance(v, str)}
        with self._lock:
            self.calls.append(Call(request.customer_id, kind, request.query, metadata))
            pending = self.failures[(request.customer_id, kind)]
            failure = pending.pop(0) if pending else None
        if kind.startswith("unknown"):
            yield from self._abort(
                context,
                Fail(
                    grpc.StatusCode.INVALID_ARGUMENT,
                    "unsupported resource",
                    ("query_error", "PROHIBITED_RESOURCE_TYPE_IN_FROM_CLAUSE"),
                ),
            )
        rows = self._matching(request.customer_id, kind, request.query)
        request_id = failure.request_id if failure else uuid.uuid4().hex[:22]
        mask = FieldMask(paths=self._selected(request.query))
        batches = [rows[i : i + self.batch_size] for i in range(0, len(rows), self.batch_size)]
        for index, batch in enumerate(batches or [[]]):  # an empty result is one empty batch
            if failure and index >= failure.after_batches:
                break
            yield SearchGoogleAdsStreamResponse(
                results=batch, request_id=request_id, field_mask=mask
            )
        if failure:
            yield from self._abort(context, failure)

    def _abort(self, context: grpc.ServicerContext, failure: Fail) -> Iterator[Any]:
        trailing: list[tuple[str, str | bytes]] = [("request-id", failure.request_id)]
        if failure.error:
            kind, value = failure.error
            payload = GoogleAdsFailure(
                errors=[
                    GoogleAdsError(error_code=ErrorCode({kind: value}), message=failure.message)
                ],
                request_id=failure.request_id,
            )
            trailing.insert(0, (FAILURE_KEY, GoogleAdsFailure.serialize(payload)))
        context.set_trailing_metadata(tuple(trailing))
        context.abort(failure.code, failure.message)
        yield from ()  # unreachable: abort raises

    def _matching(self, customer_id: str, kind: str, query: str) -> list[GoogleAdsRow]:
        rows = self.rows.get((customer_id, kind), [])
        found = _BETWEEN.search(query)
        if not found:
            return list(rows)
        since, until = found.group(1), found.group(2)
        return [r for r in rows if since <= r.segments.date <= until]

    @staticmethod
    def _selected(query: str) -> list[str]:
        found = _SELECT.search(query)
        fields = found.group(1).split(",") if found else []
        return [f.strip() for f in fields if f.strip()]


def start_server(fake: FakeGoogleAds, tls: Tls) -> grpc.Server:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    handler = grpc.method_handlers_generic_handler(
        SERVICE,
        {
            "SearchStream": grpc.unary_stream_rpc_method_handler(
                fake.search_stream,
                request_deserializer=SearchGoogleAdsStreamRequest.deserialize,
                response_serializer=SearchGoogleAdsStreamResponse.serialize,
            )
        },
    )
    server.add_generic_rpc_handlers((handler,))
    credentials = grpc.ssl_server_credentials([(tls.key_pem, tls.cert_pem)])
    fake.port = server.add_secure_port("localhost:0", credentials)
    server.start()
    return server


def client_for(port: int, *, token: str = ACCESS_TOKEN) -> GoogleAdsClient:
    """The real client, built with a ready access token: load_from_dict would refresh the OAuth
    token over the network at construction."""
    return GoogleAdsClient(
        credentials=Credentials(token=token),
        developer_token=DEVELOPER_TOKEN,
        endpoint=f"localhost:{port}",
        login_customer_id=LOGIN_CUSTOMER_ID,
        use_proto_plus=True,
        version="v26",
    )


@pytest.fixture(scope="session")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tls]:
    """One certificate per session: gRPC reads GRPC_DEFAULT_SSL_ROOTS_FILE_PATH once per
    process, before its first secure channel, so a later certificate would not be trusted."""
    material = make_certificate(tmp_path_factory.mktemp("tls"))
    patch = pytest.MonkeyPatch()
    patch.setenv("GRPC_DEFAULT_SSL_ROOTS_FILE_PATH", str(material.cert_path))
    yield material
    patch.undo()


@pytest.fixture
def fake_ads(tls: Tls) -> Iterator[FakeGoogleAds]:
    fake = FakeGoogleAds()
    server = start_server(fake, tls)
    try:
        yield fake
    finally:
        server.stop(grace=None)
