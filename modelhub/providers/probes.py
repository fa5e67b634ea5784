"""Health probes: one real, minimal request per model, shaped by the model's type.

A probe answers "does this model work right now, and how fast does it start answering?". It
costs a token or two, so it is only run when asked (the health grid, ``modelhub check``).

Which request a probe sends is data: the provider description's ``[probes]`` table names a
shape (below) and a path per model type, and families supply defaults
(:data:`FAMILY_PROBES`) so a preset or custom OpenAI-compatible endpoint gets probes without
declaring any. Shapes, with the facts they rely on (``reference/PROVIDERS.md``,
``PROVIDERS-MORE.md`` and the OpenAPI specs in ``reference/openapi/``):

``openai_chat``
    ``POST {path}`` ``{model, messages, max_tokens: 1, stream: true}`` (``token_param =
    "max_completion_tokens"`` for OpenAI: its spec marks ``max_tokens`` deprecated and "not
    compatible with o-series models"); server-sent ``chat.completion.chunk`` events
    (PROVIDERS.md §1.6). OpenRouter's ``: OPENROUTER PROCESSING`` comments are not events, and
    an error chunk sent with status 200 is a failure (§2.6).
``anthropic_messages``
    ``POST /v1/messages`` ``{model, max_tokens: 1, messages, stream: true}``; events
    ``message_start``, ``ping`` ..., or ``event: error`` (spec ``MessageStreamEvent``).
``gemini_stream``
    ``POST /models/{model}:streamGenerateContent?alt=sse`` ``{contents, generationConfig:
    {maxOutputTokens: 1}}``; the key only in ``x-goog-api-key`` (PROVIDERS-MORE §2.1).
``cohere_chat``
    ``POST /v2/chat`` ``{model, messages, max_tokens: 1, stream: true}``; SSE events
    ``message-start`` ... (spec ``StreamedChatResponseV2``).
``ollama_chat``
    ``POST /api/chat`` ``{model, messages, stream: true, options: {num_predict: 1}}``; NDJSON.
``openai_embeddings`` / ``gemini_embed`` / ``cohere_embed`` / ``ollama_embed``
    One short input: ``{model, input: ["ping"]}`` -> ``data[0].embedding``;
    ``:embedContent`` ``{content: {parts}}`` -> ``embedding.values``; ``/v2/embed``
    ``{model, texts, input_type: "search_query", embedding_types: ["float"]}`` ->
    ``embeddings.float[0]``; ``/api/embed`` ``{model, input}`` -> ``embeddings[0]``.
``rerank``
    ``{model, query, documents: [two]}`` -> ``results`` (Jina, Cohere, SiliconFlow,
    OpenRouter) or ``data`` (Voyage) of ``{index, relevance_score}``, best first; both
    documents must come back scored.
``openai_speech``
    ``POST /audio/speech`` ``{model, input, voice, response_format}``; the bytes must be the
    format asked for (``voice`` may use ``{model}``: SiliconFlow voices are
    ``<model>:alex``, PROVIDERS.md §4.6).
``gemini_speech``
    ``POST /models/{model}:generateContent`` ``{contents, generationConfig:
    {responseModalities: ["AUDIO"], speechConfig: {voiceConfig: {prebuiltVoiceConfig:
    {voiceName}}}}}`` (voice ``Kore`` unless named); passes when a part of
    ``candidates[0].content`` carries ``inlineData`` with an ``audio/*`` ``mimeType`` and
    base64 ``data`` that decodes to some bytes (PROVIDERS-MORE §2.5, spec ``Blob``).
``openai_transcription``
    ``POST /audio/transcriptions``, multipart ``file`` (a one-second 16 kHz tone made here) and
    ``model`` (and ``language`` when the entry names one: Cohere requires it) ->
    ``{"text": ...}``, or plain text.

A path with ``{model}`` carries the model id there (Gemini, Azure deployments) and the body
leaves it out. ``query`` adds query parameters, whose values may name a non-secret config
field (``api-version={api_version}``). Keys travel only in headers.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import functools
import io
import json
import math
import sys
import time
import wave
from array import array
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from modelhub.domain.models import ModelType, ProbeResult, ValidationResult, ValidationStatus
from modelhub.providers.base import ProviderCallError
from modelhub.providers.http import (
    MAX_CHECK_BYTES,
    Reply,
    bad_shape_result,
    first_event,
    make_reply,
    not_json_result,
    open_stream,
    provider_error_text,
    rate_limited_result,
    read_timed,
    scrub,
    secrets_in,
    shorten,
    with_provider_text,
)

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Mapping

    import httpx

    from modelhub.domain.models import ProviderInfo
    from modelhub.providers.base import ModelProvider
    from modelhub.providers.http import StreamEvent

#: What a chat probe asks for (one token of answer).
PROMPT = "Reply with OK."
#: The one short input an embedding probe sends.
EMBED_INPUT = "ping"
#: A rerank probe's query and its two documents (the first is the better answer).
RERANK_QUERY = "What is the capital of France?"
RERANK_DOCUMENTS = ("Paris is the capital of France.", "Berlin is the capital of Germany.")
#: The few words a TTS probe has spoken.
SPEECH_INPUT = "Hello from ModelHub."
#: Largest answer read from a probe (a stream is read only to its first event).
MAX_PROBE_BYTES = MAX_CHECK_BYTES
#: Largest audio a TTS probe reads (a few words are tens of kB).
MAX_AUDIO_BYTES = 5 * 1024 * 1024
#: The TTS voice when the description names none (OpenAI's).
DEFAULT_VOICE = "alloy"
#: What a Gemini TTS probe asks to hear (its prompt is an instruction, read aloud).
GEMINI_SPEECH_PROMPT = "Say OK."
#: The voice of shapes whose API has no ``alloy`` (Gemini's prebuilt voices).
_SHAPE_VOICES = {"gemini_speech": "Kore"}

_OPENAI_STYLE: dict[str, dict[str, str]] = {
    "llm": {"shape": "openai_chat", "path": "/chat/completions"},
    "embedding": {"shape": "openai_embeddings", "path": "/embeddings"},
    "rerank": {"shape": "rerank", "path": "/rerank"},
    "tts": {"shape": "openai_speech", "path": "/audio/speech"},
    "speech_to_text": {"shape": "openai_transcription", "path": "/audio/transcriptions"},
}
_AZURE_QUERY = "api-version={api_version}"
#: The probes of each API family, for the types a description does not declare.
FAMILY_PROBES: dict[str, dict[str, dict[str, str]]] = {
    "openai": {
        **_OPENAI_STYLE,
        "llm": {**_OPENAI_STYLE["llm"], "token_param": "max_completion_tokens"},
    },
    "openai_compatible": _OPENAI_STYLE,
    "openrouter": _OPENAI_STYLE,
    "siliconflow": {
        **_OPENAI_STYLE,
        "tts": {**_OPENAI_STYLE["tts"], "voice": "{model}:alex"},
    },
    "jina": {
        "embedding": _OPENAI_STYLE["embedding"],
        "rerank": _OPENAI_STYLE["rerank"],
    },
    "anthropic": {"llm": {"shape": "anthropic_messages", "path": "/v1/messages"}},
    "gemini": {
        "llm": {
            "shape": "gemini_stream",
            "path": "/models/{model}:streamGenerateContent",
            "query": "alt=sse",
        },
        "embedding": {"shape": "gemini_embed", "path": "/models/{model}:embedContent"},
        "tts": {"shape": "gemini_speech", "path": "/models/{model}:generateContent"},
    },
    "cohere": {
        "llm": {"shape": "cohere_chat", "path": "/v2/chat"},
        "embedding": {"shape": "cohere_embed", "path": "/v2/embed"},
        "rerank": {"shape": "rerank", "path": "/v2/rerank"},
        "speech_to_text": {
            "shape": "openai_transcription",
            "path": "/v2/audio/transcriptions",
            "language": "en",
        },
    },
    "ollama": {
        "llm": {"shape": "ollama_chat", "path": "/api/chat"},
        "embedding": {"shape": "ollama_embed", "path": "/api/embed"},
    },
    "lmstudio": {
        "llm": {"shape": "openai_chat", "path": "/v1/chat/completions"},
        "embedding": {"shape": "openai_embeddings", "path": "/v1/embeddings"},
    },
    "azure_openai": {
        model_type: {
            **entry,
            "path": f"/deployments/{{model}}{entry['path']}",
            "query": _AZURE_QUERY,
        }
        for model_type, entry in _OPENAI_STYLE.items()
        if model_type != "rerank"
    },
}

#: Error codes and types that mean "key accepted, no credit" (OpenAI, Anthropic, Jina, ...).
_NO_CREDIT_CODES = frozenset(
    {
        "insufficient_quota",
        "credit_balance_exhausted",
        "exceeded_current_quota_error",
        "insufficient_balance",
        "billing_error",
        "authz_insufficient_balance",
    }
)
_NO_CREDIT_TEXTS = (
    "credit balance is too low",
    "insufficient balance",
    "insufficient credits",
    "余额不足",
)
#: Error codes and types that mean "no such model" (OpenAI, Anthropic, Azure, Jina,
#: SiliconFlow's 20012 "Model does not exist").
_MODEL_GONE_CODES = frozenset(
    {
        "model_not_found",
        "not_found_error",
        "deploymentnotfound",
        "input_model_not_found",
        "20012",
    }
)
_MODEL_GONE_TEXTS = ("not found", "does not exist", "not exist", "no such model", "unknown model")
_INVALID_KEY_CODES = frozenset(
    {"invalid_api_key", "authentication_error", "auth_invalid_api_key", "api_key_invalid"}
)
#: Stream error types (Anthropic) and codes (OpenRouter) as the HTTP statuses they stand for.
_STREAM_ERROR_STATUS = {
    "invalid_request_error": 400,
    "authentication_error": 401,
    "billing_error": 402,
    "permission_error": 403,
    "not_found_error": 404,
    "rate_limit_error": 429,
    "api_error": 500,
    "timeout_error": 504,
    "overloaded_error": 529,
    "server_error": 502,  # OpenRouter: "Provider disconnected unexpectedly"
}


def probe_spec(info: ProviderInfo, model_type: ModelType) -> Mapping[str, str] | None:
    """The probe for ``model_type`` models: the description's, else its family's, else None."""
    declared = info.probes.get(model_type.value)
    if declared:
        return declared
    return FAMILY_PROBES.get(info.family, {}).get(model_type.value)


@functools.cache
def probe_wav() -> bytes:
    """One second of a quiet 440 Hz tone: 16 kHz, mono, 16-bit PCM, as a WAV file."""
    rate = 16_000
    samples = array("h", (int(9000 * math.sin(2 * math.pi * 440 * i / rate)) for i in range(rate)))
    if sys.byteorder == "big":
        samples.byteswap()  # WAV samples are little-endian
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return buffer.getvalue()


def audio_matches(data: bytes, audio_format: str) -> bool:
    """True when ``data`` starts like ``audio_format`` audio: mp3 (an ``ID3`` tag or an MPEG
    frame sync, 11 set bits) or wav (``RIFF....WAVE``)."""
    if audio_format == "wav":
        return len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    if data[:3] == b"ID3":
        return True
    return len(data) >= 2 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0


async def run_probe(
    provider: ModelProvider,
    config: Mapping[str, Any],
    model: str,
    model_type: ModelType,
    *,
    timeout: float = 30.0,
    voice: str | None = None,
) -> ProbeResult:
    """Probe ``model`` as a ``model_type`` model through ``provider`` (see
    :meth:`ModelProvider.probe <modelhub.providers.base.ModelProvider.probe>`)."""
    import httpx

    run = _Run(time.perf_counter())
    label = provider.label
    spec = probe_spec(provider.info, model_type)
    if model_type not in provider.info.model_types:
        return run.failed(
            ValidationResult(
                ValidationStatus.BAD_RESPONSE,
                f"{label} offers no {model_type.label} models, so {model!r} was not probed.",
            )
        )
    if spec is None or spec.get("shape") not in _SHAPES:
        return run.failed(
            ValidationResult(
                ValidationStatus.BAD_RESPONSE,
                f"ModelHub has no health probe for {label}'s {model_type.label} models; "
                f"{model!r} was not probed.",
            )
        )
    try:
        async with asyncio.timeout(timeout):
            call = _Call.build(provider, config, model, spec, run, voice)
            detail = await _SHAPES[spec["shape"]](call)
    except TimeoutError:
        return run.failed(
            ValidationResult(
                ValidationStatus.UNREACHABLE,
                f"{label} did not answer within {timeout:g} s.",
                "The model may be overloaded or loading; try again later.",
            )
        )
    except ProviderCallError as exc:
        return run.failed(exc.result)
    except httpx.HTTPError as exc:  # a broken answer (bad encoding ...), not a network failure
        return run.failed(
            ValidationResult(
                ValidationStatus.BAD_RESPONSE,
                f"{label}'s answer could not be read ({type(exc).__name__}).",
            )
        )
    return run.passed(detail)


# -- one probe run ----------------------------------------------------------------------


class _Run:
    """The clock of one probe: when it started and when the first answer arrived."""

    def __init__(self, started: float) -> None:
        self.started = started
        self.first: float | None = None

    def mark(self, at: float | None) -> None:
        if at is not None and self.first is None:
            self.first = at

    def _ms(self, at: float) -> int:
        return max(0, round((at - self.started) * 1000))

    def passed(self, detail: str) -> ProbeResult:
        ended = time.perf_counter()
        return ProbeResult(
            ok=True,
            status=ValidationStatus.VALID,
            message=None,
            detail=detail,
            first_byte_ms=self._ms(self.first) if self.first is not None else None,
            total_ms=self._ms(ended),
        )

    def failed(self, result: ValidationResult) -> ProbeResult:
        ended = time.perf_counter()
        return ProbeResult(
            ok=False,
            status=result.status,
            message=result.message,
            detail=None,
            first_byte_ms=self._ms(self.first) if self.first is not None else None,
            total_ms=self._ms(ended),
        )


@dataclass(slots=True)
class _Call:
    """Everything one probe request needs, checked before anything is sent."""

    provider: ModelProvider
    model: str
    spec: Mapping[str, str]
    run: _Run
    url: str
    params: dict[str, str]
    headers: dict[str, str]
    voice: str

    @property
    def label(self) -> str:
        return self.provider.label

    @property
    def model_in_path(self) -> bool:
        return "{model}" in self.spec["path"]

    @classmethod
    def build(
        cls,
        provider: ModelProvider,
        config: Mapping[str, Any],
        model: str,
        spec: Mapping[str, str],
        run: _Run,
        voice: str | None,
    ) -> _Call:
        """Raises: ProviderCallError: no usable key, address or query value (nothing sent)."""
        path = spec["path"].replace("{model}", quote(model, safe=""))
        url = f"{provider.api_root(config)}{path}"
        params = _query(provider, config, spec.get("query", ""))
        # OpenAI, OpenRouter and SiliconFlow build their headers (organization, attribution)
        # in headers(); every other family's come from the description (auth_headers).
        own = getattr(provider, "headers", None)
        headers: dict[str, str] = (
            dict(own(config)) if callable(own) else provider.auth_headers(config)
        )
        chosen = voice or spec.get("voice") or _SHAPE_VOICES.get(spec["shape"], DEFAULT_VOICE)
        return cls(
            provider=provider,
            model=model,
            spec=spec,
            run=run,
            url=url,
            params=params,
            headers=headers,
            voice=chosen.replace("{model}", model),
        )

    def with_model(self, body: dict[str, Any]) -> dict[str, Any]:
        """``body`` with the model id first, unless the path already carries it."""
        return body if self.model_in_path else {"model": self.model, **body}


def _query(provider: ModelProvider, config: Mapping[str, Any], query: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in filter(None, query.split("&")):
        name, _, template = pair.partition("=")
        value = template
        while "{" in value and "}" in value:
            start = value.index("{")
            end = value.index("}", start)
            field_name = value[start + 1 : end]
            spec = provider.info.field(field_name)
            setting = provider.setting(config, field_name) if spec and not spec.secret else None
            if not setting:
                what = spec.label if spec else field_name
                raise ProviderCallError(
                    ValidationResult(
                        ValidationStatus.UNREACHABLE,
                        f"{provider.label} was not contacted: {what} is not set.",
                        f"Enter the {what} in the provider settings.",
                    )
                )
            value = value[:start] + setting + value[end + 1 :]
        params[name] = value
    return params


async def _read_reply(call: _Call, response: httpx.Response, max_bytes: int) -> Reply:
    body, first = await read_timed(response, max_bytes, call.label)
    call.run.mark(first)
    return await make_reply(
        response.status_code,
        response.headers,
        body,
        secrets=secrets_in(call.headers),
        host=response.url.host or "?",
        provider_label=call.label,
    )


async def _post_json(
    call: _Call, body: dict[str, Any], *, max_bytes: int = MAX_PROBE_BYTES
) -> Reply:
    """POST ``body`` and read the JSON answer; a refusal is raised, classified."""
    async with open_stream(
        call.provider._client,
        "POST",
        call.url,
        headers=call.headers,
        json_body=body,
        params=call.params,
        provider_label=call.label,
    ) as response:
        reply = await _read_reply(call, response, max_bytes)
    if not reply.ok:
        raise ProviderCallError(_failure(call, reply, f"HTTP {reply.status_code}"))
    return reply


# -- failures ---------------------------------------------------------------------------


def _failure(call: _Call, reply: Reply, how: str) -> ValidationResult:
    """Classify a refused probe (a 4xx answer, or an error event in a 200 stream)."""
    label = call.label
    status = reply.status_code
    text = reply.error_text
    if reply.is_html and not reply.is_json:
        return not_json_result(label, status, is_html=True)
    code = (reply.error_code() or "").lower()
    kind = (reply.error_type() or "").lower()
    rpc_status, reasons = _rpc_error(reply.data)
    lowered = (text or "").lower()
    options = call.provider.info.options
    invalid_texts = [str(t).lower() for t in options.get("invalid_key_texts", [])]
    if (
        status == 401
        or {code, kind} & _INVALID_KEY_CODES
        or "API_KEY_INVALID" in reasons
        or any(t in lowered for t in invalid_texts)
    ):
        return ValidationResult(
            ValidationStatus.INVALID_CREDENTIALS,
            with_provider_text(f"{label} rejected the key ({how}).", text),
            "Check the key in the provider settings.",
            http_status=status,
        )
    no_credit_statuses = {402, *(int(s) for s in options.get("no_credit_statuses", []))}
    if (
        status in no_credit_statuses
        or {code, kind} & _NO_CREDIT_CODES
        or any(t in lowered for t in _NO_CREDIT_TEXTS)
    ):
        return ValidationResult(
            ValidationStatus.NO_CREDIT,
            with_provider_text(
                f"{label} accepted the key, but the account has no credit left ({how}).", text
            ),
            f"Top up the account or raise its limit in {label}'s console.",
            http_status=status,
        )
    if _model_gone(call.model, status, code, kind, rpc_status, lowered):
        return ValidationResult(
            ValidationStatus.BAD_RESPONSE,
            with_provider_text(f"{label} no longer offers the model {call.model!r} ({how}).", text),
            "Refresh the model list: the model may have been retired or renamed.",
            http_status=status,
        )
    if status == 403:
        return ValidationResult(
            ValidationStatus.RESTRICTED,
            with_provider_text(f"{label} refused to run {call.model!r} ({how}).", text),
            "The key may lack access to this model, or the account or region may be blocked.",
            http_status=status,
        )
    if status == 429:
        return rate_limited_result(reply, label)
    if status >= 500:
        return ValidationResult(
            ValidationStatus.UNREACHABLE,
            with_provider_text(f"{label} is having trouble ({how}).", text),
            "This is on the provider's side; try again in a few minutes.",
            http_status=status,
        )
    if status in (404, 405):
        return ValidationResult(
            ValidationStatus.BAD_RESPONSE,
            with_provider_text(f"{label} has no such endpoint at this address ({how}).", text),
            "Check the base URL: this address does not serve this kind of model.",
            http_status=status,
        )
    return ValidationResult(
        ValidationStatus.BAD_RESPONSE,
        with_provider_text(f"{label} refused the health probe of {call.model!r} ({how}).", text),
        "The model may not be of this type, or may need settings the probe does not send.",
        http_status=status,
    )


def _model_gone(
    model: str, status: int, code: str, kind: str, rpc_status: str | None, text: str
) -> bool:
    if {code, kind} & _MODEL_GONE_CODES or rpc_status == "NOT_FOUND":
        return True
    if status not in (400, 404, 422) or not text:
        return False
    names_model = "model" in text or model.lower() in text
    return names_model and any(t in text for t in _MODEL_GONE_TEXTS)


def _rpc_error(data: Any) -> tuple[str | None, set[str]]:
    """Google's ``error.status`` and ``error.details[].reason`` values."""
    err = data.get("error") if isinstance(data, dict) else None
    if not isinstance(err, dict):
        return None, set()
    details = err.get("details")
    reasons = {
        str(d["reason"])
        for d in (details if isinstance(details, list) else [])
        if isinstance(d, dict) and isinstance(d.get("reason"), str)
    }
    status = err.get("status")
    return (status if isinstance(status, str) else None), reasons


