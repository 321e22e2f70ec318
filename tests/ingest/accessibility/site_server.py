"""A local HTTP site for crawler and audit tests: serves fixed pages on 127.0.0.1 in a thread
and records every request (monotonic time, path, Host header)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Response:
    body: bytes | str
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Hit:
    at: float  # time.monotonic() when the request arrived
    path: str
    host: str


@dataclass
class SiteServer:
    pages: dict[str, Response]
    hits: list[Hit] = field(default_factory=list)

    def __post_init__(self) -> None:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                path = urlsplit(self.path).path
                site.hits.append(Hit(time.monotonic(), path, self.headers.get("Host", "")))
                response = site.pages.get(path, Response("not found", 404, "text/plain"))
                body = response.body.encode() if isinstance(response.body, str) else response.body
                self.send_response(response.status)
                self.send_header("Content-Type", response.content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in response.headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def other_host(self) -> str:
        """The same server under another host name: a crawler that fetched it would show up
        in the log with Host: localhost."""
        return f"http://localhost:{self.port}"

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def paths(self, host_prefix: str = "127.0.0.1") -> list[str]:
        return [h.path for h in self.hits if h.host.startswith(host_prefix)]
