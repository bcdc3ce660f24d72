"""A real HTTP server on 127.0.0.1 that plays an SMS/WhatsApp gateway for the outbox tests.

It behaves like the providers the ``json`` and ``form`` shapes are written for: ``POST /send`` with a bearer
token takes a message and answers with an id; a repeated ``Idempotency-Key`` gets the first answer again and is
not sent twice (when ``deduplicates``); ``GET /status/<id>`` reports delivery; ``GET /inbound?after=<cursor>``
hands over replies. The test scripts its answers: accept, reject (400), fail (503), time out (answer after the
client has given up), or hold (take the message, then wait to answer until the test releases it — so a worker can
be killed while the hand-over is in flight).
"""

from __future__ import annotations

import dataclasses
import json
import threading
import time
import urllib.parse
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "gateway-test-token"


@dataclasses.dataclass
class Received:
    """One POST as the gateway saw it."""

    key: str | None
    to: str
    text: str
    channel: str
    content_type: str
    answered: str  # accept, reject, fail, timeout, hold, duplicate
    provider_id: str | None


class Gateway:
    """Start with :meth:`start`, stop with :meth:`stop`; ``url`` is the base URL."""

    def __init__(self, *, deduplicates: bool = True, token: str = TOKEN) -> None:
        self.deduplicates = deduplicates
        self.token = token
        self.received: list[Received] = []
        self.script: deque[str] = deque()  # answers for the next POSTs; "accept" when empty
        self.default = "accept"
        self.timeout_seconds = 3.0
        self.statuses: dict[str, str] = {}  # provider id → status the status endpoint reports
        self.inbound: list[dict[str, str]] = []
        self.unauthorised = 0
        self.release = threading.Event()
        self.holding = threading.Event()  # set while a held request waits
        self._by_key: dict[str, str] = {}
        self._lock = threading.Lock()
        self._next = 1
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- the test's view ---

    @property
    def url(self) -> str:
        assert self._server is not None
        _host, port = self._server.server_address[:2]
        return f"http://127.0.0.1:{port}"

    def reset(self) -> None:
        """Forget everything seen (keys included): a fresh provider for the next example."""
        with self._lock:
            self.received.clear()
            self._by_key.clear()
            self.statuses.clear()
            self.inbound.clear()
            self.script.clear()

    def delivered(self) -> list[Received]:
        """Messages really sent on (first hand-overs that were accepted, or held and taken)."""
        with self._lock:
            return [item for item in self.received if item.answered in ("accept", "hold")]

    def provider_config(
        self, *, shape: str = "json", channels: tuple[str, ...] = ("sms", "whatsapp")
    ) -> dict[str, Any]:
        payload: dict[str, Any]
        if shape == "json":
            payload = {"to": "{to}", "text": "{body}", "channel": "{channel}", "reference": "{key}"}
        else:
            payload = {"To": "{to}", "Body": "{body}", "Channel": "{channel}", "Reference": "{key}"}
        return {
            "shape": shape,
            "channels": list(channels),
            "url": f"{self.url}/send",
            "auth": "bearer",
            "timeout_seconds": 1.0,
            "idempotency_header": "Idempotency-Key",
            "deduplicates": self.deduplicates,
            "payload": payload,
            "response_id": "message.id",
            "status": {"url": f"{self.url}/status/{{provider_id}}", "field": "status", "reason_field": "error"},
            "replies": {"url": f"{self.url}/inbound?after={{cursor}}", "list": "messages"},
        }

    # --- serving ---

    def start(self) -> Gateway:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                gateway._post(self)

            def do_GET(self) -> None:
                gateway._get(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="test-gateway", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _authorised(self, handler: BaseHTTPRequestHandler) -> bool:
        if handler.headers.get("Authorization") == f"Bearer {self.token}":
            return True
        with self._lock:
            self.unauthorised += 1
        _answer(handler, 401, {"error": "unauthorised"})
        return False

    def _post(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length", "0"))
        raw = handler.rfile.read(length)
        if not self._authorised(handler):
            return
        content_type = handler.headers.get("Content-Type", "")
        if content_type.startswith("application/json"):
            body = json.loads(raw.decode())
            to, text, channel = body["to"], body["text"], body["channel"]
        else:
            form = {key: values[0] for key, values in urllib.parse.parse_qs(raw.decode()).items()}
            to, text, channel = form["To"], form["Body"], form["Channel"]
        key = handler.headers.get("Idempotency-Key")
        with self._lock:
            if self.deduplicates and key is not None and key in self._by_key:
                provider_id = self._by_key[key]
                self.received.append(Received(key, to, text, channel, content_type, "duplicate", provider_id))
                answer = "duplicate"
            else:
                answer = self.script.popleft() if self.script else self.default
                provider_id = None
                if answer in ("accept", "hold"):
                    provider_id = f"gw-{self._next}"
                    self._next += 1
                    if key is not None:
                        self._by_key[key] = provider_id
                    self.statuses.setdefault(provider_id, "sent")
                self.received.append(Received(key, to, text, channel, content_type, answer, provider_id))
        if answer in ("accept", "duplicate"):
            _answer(handler, 200, {"message": {"id": provider_id, "status": "accepted"}})
        elif answer == "hold":
            self.holding.set()
            self.release.wait(timeout=60)
            _answer(handler, 200, {"message": {"id": provider_id, "status": "accepted"}})
        elif answer == "reject":
            _answer(handler, 400, {"error": f"invalid destination {to}"})
        elif answer == "fail":
            _answer(handler, 503, {"error": "temporarily unavailable"})
        elif answer == "timeout":
            time.sleep(self.timeout_seconds)
            _answer(handler, 200, {"message": {"id": "too-late", "status": "accepted"}})

    def _get(self, handler: BaseHTTPRequestHandler) -> None:
        if not self._authorised(handler):
            return
        path, _, query = handler.path.partition("?")
        if path.startswith("/status/"):
            provider_id = urllib.parse.unquote(path.removeprefix("/status/"))
            with self._lock:
                status = self.statuses.get(provider_id)
            if status is None:
                _answer(handler, 404, {"error": "unknown"})
            else:
                _answer(handler, 200, {"id": provider_id, "status": status, "error": "absent subscriber"})
            return
        if path == "/inbound":
            after = urllib.parse.parse_qs(query).get("after", [""])[0]
            with self._lock:
                ids = [item["id"] for item in self.inbound]
                start = ids.index(after) + 1 if after in ids else 0
                _answer(handler, 200, {"messages": self.inbound[start:]})
            return
        _answer(handler, 404, {"error": "no such path"})


def _answer(handler: BaseHTTPRequestHandler, code: int, data: dict[str, Any]) -> None:
    body = json.dumps(data).encode()
    try:
        handler.send_response(code)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the client gave up (a timeout on its side, or it was killed)