def _stream_failure(call: _Call, response: httpx.Response, data: Any) -> ValidationResult:
    """Classify an error sent as a stream event after a 200 (Anthropic ``event: error``,
    OpenRouter's error chunk, Ollama's ``{"error"}`` line)."""
    err = data.get("error") if isinstance(data, dict) else None
    status = 400
    if isinstance(err, dict):
        code = err.get("code")
        if isinstance(code, int) and not isinstance(code, bool) and 400 <= code <= 599:
            status = code
        for name in (err.get("type"), err.get("code")):
            status = _STREAM_ERROR_STATUS.get(str(name), status)
    raw = provider_error_text(data)
    reply = Reply(
        status_code=status,
        headers=response.headers,
        data=data,
        is_json=True,
        error_text=shorten(scrub(raw, secrets_in(call.headers))) if raw else None,
        is_html=False,
        host=response.url.host or "?",
    )
    return _failure(call, reply, "an error event in its stream")


# -- chat: streamed, passes on the first event -----------------------------------------


async def _stream_chat(call: _Call, body: dict[str, Any], *, ndjson: bool = False) -> str:
    async with open_stream(
        call.provider._client,
        "POST",
        call.url,
        headers=call.headers,
        json_body=body,
        params=call.params,
        provider_label=call.label,
    ) as response:
        if not 200 <= response.status_code < 300:
            reply = await _read_reply(call, response, MAX_PROBE_BYTES)
            raise ProviderCallError(_failure(call, reply, f"HTTP {reply.status_code}"))
        content_type = response.headers.get("content-type", "").lower()
        if "html" in content_type:
            raise ProviderCallError(not_json_result(call.label, response.status_code, is_html=True))
        if not ndjson and "json" in content_type:
            # A server that ignored stream: true and sent the whole answer.
            reply = await _read_reply(call, response, MAX_PROBE_BYTES)
            if isinstance(reply.data, dict) and reply.data.get("error"):
                raise ProviderCallError(_stream_failure(call, response, reply.data))
            return "answered, but not as a stream"
        event = await first_event(
            response, ndjson=ndjson, max_bytes=MAX_PROBE_BYTES, provider_label=call.label
        )
        # Leaving the block closes the stream: nothing after the first event is read.
    if event is None:
        raise ProviderCallError(
            ValidationResult(
                ValidationStatus.BAD_RESPONSE,
                f"{call.label} ended the stream for {call.model!r} without sending anything.",
                "Check the base URL: it may not point at a streaming chat API.",
                http_status=response.status_code,
            )
        )
    call.run.mark(event.at)
    return _first_chunk_detail(call, response, event)


