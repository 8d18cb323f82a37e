"""A scripted OpenAI-compatible chat server on loopback.

No language model is reachable here, so end-to-end tests that need the LLM code
path (or a job slow enough to interrupt) point the Cloud at this server. It
answers every chat completion by calling the request's output tool with a
fixed JSON document, after an optional delay.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# The answer for a request (its JSON body): the arguments of the output tool.
Answer = Callable[[dict[str, Any]], dict[str, Any]]


class ScriptedLlm:
    def __init__(self, answer: Answer, delay_seconds: float = 0.0) -> None:
        self.answer = answer
        self.delay_seconds = delay_seconds
        self.requests: list[dict[str, Any]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def cloud_env(self) -> dict[str, str]:
        """The Cloud's settings that make it use this server as its model."""
        return {
            "APIGEN_LLM_PROVIDER": "openai",
            "APIGEN_LLM_MODEL": "scripted",
            "APIGEN_LLM_BASE_URL": self.base_url,
        }

    def __enter__(self) -> ScriptedLlm:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _reply(self, request: dict[str, Any]) -> dict[str, Any]:
        self.requests.append(request)
        time.sleep(self.delay_seconds)
        answer = self.answer(request)
        tools = request.get("tools") or []
        if tools:
            name = tools[0]["function"]["name"]
            message: dict[str, Any] = {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": f"call_{len(self.requests)}",
                        "type": "function",
                        "function": {"name": name, "arguments": json.dumps(answer)},
                    }
                ],
            }
            finish = "tool_calls"
        else:
            message = {"role": "assistant", "content": json.dumps(answer)}
            finish = "stop"
        return {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.get("model", "scripted"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        scripted = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = scripted._reply(json.loads(self.rfile.read(length) or b"{}"))
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_: Any) -> None:
                return

        return Handler
