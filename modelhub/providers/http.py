"""The one safe way adapters talk HTTP: capped bodies, no redirects, scrubbed error text.

Every adapter request goes through :func:`request_json`. It

* never follows a redirect (a key must not travel to an address the admin did not type),
* streams the body and stops reading past a byte cap, so a 50 MB reply cannot exhaust memory,
* turns network trouble, 5xx answers, redirects, oversize and non-JSON 2xx bodies into a
  :class:`~modelhub.providers.base.ProviderCallError` carrying a classified
  :class:`~modelhub.domain.models.ValidationResult`, and
* extracts the provider's own error text for 4xx answers with every key-looking string masked.

Keys travel only in the ``Authorization`` header; nothing here puts them in URLs, messages,
exceptions or logs.
"""

from __future__ import annotations

import re
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from modelhub.domain.errors import InvalidInputError
from modelhub.domain.models import ValidationResult, ValidationStatus
from modelhub.providers import cooperative
from modelhub.providers.base import ProviderCallError, normalize_base_url

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping

    import httpx


def user_agent() -> str:
    """The User-Agent sent on every request (``ModelHub/<version>``)."""
    import modelhub

    return f"ModelHub/{modelhub.__version__}"


#: About 5 s to connect, 30 s between bytes (PROVIDERS.md §5.2): connect, read, write, pool.
TIMEOUT_SECONDS = {"connect": 5.0, "read": 30.0, "write": 30.0, "pool": 5.0}
#: Cap for model lists (OpenRouter's full list is a few MB).
MAX_LIST_BYTES = 20 * 1024 * 1024
#: Cap for key checks and error bodies.
MAX_CHECK_BYTES = 2 * 1024 * 1024
#: Longest provider error text kept in a message.
MAX_PROVIDER_TEXT = 300

_MASK = "***"
#: Substrings of the key this long or longer are masked wherever they appear.
_MIN_KEY_FRAGMENT = 8
_GENERIC_SECRET_PATTERNS = (
    re.compile(r"(?i)\bbearer\s+[^\s\"',;]+"),
    re.compile(r"\bsk-[A-Za-z0-9_\-*.…]+"),
    re.compile(r"\bjina_[A-Za-z0-9_\-*.…]+"),
    # Long opaque tokens (keys of unknown shape); request ids are far shorter.
    re.compile(r"\b[A-Za-z0-9_\-]{40,}\b"),
)