def _first_chunk_detail(call: _Call, response: httpx.Response, event: StreamEvent) -> str:
    text = event.data.strip()
    if text.startswith("[DONE]"):
        raise ProviderCallError(
            ValidationResult(
                ValidationStatus.BAD_RESPONSE,
                f"{call.label} ended the stream for {call.model!r} before any answer.",
                http_status=response.status_code,
            )
        )
    try:
        data = json.loads(text)
    except ValueError:
        raise ProviderCallError(
            ValidationResult(
                ValidationStatus.BAD_RESPONSE,
                f"{call.label} streamed something that is not JSON events.",
                "Check the base URL: it may point at a different service or proxy.",
                http_status=response.status_code,
            )
        ) from None
    if event.event == "error" or (isinstance(data, dict) and data.get("error")):
        raise ProviderCallError(_stream_failure(call, response, data))
    if not isinstance(data, dict):
        raise ProviderCallError(
            bad_shape_result(call.label, response.status_code, "chat stream events")
        )
    name = event.event or data.get("type") or data.get("object")
    return f"streaming; first event {name}" if isinstance(name, str) else "streaming"


def _messages() -> list[dict[str, str]]:
    return [{"role": "user", "content": PROMPT}]


async def _openai_chat(call: _Call) -> str:
    token_param = call.spec.get("token_param", "max_tokens")
    body = {"messages": _messages(), token_param: 1, "stream": True}
    return await _stream_chat(call, call.with_model(body))


