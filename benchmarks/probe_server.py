"""A local HTTP server playing N OpenAI-compatible gateways, for health checks over real sockets.

Each gateway lives under ``/gwN/v1`` and answers like an OpenAI-compatible server
(``reference/PROVIDERS.md`` §1.2, §1.6-1.7): ``GET /models`` lists its models,
``POST /chat/completions`` streams ``chat.completion.chunk`` events (SSE) and
``POST /embeddings`` returns a vector. Every model request waits ``delay_s`` before the first
byte, on its own thread, so concurrent checks overlap as they would against a real provider::

    server = ProbeServer(gateways=10, models_per_gateway=20, delay_s=0.3)
    server.start()
    try:
        ...  # server.url(3) == "http://127.0.0.1:PORT/gw3/v1"
    finally:
        server.stop()

Any bearer key is accepted except one containing ``bad`` (401, OpenAI's body). Model ids in
``gone`` get OpenAI's 404 ``model_not_found``; ids in ``stall`` send one chunk and then nothing
until the client hangs up; ids in ``silent`` never send a byte.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_PATH = re.compile(r"^/gw(\d+)/v1(/.*)$")


class _Server(ThreadingHTTPServer):
    # Hundreds of checks connect at once; the default backlog of 5 would reset some.
    request_queue_size = 512
    daemon_threads = True


def _dump(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def model_ids(models_per_gateway: int) -> list[str]:
    """The chat model ids each gateway lists (the same on every gateway)."""
    return [f"chat-model-{i}" for i in range(models_per_gateway)]


class ProbeServer:
    """The gateways on 127.0.0.1 at a free port, served from a background thread.

    Attributes:
        delay_s: Seconds a model request waits before its first byte.
        gone: Model ids answered with 404 ``model_not_found``.
        stall: Model ids that send one chunk and then stall.
        silent: Model ids that never answer.
        model_requests: How many model requests (chat, embeddings) arrived.
        max_in_flight: The most model requests seen at once, per gateway.
    """

    def __init__(self, gateways: int = 1, models_per_gateway: int = 3, delay_s: float = 0.0):
        self.gateways = gateways
        self.models = model_ids(models_per_gateway)
        self.delay_s = delay_s
        self.gone: set[str] = set()
        self.stall: set[str] = set()
        self.silent: set[str] = set()
        self.model_requests = 0
        self.max_in_flight: dict[int, int] = {}
        self._in_flight: dict[int, int] = {}
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def url(self, gateway: int) -> str:
        """The base URL of gateway number ``gateway``."""
        assert self._server is not None, "start() first"
        return f"http://127.0.0.1:{self._server.server_address[1]}/gw{gateway}/v1"

    def start(self) -> None:
        """Listen on a free port."""
        self._server = _Server(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="probe-server", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving (stalled and silent answers end at once)."""
        self._closing.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _enter(self, gateway: int) -> None:
        with self._lock:
            self.model_requests += 1
            now = self._in_flight.get(gateway, 0) + 1
            self._in_flight[gateway] = now
            self.max_in_flight[gateway] = max(self.max_in_flight.get(gateway, 0), now)

    def _leave(self, gateway: int) -> None:
        with self._lock:
            self._in_flight[gateway] -= 1

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                """Stay quiet."""

            def do_GET(self) -> None:
                self._answer("GET", b"")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self._answer("POST", self.rfile.read(length) if length else b"")

            def _answer(self, method: str, body: bytes) -> None:
                match = _PATH.match(self.path.split("?", 1)[0])
                if match is None or int(match.group(1)) >= server.gateways:
                    self._send(404, {"error": {"message": "no such gateway"}})
                    return
                gateway, path = int(match.group(1)), match.group(2)
                if "bad" in self.headers.get("Authorization", "bad"):
                    self._send(
                        401,
                        {
                            "error": {
                                "message": "Incorrect API key provided.",
                                "type": "invalid_request_error",
                                "param": None,
                                "code": "invalid_api_key",
                            }
                        },
                    )
                    return
                if method == "GET" and path == "/models":
                    data = [
                        {"id": m, "object": "model", "created": 0, "owned_by": f"gw{gateway}"}
                        for m in server.models
                    ]
                    self._send(200, {"object": "list", "data": data})
                    return
                if method == "POST" and path in ("/chat/completions", "/embeddings"):
                    server._enter(gateway)
                    try:
                        self._model_call(path, json.loads(body or b"{}"))
                    finally:
                        server._leave(gateway)
                    return
                self._send(404, {"error": {"message": "Not found"}})

            def _model_call(self, path: str, request: dict[str, Any]) -> None:
                model = str(request.get("model", ""))
                if model in server.silent:
                    server._closing.wait(120)
                    return
                time.sleep(server.delay_s)
                if model in server.gone:
                    self._send(
                        404,
                        {
                            "error": {
                                "message": f"The model `{model}` does not exist.",
                                "type": "invalid_request_error",
                                "param": None,
                                "code": "model_not_found",
                            }
                        },
                    )
                    return
                if path == "/embeddings":
                    self._send(
                        200,
                        {
                            "object": "list",
                            "model": model,
                            "data": [{"object": "embedding", "index": 0, "embedding": [0.5] * 8}],
                            "usage": {"prompt_tokens": 1, "total_tokens": 1},
                        },
                    )
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True

                def event(delta: dict[str, Any]) -> bytes:
                    chunk = {
                        "id": "chatcmpl-bench",
                        "object": "chat.completion.chunk",
                        "created": 1733600000,
                        "model": model,
                        "choices": [{"index": 0, "delta": delta, "finish_reason": None}],
                    }
                    return b"data: " + _dump(chunk) + b"\n\n"

                try:
                    self.wfile.write(event({"role": "assistant", "content": ""}))
                    self.wfile.flush()
                    if model in server.stall:
                        server._closing.wait(120)
                        return
                    self.wfile.write(event({"content": "OK"}))
                    self.wfile.write(b"data: [DONE]\n\n")
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    return  # the check read what it needed and hung up

            def _send(self, status: int, value: Any) -> None:
                data = _dump(value)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    return

        return Handler


if __name__ == "__main__":  # pragma: no cover - manual use
    srv = ProbeServer(gateways=2, models_per_gateway=3, delay_s=0.3)
    srv.start()
    print(srv.url(0), srv.url(1))
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        srv.stop()