def make_http_client(transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    """The application's shared HTTP client for provider calls.

    Args:
        transport: A transport to use instead of the network (tests pass a mock one).

    Returns:
        A client with ModelHub's timeouts, connection limits and User-Agent that never
        follows redirects.
    """
    import httpx

    return httpx.AsyncClient(
        transport=transport,
        timeout=httpx.Timeout(**TIMEOUT_SECONDS),
        limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
        follow_redirects=False,
        headers={"User-Agent": user_agent()},
    )


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """Mask anything in ``text`` that could be a key.

    Masks every fragment of 8 or more characters of each secret in ``secrets``, then generic
    key shapes (``Bearer …``, ``sk-…``, ``jina_…``, long opaque tokens). Providers echo
    partially masked keys in their errors (OpenAI: ``sk-VKMIs****wjh3``), so this errs on the
    side of masking too much.

    Args:
        text: Text that came from outside (a provider's error message, a key label).
        secrets: The keys in play.

    Returns:
        ``text`` with every suspected key fragment replaced by ``***``.
    """
    for secret in secrets:
        if secret:
            text = _mask_fragments(text, secret)
    for pattern in _GENERIC_SECRET_PATTERNS:
        text = pattern.sub(
            lambda m: "Bearer " + _MASK if m.group(0).lower().startswith("bearer") else _MASK,
            text,
        )
    return text


def _mask_fragments(text: str, secret: str) -> str:
    """Replace every substring of ``secret`` of at least 8 characters found in ``text``."""
    if len(secret) < _MIN_KEY_FRAGMENT:
        return text.replace(secret, _MASK)
    out: list[str] = []
    i = 0
    while i < len(text):
        # Longest fragment of the secret starting at text[i].
        length = 0
        for size in range(min(len(secret), len(text) - i), _MIN_KEY_FRAGMENT - 1, -1):
            if text[i : i + size] in secret:
                length = size
                break
        if length:
            out.append(_MASK)
            i += length
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def shorten(text: str, limit: int = MAX_PROVIDER_TEXT) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def bearer_headers(key: str) -> dict[str, str]:
    """The ``Authorization`` header for ``key``.

    Raises:
        ProviderCallError: The key has characters no API key has (spaces, control or
            non-ASCII characters); nothing is sent.
    """
    if not key.isascii() or any(ch.isspace() or not ch.isprintable() for ch in key):
        raise ProviderCallError(
            ValidationResult(
                ValidationStatus.INVALID_CREDENTIALS,
                "The API key contains spaces, line breaks or other characters API keys "
                "never have; it was not sent.",
                "Copy the key again from the provider's dashboard and paste it without "
                "extra characters.",
            )
        )
    return {"Authorization": f"Bearer {key}"}


def header_text(label: str, value: str) -> str:
    """Check a free-text value that is sent as an HTTP header.

    Raises:
        InvalidInputError: The value has control characters or is not plain ASCII.
    """
    if not value.isascii() or any(not ch.isprintable() for ch in value):
        raise InvalidInputError(
            f"{label} may only contain plain ASCII letters, digits and punctuation.",
            "It is sent as an HTTP header, which cannot carry other characters.",
        )
    return value


def optional_headers(
    config: Mapping[str, str], fields: Iterable[tuple[str, str]], provider_label: str
) -> dict[str, str]:
    """Headers for the optional config fields that are set (``(field, header)`` pairs).

    Raises:
        ProviderCallError: A value cannot travel as a header; nothing is sent.
    """
    headers: dict[str, str] = {}
    for name, header in fields:
        value = (config.get(name) or "").strip()
        if not value:
            continue
        try:
            headers[header] = header_text(header, value)
        except InvalidInputError as exc:
            raise ProviderCallError(
                ValidationResult(
                    ValidationStatus.UNREACHABLE,
                    f"{provider_label} was not contacted: {exc.message}",
                    exc.hint,
                )
            ) from None
    return headers


def checked_base_url(value: str, provider_label: str, *, allow_private_http: bool = False) -> str:
    """Normalise a configured base URL before a key is sent to it.

    Raises:
        ProviderCallError: The URL is unusable (bad form, or plain http to a host that is
            not this computer); classified ``UNREACHABLE`` and nothing is sent.
    """
    try:
        return normalize_base_url(value, allow_private_http=allow_private_http)
    except InvalidInputError as exc:
        raise ProviderCallError(
            ValidationResult(
                ValidationStatus.UNREACHABLE,
                f"{provider_label} was not contacted: {exc.message}",
                exc.hint or "Fix the base URL in the provider settings.",
            )
        ) from None


@dataclass(frozen=True, slots=True)
class Reply:
    """A provider's answer that :func:`request_json` did not classify as a failure.

    Attributes:
        status_code: The HTTP status (2xx or 4xx).
        headers: Response headers.
        data: The parsed JSON body, or None when the body was empty or not JSON.
        is_json: True when the body parsed as JSON (``data`` may still be ``null``).
        error_text: For 4xx answers, the provider's own error message with keys masked and
            cut to about 300 characters; None when there is none.
        is_html: The body was an HTML page.
        host: The host that answered.
    """

    status_code: int
    headers: httpx.Headers
    data: Any
    is_json: bool
    error_text: str | None
    is_html: bool
    host: str

    @property
    def ok(self) -> bool:
        """True for a 2xx answer."""
        return 200 <= self.status_code < 300

    def error_code(self) -> str | None:
        """The machine-readable error code in the body (OpenAI, Jina, OpenRouter shapes)."""
        body = self.data
        if isinstance(body, dict):
            err = body.get("error")
            if isinstance(err, dict) and err.get("code") is not None:
                return str(err["code"])
            if body.get("code") is not None:
                return str(body["code"])
        return None

    def error_type(self) -> str | None:
        """OpenAI's ``error.type``, when present."""
        body = self.data
        if isinstance(body, dict):
            err = body.get("error")
            if isinstance(err, dict) and isinstance(err.get("type"), str):
                return str(err["type"])
        return None

    def retry_after(self) -> str | None:
        """The ``Retry-After`` header, when the provider sent a sane one."""
        value = str(self.headers.get("retry-after") or "")
        if value and len(value) <= 40 and value.isprintable():
            return value.strip()
        return None


def provider_error_text(data: Any) -> str | None:
    """The human message in a provider error body, whatever its shape.

    Understands ``{"error": {"message"}}`` (OpenAI, OpenRouter), ``{"error": "..."}``,
    ``{"detail": "..."}`` and FastAPI's ``{"detail": [{"msg": ...}]}`` (Jina),
    ``{"message": ...}`` and a bare JSON string (SiliconFlow).
    """
    if isinstance(data, str):
        return data or None
    if not isinstance(data, dict):
        return None
    err = data.get("error")
    if isinstance(err, dict) and isinstance(err.get("message"), str):
        return str(err["message"])
    if isinstance(err, str) and err:
        return err
    detail = data.get("detail")
    if isinstance(detail, str) and detail:
        return detail
    if isinstance(detail, list):
        parts = []
        for item in detail[:5]:
            if isinstance(item, dict):
                loc = item.get("loc")
                where = ".".join(str(p) for p in loc) if isinstance(loc, list) else ""
                msg = str(item.get("msg") or item.get("message") or "")
                parts.append(f"{where}: {msg}" if where else msg)
            elif isinstance(item, str):
                parts.append(item)
        if parts:
            return "; ".join(parts)
    errors = data.get("errors")
    if isinstance(errors, list) and errors:
        first = errors[0]
        if isinstance(first, dict) and isinstance(first.get("message"), str):
            return str(first["message"])
    message = data.get("message")
    if isinstance(message, str) and message:
        return message
    return None


def with_provider_text(message: str, text: str | None) -> str:
    """``message`` followed by the provider's own (already scrubbed) words, if any."""
    if not text:
        return message
    return f"{message} The provider said: “{text}”"


async def request_json(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    headers: Mapping[str, str],
    json_body: Any = None,
    params: Mapping[str, str] | None = None,
    max_bytes: int = MAX_CHECK_BYTES,
    provider_label: str = "The provider",
) -> Reply:
    """Send one request and read a capped JSON answer.

    Args:
        client: The shared client.
        method: ``GET`` or ``POST``.
        url: Full URL (no key in it).
        headers: Request headers, including ``Authorization``.
        json_body: Body to send as JSON, if any.
        params: Query parameters.
        max_bytes: Largest body read; past it the reply is refused.
        provider_label: The provider's name for messages ("OpenAI").

    Returns:
        The reply for 2xx (parsed JSON) and 4xx (parsed when possible, error text scrubbed).

    Raises:
        ProviderCallError: Network trouble, timeout or 5xx (``UNREACHABLE``); a redirect, an
            oversize body, or a 2xx body that is not JSON (``BAD_RESPONSE``).
    """
    import httpx  # imported with the first request, not with the app (see make_http_client)

    secrets = _secrets_in(headers)
    host = urlsplit(url).hostname or "?"
    try:
        async with client.stream(
            method,
            url,
            headers=dict(headers),
            json=json_body,
            params=params,
            follow_redirects=False,
        ) as response:
            status = response.status_code
            if 300 <= status < 400:
                raise ProviderCallError(_redirect_result(response, url, provider_label))
            body = await _read_capped(response, max_bytes, provider_label, status)
            resp_headers = response.headers
    except httpx.TransportError as exc:
        raise ProviderCallError(transport_failure(exc, host, provider_label)) from None
    return await make_reply(
        status, resp_headers, body, secrets=secrets, host=host, provider_label=provider_label
    )


def transport_failure(
    exc: httpx.TransportError, host: str, provider_label: str
) -> ValidationResult:
    """The ``UNREACHABLE`` result for a timeout, a refused connection or a broken one."""
    import httpx

    if isinstance(exc, httpx.TimeoutException):
        return _timeout_result(exc, host, provider_label)
    if isinstance(exc, httpx.ConnectError):
        return ValidationResult(
            ValidationStatus.UNREACHABLE,
            f"Could not connect to {provider_label} at {host}.",
            "Check the network connection, any proxy or firewall, and the base URL.",
        )
    return ValidationResult(
        ValidationStatus.UNREACHABLE,
        f"The connection to {provider_label} at {host} failed ({type(exc).__name__}).",
        "Check the network connection and the base URL, then try again.",
    )


async def make_reply(
    status: int,
    resp_headers: httpx.Headers,
    body: bytes,
    *,
    secrets: Iterable[str],
    host: str,
    provider_label: str,
) -> Reply:
    """A read answer as a :class:`Reply` (JSON parsed, 4xx error text scrubbed).

    Raises:
        ProviderCallError: A 5xx answer (``UNREACHABLE``), or a 2xx body that is not JSON
            (``BAD_RESPONSE``).
    """
    secrets = list(secrets)
    content_type = resp_headers.get("content-type", "").lower()
    text = body.decode("utf-8", errors="replace")
    stripped = text.lstrip()
    is_html = "html" in content_type or stripped[:15].lower().startswith(("<!doctype", "<html"))
    data: Any = None
    is_json = False
    if stripped and not is_html:
        try:
            # Model lists run to megabytes: decode in slices so the window keeps ticking.
            data = await cooperative.loads(text)
            is_json = True
        except ValueError:
            data = None

    if status >= 500:
        words = " (it answered with an HTML error page)" if is_html else ""
        raw = None if is_html else provider_error_text(data) if is_json else stripped
        provider_text = shorten(scrub(raw, secrets)) if raw else None
        raise ProviderCallError(
            ValidationResult(
                ValidationStatus.UNREACHABLE,
                with_provider_text(
                    f"{provider_label} is having trouble (HTTP {status}){words}.", provider_text
                ),
                "This is on the provider's side; try again in a few minutes.",
                http_status=status,
            )
        )
    if 200 <= status < 300 and not is_json:
        raise ProviderCallError(not_json_result(provider_label, status, is_html=is_html))

    error_text = None
    if status >= 400:
        raw = provider_error_text(data) if is_json else (None if is_html else stripped)
        if raw:
            error_text = shorten(scrub(raw, secrets))
    return Reply(
        status_code=status,
        headers=resp_headers,
        data=data,
        is_json=is_json,
        error_text=error_text,
        is_html=is_html,
        host=host,
    )


async def follow_pages(
    fetch: Callable[[str | None], Awaitable[tuple[list[Any], str | None]]],
    max_pages: int,
) -> list[Any]:
    """Every item of a cursor-paged list (Anthropic ``after_id``, Gemini ``pageToken``,
    Cohere ``page_token``).

    Args:
        fetch: Reads one page: given the cursor (None for the first page), returns the
            page's items and the next cursor (None or "" on the last page). It raises
            :class:`ProviderCallError` for a failed or malformed page.
        max_pages: Most pages read; the rest of a longer list is left out.

    A cursor that comes back twice ends the walk: a looping server cannot hold a refresh.
    """
    items: list[Any] = []
    seen: set[str] = set()
    cursor: str | None = None
    for _ in range(max_pages):
        page, cursor = await fetch(cursor)
        items.extend(page)
        if not cursor or cursor in seen:
            break
        seen.add(cursor)
    return items


def not_json_result(provider_label: str, status: int, *, is_html: bool) -> ValidationResult:
    """The ``BAD_RESPONSE`` result for a body that is not the JSON an API sends."""
    what = "an HTML page" if is_html else "something that is not JSON"
    return ValidationResult(
        ValidationStatus.BAD_RESPONSE,
        f"{provider_label} answered with {what}, not JSON (HTTP {status}) — is the base URL right?",
        "Check the base URL: it should point at the API (usually ending in /v1), not a website.",
        http_status=status,
    )


def bad_shape_result(provider_label: str, status: int, what: str) -> ValidationResult:
    """The ``BAD_RESPONSE`` result for JSON that is not shaped like the provider's answer."""
    return ValidationResult(
        ValidationStatus.BAD_RESPONSE,
        f"{provider_label} answered HTTP {status}, but not with {what}.",
        "Check the base URL: it may point at a different service or proxy.",
        http_status=status,
    )


def unexpected_status_result(reply: Reply, provider_label: str) -> ValidationResult:
    """The ``BAD_RESPONSE`` result for a 4xx the adapter has no rule for."""
    if not reply.is_json and reply.is_html:
        return not_json_result(provider_label, reply.status_code, is_html=True)
    if reply.status_code in (404, 405):
        hint = "Check the base URL: this address has no such API endpoint."
    else:
        hint = "Check the base URL and the settings, then try again."
    return ValidationResult(
        ValidationStatus.BAD_RESPONSE,
        with_provider_text(
            f"{provider_label} answered with an unexpected HTTP {reply.status_code}.",
            reply.error_text,
        ),
        hint,
        http_status=reply.status_code,
    )


def rate_limited_result(reply: Reply, provider_label: str) -> ValidationResult:
    """The ``RATE_LIMITED`` result for a 429 that is not about credit."""
    wait = reply.retry_after()
    when = f" It asked to wait {wait} seconds." if wait and wait.isdigit() else ""
    if wait and not wait.isdigit():
        when = f" It asked to wait until {wait}."
    return ValidationResult(
        ValidationStatus.RATE_LIMITED,
        with_provider_text(
            f"{provider_label} accepted the key but is rate limiting it (HTTP 429).{when}",
            reply.error_text,
        ),
        "Wait a little and check again; the key itself looks fine.",
        http_status=429,
    )


def _secrets_in(headers: Mapping[str, str]) -> list[str]:
    """The credentials carried by ``headers`` (to mask in anything read back)."""
    found = []
    for name, value in headers.items():
        if name.lower() in ("authorization", "x-api-key", "api-key", "x-goog-api-key"):
            token = value.split(" ", 1)[1] if value.lower().startswith("bearer ") else value
            if token:
                found.append(token)
    return found


async def _read_capped(
    response: httpx.Response, max_bytes: int, provider_label: str, status: int
) -> bytes:
    """Read the body, refusing before or as soon as it passes ``max_bytes``."""
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise ProviderCallError(_too_big_result(provider_label, status, max_bytes))
    buffer = bytearray()
    async for chunk in response.aiter_bytes():
        buffer.extend(chunk)
        if len(buffer) > max_bytes:
            raise ProviderCallError(_too_big_result(provider_label, status, max_bytes))
    return bytes(buffer)


def _too_big_result(provider_label: str, status: int, max_bytes: int) -> ValidationResult:
    limit = f"{max_bytes / (1024 * 1024):g} MB"
    return ValidationResult(
        ValidationStatus.BAD_RESPONSE,
        f"{provider_label}'s answer is larger than {limit}; ModelHub stopped reading it.",
        "Check the base URL: a real API answer is far smaller.",
        http_status=status,
    )


def _redirect_result(response: httpx.Response, url: str, provider_label: str) -> ValidationResult:
    location = response.headers.get("location", "")
    target = urlsplit(urljoin(url, location)).hostname if location else None
    where = target or "another address"
    return ValidationResult(
        ValidationStatus.BAD_RESPONSE,
        f"{provider_label} redirected to {where} (HTTP {response.status_code}); ModelHub does "
        "not send keys to redirected addresses.",
        "Check the base URL: enter the address the API really lives at (https, the exact "
        "host and path).",
        http_status=response.status_code,
    )


def _timeout_result(
    exc: httpx.TimeoutException, host: str, provider_label: str
) -> ValidationResult:
    import httpx

    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        message = f"Connecting to {provider_label} at {host} timed out."
    else:
        message = f"{provider_label} at {host} did not answer in time."
    return ValidationResult(
        ValidationStatus.UNREACHABLE,
        message,
        "Check the network connection and proxy settings, then try again.",
    )


# -- streamed answers (health probes) ------------------------------------------------------


@asynccontextmanager
async def open_stream(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    headers: Mapping[str, str],
    json_body: Any = None,
    params: Mapping[str, str] | None = None,
    files: Mapping[str, tuple[str, bytes, str]] | None = None,
    data: Mapping[str, str] | None = None,
    provider_label: str = "The provider",
) -> AsyncIterator[httpx.Response]:
    """Send one request and hand over the unread response, under the same rules as
    :func:`request_json`: no redirects, and network trouble (also while the body is read
    inside the block) becomes a classified :class:`ProviderCallError`.

    Read the body with :func:`read_timed` or :func:`first_event`, which cap it (then
    :func:`make_reply` for a JSON answer); leaving the block closes the response, so a
    stream can be abandoned after its first event.

    Args:
        client: The shared client.
        method: ``POST`` (or ``GET``).
        url: Full URL (no key in it).
        headers: Request headers, including the key's.
        json_body: Body to send as JSON, if any.
        params: Query parameters (never a key).
        files: Multipart files, ``{field: (filename, bytes, content type)}``.
        data: Multipart (or form) text fields sent with ``files``.
        provider_label: The provider's name for messages.

    Raises:
        ProviderCallError: A redirect (``BAD_RESPONSE``) or network trouble and timeouts
            (``UNREACHABLE``).
    """
    import httpx

    host = urlsplit(url).hostname or "?"
    try:
        async with client.stream(
            method,
            url,
            headers=dict(headers),
            json=json_body,
            params=params,
            files=files,
            data=data,
            follow_redirects=False,
        ) as response:
            if 300 <= response.status_code < 400:
                raise ProviderCallError(_redirect_result(response, url, provider_label))
            yield response
    except httpx.TransportError as exc:
        raise ProviderCallError(transport_failure(exc, host, provider_label)) from None


async def read_timed(
    response: httpx.Response, max_bytes: int, provider_label: str
) -> tuple[bytes, float | None]:
    """The whole body (refused past ``max_bytes``) and when its first bytes arrived
    (:func:`time.perf_counter`; None for an empty body).

    Raises:
        ProviderCallError: The body is larger than ``max_bytes`` (``BAD_RESPONSE``).
    """
    status = response.status_code
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise ProviderCallError(_too_big_result(provider_label, status, max_bytes))
    buffer = bytearray()
    first: float | None = None
    async for chunk in response.aiter_bytes():
        if chunk and first is None:
            first = time.perf_counter()
        buffer.extend(chunk)
        if len(buffer) > max_bytes:
            raise ProviderCallError(_too_big_result(provider_label, status, max_bytes))
    return bytes(buffer), first


@dataclass(frozen=True, slots=True)
class StreamEvent:
    """The first event of a streamed answer.

    Attributes:
        data: The event's data: an SSE event's ``data:`` text, or one NDJSON line.
        event: The SSE ``event:`` name, when the server sent one.
        at: When it arrived (:func:`time.perf_counter`).
    """

    data: str
    event: str | None
    at: float


async def first_event(
    response: httpx.Response,
    *,
    ndjson: bool = False,
    max_bytes: int = MAX_CHECK_BYTES,
    provider_label: str = "The provider",
) -> StreamEvent | None:
    """Read a 2xx stream only up to its first event, and stop.

    Server-sent events: the first ``data:`` line (an ``event:`` line before it names it);
    comment lines (``: OPENROUTER PROCESSING`` keep-alives), ``id:`` and ``retry:`` lines
    are not events. NDJSON (Ollama): the first non-empty line. Nothing past the event is
    read, so a stream that stalls after it is no concern of the caller's.

    Returns:
        The event, or None when the stream ended without one.

    Raises:
        ProviderCallError: More than ``max_bytes`` arrived without a complete event.
    """
    buffer = b""
    event_name: str | None = None
    async for chunk in response.aiter_bytes():
        buffer += chunk
        while b"\n" in buffer:
            raw, buffer = buffer.split(b"\n", 1)
            line = raw.decode("utf-8", errors="replace").rstrip("\r")
            if ndjson:
                if line.strip():
                    return StreamEvent(line.strip(), None, time.perf_counter())
                continue
            if not line or line.startswith(":"):
                continue
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "event":
                event_name = value.strip() or None
            elif name == "data":
                return StreamEvent(value, event_name, time.perf_counter())
        if len(buffer) > max_bytes:
            raise ProviderCallError(
                _too_big_result(provider_label, response.status_code, max_bytes)
            )
    tail = buffer.decode("utf-8", errors="replace").strip()
    if ndjson and tail:
        return StreamEvent(tail, None, time.perf_counter())
    if tail.startswith("data:"):
        return StreamEvent(tail[5:].removeprefix(" "), event_name, time.perf_counter())
    return None


def secrets_in(headers: Mapping[str, str]) -> list[str]:
    """The credentials carried by ``headers`` (to mask in anything read back)."""
    return _secrets_in(headers)