async def _anthropic_messages(call: _Call) -> str:
    body = {"max_tokens": 1, "messages": _messages(), "stream": True}
    return await _stream_chat(call, call.with_model(body))


async def _gemini_stream(call: _Call) -> str:
    body = {
        "contents": [{"role": "user", "parts": [{"text": PROMPT}]}],
        "generationConfig": {"maxOutputTokens": 1},
    }
    return await _stream_chat(call, call.with_model(body))


async def _cohere_chat(call: _Call) -> str:
    body = {"messages": _messages(), "max_tokens": 1, "stream": True}
    return await _stream_chat(call, call.with_model(body))


async def _ollama_chat(call: _Call) -> str:
    body = {"messages": _messages(), "stream": True, "options": {"num_predict": 1}}
    return await _stream_chat(call, call.with_model(body), ndjson=True)


# -- embeddings: one short input, a vector back ----------------------------------------


def _dig(data: Any, *path: str | int) -> Any:
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or len(data) <= part:
                return None
        elif not isinstance(data, dict):
            return None
        data = data[part] if isinstance(part, int) else data.get(part)
    return data


def _vector_detail(call: _Call, reply: Reply, vector: Any) -> str:
    if (
        not isinstance(vector, list)
        or not vector
        or not all(
            isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
            for v in vector
        )
    ):
        raise ProviderCallError(bad_shape_result(call.label, reply.status_code, "an embedding"))
    return f"{len(vector)} dimensions"


async def _openai_embeddings(call: _Call) -> str:
    reply = await _post_json(call, call.with_model({"input": [EMBED_INPUT]}))
    return _vector_detail(call, reply, _dig(reply.data, "data", 0, "embedding"))


async def _gemini_embed(call: _Call) -> str:
    body = {"content": {"parts": [{"text": EMBED_INPUT}]}}
    reply = await _post_json(call, call.with_model(body))
    return _vector_detail(call, reply, _dig(reply.data, "embedding", "values"))


async def _cohere_embed(call: _Call) -> str:
    body = {"texts": [EMBED_INPUT], "input_type": "search_query", "embedding_types": ["float"]}
    reply = await _post_json(call, call.with_model(body))
    return _vector_detail(call, reply, _dig(reply.data, "embeddings", "float", 0))


async def _ollama_embed(call: _Call) -> str:
    reply = await _post_json(call, call.with_model({"input": EMBED_INPUT}))
    return _vector_detail(call, reply, _dig(reply.data, "embeddings", 0))


# -- rerank: two documents, both scored ------------------------------------------------


async def _rerank(call: _Call) -> str:
    body = {"query": RERANK_QUERY, "documents": list(RERANK_DOCUMENTS)}
    reply = await _post_json(call, call.with_model(body))
    data = reply.data
    results = _dig(data, "results")
    if not isinstance(results, list):
        results = _dig(data, "data")  # Voyage
    scores: dict[int, float] = {}
    order: list[float] = []
    for item in results if isinstance(results, list) else []:
        index = _dig(item, "index")
        score = _dig(item, "relevance_score")
        if score is None:
            score = _dig(item, "score")
        if (
            isinstance(index, int)
            and not isinstance(index, bool)
            and isinstance(score, int | float)
            and not isinstance(score, bool)
            and math.isfinite(score)
        ):
            scores[index] = float(score)
            order.append(float(score))
    if set(scores) != {0, 1}:
        raise ProviderCallError(
            bad_shape_result(call.label, reply.status_code, "a score for each of the 2 documents")
        )
    if order != sorted(order, reverse=True):
        raise ProviderCallError(
            bad_shape_result(call.label, reply.status_code, "results ordered best first")
        )
    return f"{len(scores)} documents scored"


# -- speech: audio in the format asked for ---------------------------------------------


def _size(count: int) -> str:
    if count < 1000:
        return f"{count} bytes"
    if count < 1_000_000:
        return f"{count / 1000:.1f} kB"
    return f"{count / 1_000_000:.1f} MB"


async def _openai_speech(call: _Call) -> str:
    audio_format = call.spec.get("format", "mp3")
    body = {"input": SPEECH_INPUT, "voice": call.voice, "response_format": audio_format}
    async with open_stream(
        call.provider._client,
        "POST",
        call.url,
        headers=call.headers,
        json_body=call.with_model(body),
        params=call.params,
        provider_label=call.label,
    ) as response:
        if not 200 <= response.status_code < 300:
            reply = await _read_reply(call, response, MAX_PROBE_BYTES)
            raise ProviderCallError(_failure(call, reply, f"HTTP {reply.status_code}"))
        audio, first = await read_timed(response, MAX_AUDIO_BYTES, call.label)
        call.run.mark(first)
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if not audio_matches(audio, audio_format):
        what = "an empty answer" if not audio else f"{content_type or 'bytes'} that are not"
        raise ProviderCallError(
            ValidationResult(
                ValidationStatus.BAD_RESPONSE,
                f"{call.label} answered {call.model!r} with {what}"
                f"{'' if not audio else f' {audio_format} audio'} (HTTP {response.status_code}).",
                "The model may not be a speech model, or the voice may not fit it.",
                http_status=response.status_code,
            )
        )
    return f"{content_type or 'audio/' + audio_format}, {_size(len(audio))}"


async def _gemini_speech(call: _Call) -> str:
    body = {
        "contents": [{"role": "user", "parts": [{"text": GEMINI_SPEECH_PROMPT}]}],
        "generationConfig": {
            "responseModalities": ["AUDIO"],
            "speechConfig": {"voiceConfig": {"prebuiltVoiceConfig": {"voiceName": call.voice}}},
        },
    }
    # The audio comes back base64 in JSON: a third larger than the bytes.
    reply = await _post_json(call, call.with_model(body), max_bytes=MAX_AUDIO_BYTES * 4 // 3)
    parts = _dig(reply.data, "candidates", 0, "content", "parts")
    found: list[str] = []
    for part in parts if isinstance(parts, list) else []:
        blob = _dig(part, "inlineData")
        if blob is None:
            found.append("text" if isinstance(_dig(part, "text"), str) else "other")
            continue
        mime = _dig(blob, "mimeType")
        mime = mime.strip() if isinstance(mime, str) else ""
        audio = _base64_bytes(_dig(blob, "data"))
        if mime.lower().startswith("audio/") and audio:
            return f"{mime.split(';')[0].strip()}, {_size(len(audio))}"
        found.append(
            f"{mime or 'untyped'} data" + ("" if audio else " that is empty or not base64")
        )
    if not found:
        raise ProviderCallError(bad_shape_result(call.label, reply.status_code, "audio"))
    raise ProviderCallError(
        ValidationResult(
            ValidationStatus.BAD_RESPONSE,
            f"{call.label} answered {call.model!r} with {', '.join(found)}, not audio "
            f"(HTTP {reply.status_code}).",
            "The model may not be a speech model, or the voice may not fit it.",
            http_status=reply.status_code,
        )
    )


def _base64_bytes(data: Any) -> bytes:
    """The bytes of a base64 string (standard or URL-safe alphabet), or b"" when it is not one."""
    if not isinstance(data, str):
        return b""
    text = data.strip().replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        return b""


# -- transcription: a test tone in, a transcript back ----------------------------------


async def _openai_transcription(call: _Call) -> str:
    fields = {} if call.model_in_path else {"model": call.model}
    language = call.spec.get("language")
    if language:
        fields["language"] = language
    async with open_stream(
        call.provider._client,
        "POST",
        call.url,
        headers=call.headers,
        files={"file": ("modelhub-probe.wav", probe_wav(), "audio/wav")},
        data=fields,
        params=call.params,
        provider_label=call.label,
    ) as response:
        if not 200 <= response.status_code < 300:
            reply = await _read_reply(call, response, MAX_PROBE_BYTES)
            raise ProviderCallError(_failure(call, reply, f"HTTP {reply.status_code}"))
        body, first = await read_timed(response, MAX_PROBE_BYTES, call.label)
        call.run.mark(first)
    text = body.decode("utf-8", errors="replace").strip()
    content_type = response.headers.get("content-type", "").lower()
    transcript: Any = None
    try:
        parsed = json.loads(text)
    except ValueError:
        if "html" not in content_type and not text.lower().startswith(("<!doctype", "<html")):
            transcript = text  # response_format=text servers
    else:
        transcript = parsed.get("text") if isinstance(parsed, dict) else None
    if not isinstance(transcript, str):
        raise ProviderCallError(bad_shape_result(call.label, response.status_code, "a transcript"))
    words = shorten(scrub(transcript, secrets_in(call.headers)), 60)
    return f"transcript: “{words}”" if words else "empty transcript (the test tone has no words)"


_SHAPES: dict[str, Callable[[_Call], Awaitable[str]]] = {
    "openai_chat": _openai_chat,
    "anthropic_messages": _anthropic_messages,
    "gemini_stream": _gemini_stream,
    "cohere_chat": _cohere_chat,
    "ollama_chat": _ollama_chat,
    "openai_embeddings": _openai_embeddings,
    "gemini_embed": _gemini_embed,
    "cohere_embed": _cohere_embed,
    "ollama_embed": _ollama_embed,
    "rerank": _rerank,
    "openai_speech": _openai_speech,
    "gemini_speech": _gemini_speech,
    "openai_transcription": _openai_transcription,
}
