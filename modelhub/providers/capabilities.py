"""Model capabilities and limits: the provider's own metadata first, id rules as a fallback.

Every adapter reads what its provider's model list says (OpenRouter's ``input_modalities`` and
``supported_parameters``, Anthropic's ``capabilities``, Ollama's ``/api/show`` list ...) into
:class:`ModelFacts`, then calls :func:`complete` to put it on the :class:`ModelDefinition`.
``ModelFacts.covered`` names the capabilities the metadata *speaks about* (has or has not):
those are never second-guessed. Only the capabilities nobody said anything about are taken
from the id rules in ``capability_rules.toml`` (data, not code; see that file's header for the
format), and a model completed that way is marked ``capability_source = "rules"``.

So a provider whose metadata covers everything (OpenRouter, Anthropic with its capabilities
object) never gets a rule's guess; one that lists ids only (OpenAI, DeepSeek, SiliconFlow,
Groq) gets rules for everything; one that covers a part (Gemini's ``thinking`` flag, LM
Studio's ``vlm`` type) keeps its facts and has the rest filled in.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modelhub.domain.models import Capability, ModelDefinition, ModelPrice, ModelType

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

#: The built-in rules file.
RULES_PATH = Path(__file__).with_name("capability_rules.toml")
#: The rules file format this code reads.
RULES_VERSION = 1
_RULE_KEYS = frozenset(
    {"match", "exclude", "capabilities", "types", "context_length", "max_output_tokens", "note"}
)
#: Tokens in the unit :class:`ModelPrice` is quoted in.
_MILLION = Decimal(1_000_000)


class CapabilityRulesError(ValueError):
    """A capability rules file is malformed; the message names the file and the rule."""


@dataclass(frozen=True, slots=True)
class CapabilityRule:
    """One id rule.

    Attributes:
        pattern: Searched (case-insensitively) in the id's last path segment.
        exclude: When it matches too, the rule does not apply.
        capabilities: What a matching model can do.
        types: The model types the rule applies to.
        context_length: Context window in tokens, when the rule knows it.
        max_output_tokens: Most output tokens, when the rule knows it.
        note: Where the fact comes from.
    """

    pattern: re.Pattern[str]
    exclude: re.Pattern[str] | None
    capabilities: frozenset[Capability]
    types: frozenset[ModelType]
    context_length: int | None = None
    max_output_tokens: int | None = None
    note: str = ""

    def applies(self, key: str, model_type: ModelType) -> bool:
        """True when the rule is about a model of ``model_type`` whose rules key is ``key``."""
        if model_type not in self.types or not self.pattern.search(key):
            return False
        return self.exclude is None or not self.exclude.search(key)


@dataclass(frozen=True, slots=True)
class RuleFacts:
    """What the matching rules say about one model."""

    capabilities: frozenset[Capability] = frozenset()
    context_length: int | None = None
    max_output_tokens: int | None = None
    matched: bool = False


@dataclass(frozen=True, slots=True)
class CapabilityRules:
    """A loaded, checked rules file."""

    rules: tuple[CapabilityRule, ...]
    origin: str = ""

    def lookup(self, model_id: str, model_type: ModelType) -> RuleFacts:
        """The union of every matching rule's capabilities; limits from the first that has
        them."""
        key = rules_key(model_id)
        caps: set[Capability] = set()
        context: int | None = None
        max_output: int | None = None
        matched = False
        for rule in self.rules:
            if not rule.applies(key, model_type):
                continue
            matched = True
            caps |= rule.capabilities
            context = context if context is not None else rule.context_length
            max_output = max_output if max_output is not None else rule.max_output_tokens
        return RuleFacts(frozenset(caps), context, max_output, matched)


def rules_key(model_id: str) -> str:
    """What rules match against: the id's last ``/`` segment (``openai/gpt-4o`` -> ``gpt-4o``),
    lower-cased."""
    return model_id.rsplit("/", 1)[-1].strip().lower()


def parse_rules(text: str, origin: str = "capability rules") -> CapabilityRules:
    """Read and check a rules document.

    Raises:
        CapabilityRulesError: Not TOML, a wrong version, an unknown key, a bad regular
            expression, an unknown capability or model type, a limit that is not a positive
            integer, or a rule that says nothing.
    """
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CapabilityRulesError(f"{origin}: not valid TOML ({exc}).") from None
    unknown = sorted(set(doc) - {"version", "rule"})
    if unknown:
        raise CapabilityRulesError(f"{origin}: unknown top-level key(s): {', '.join(unknown)}.")
    if doc.get("version") != RULES_VERSION:
        raise CapabilityRulesError(
            f"{origin}: version must be {RULES_VERSION}, not {doc.get('version')!r}."
        )
    raw_rules = doc.get("rule", [])
    if not isinstance(raw_rules, list):
        raise CapabilityRulesError(f"{origin}: 'rule' must be an array of tables ([[rule]]).")
    rules = tuple(_parse_rule(raw, f"{origin}, rule {n}") for n, raw in enumerate(raw_rules, 1))
    return CapabilityRules(rules, origin)


def read_rules(path: Path) -> CapabilityRules:
    """Read and check the rules file at ``path``.

    Raises:
        CapabilityRulesError: It cannot be read or is malformed.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CapabilityRulesError(f"{path}: cannot be read ({exc}).") from None
    return parse_rules(text, path.name)


@functools.cache
def builtin_rules() -> CapabilityRules:
    """The built-in rules (read once).

    Raises:
        CapabilityRulesError: The shipped file is malformed (a test keeps it from shipping).
    """
    return read_rules(RULES_PATH)


def _parse_rule(raw: Any, where: str) -> CapabilityRule:
    if not isinstance(raw, dict):
        raise CapabilityRulesError(f"{where}: must be a table.")
    unknown = sorted(set(raw) - _RULE_KEYS)
    if unknown:
        raise CapabilityRulesError(f"{where}: unknown key(s): {', '.join(unknown)}.")
    pattern = _regex(raw.get("match"), where, "match")
    if pattern is None:
        raise CapabilityRulesError(f"{where}: 'match' (a regular expression) is required.")
    exclude = _regex(raw.get("exclude"), where, "exclude")
    caps: set[Capability] = set()
    for value in _string_list(raw.get("capabilities", []), where, "capabilities"):
        try:
            caps.add(Capability(value))
        except ValueError:
            allowed = ", ".join(c.value for c in Capability)
            raise CapabilityRulesError(
                f"{where}: unknown capability {value!r} (use one of: {allowed})."
            ) from None
    types: set[ModelType] = set()
    for value in _string_list(raw.get("types", ["llm"]), where, "types"):
        try:
            types.add(ModelType(value))
        except ValueError:
            allowed = ", ".join(t.value for t in ModelType)
            raise CapabilityRulesError(
                f"{where}: unknown model type {value!r} (use one of: {allowed})."
            ) from None
    if not types:
        raise CapabilityRulesError(f"{where}: 'types' must name at least one model type.")
    context = _limit(raw.get("context_length"), where, "context_length")
    max_output = _limit(raw.get("max_output_tokens"), where, "max_output_tokens")
    if not caps and context is None and max_output is None:
        raise CapabilityRulesError(f"{where}: the rule gives no capability and no limit.")
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise CapabilityRulesError(f"{where}: 'note' must be text.")
    return CapabilityRule(
        pattern, exclude, frozenset(caps), frozenset(types), context, max_output, note
    )


def _regex(value: Any, where: str, key: str) -> re.Pattern[str] | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise CapabilityRulesError(f"{where}: '{key}' must be a non-empty regular expression.")
    try:
        return re.compile(value, re.IGNORECASE)
    except re.error as exc:
        raise CapabilityRulesError(
            f"{where}: '{key}' {value!r} is not a valid regular expression ({exc})."
        ) from None


def _string_list(value: Any, where: str, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CapabilityRulesError(f"{where}: '{key}' must be a list of names.")
    return list(value)


def _limit(value: Any, where: str, key: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise CapabilityRulesError(f"{where}: '{key}' must be a positive whole number of tokens.")
    return value


# -- what the provider says ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ModelFacts:
    """What a provider's own metadata says about one model.

    Attributes:
        capabilities: The capabilities the metadata says the model has.
        covered: Every capability the metadata speaks about, had or not (a superset of
            ``capabilities``); rules never touch these.
        context_length: Context window in tokens, when given.
        max_output_tokens: Most output tokens, when given.
        price: Price per million tokens, when published.
    """

    capabilities: frozenset[Capability] = frozenset()
    covered: frozenset[Capability] = frozenset()
    context_length: int | None = None
    max_output_tokens: int | None = None
    price: ModelPrice | None = None

    @classmethod
    def from_flags(cls, flags: Mapping[Capability, bool | None], **limits: Any) -> ModelFacts:
        """Facts from ``{capability: has it}``; a None value means "not said"."""
        said = {cap: has for cap, has in flags.items() if has is not None}
        return cls(
            capabilities=frozenset(cap for cap, has in said.items() if has),
            covered=frozenset(said),
            **limits,
        )

    def merged(self, other: ModelFacts) -> ModelFacts:
        """These facts, with ``other``'s added where these say nothing."""
        return ModelFacts(
            capabilities=self.capabilities | (other.capabilities - self.covered),
            covered=self.covered | other.covered,
            context_length=self.context_length or other.context_length,
            max_output_tokens=self.max_output_tokens or other.max_output_tokens,
            price=self.price or other.price,
        )


def complete(
    model: ModelDefinition,
    facts: ModelFacts | None = None,
    *,
    rules: CapabilityRules | None = None,
    match_id: str | None = None,
) -> ModelDefinition:
    """``model`` with its capabilities, limits and price set.

    The provider's facts come first; rules (the built-in ones unless ``rules`` is given)
    fill only capabilities the facts do not cover, and limits the facts and the model lack.
    ``capability_source`` is ``rules`` when a rule added a capability, else ``provider`` when
    the metadata spoke about any, else ``""``.

    Args:
        model: The definition as the adapter built it (its ``context_length`` is kept).
        facts: What the provider's metadata says; None when it says nothing.
        rules: The rules to use (tests pass their own).
        match_id: The id the rules match instead of ``model.id`` (an Azure deployment's
            base model).
    """
    facts = facts or ModelFacts()
    found = (rules or builtin_rules()).lookup(match_id or model.id, model.model_type)
    guessed = found.capabilities - facts.covered
    if guessed:
        source = "rules"
    elif facts.covered:
        source = "provider"
    else:
        source = ""
    return dataclasses.replace(
        model,
        capabilities=facts.capabilities | guessed,
        context_length=model.context_length or facts.context_length or found.context_length,
        max_output_tokens=facts.max_output_tokens
        or model.max_output_tokens
        or found.max_output_tokens,
        price=facts.price or model.price,
        capability_source=source,
    )


# -- shared readers of common metadata shapes -------------------------------------------------


def positive_int(value: Any) -> int | None:
    """``value`` when it is a positive whole number (JSON ``8192`` or ``8192.0``), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    number = int(value)
    return number if number > 0 else None


def per_million(value: Any) -> float | None:
    """A per-token price (``"0.0000025"``, USD) as the price of a million tokens (``2.5``).

    ``"0"`` is a real price of zero. Missing, malformed or negative values (OpenRouter sends
    ``"-1"`` for a router whose price is not fixed) mean "not published": None. Decimal
    arithmetic keeps the conversion exact.
    """
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0:
        return None
    return float(amount * _MILLION)


def price_from(prompt: Any, completion: Any, currency: str = "USD") -> ModelPrice | None:
    """A :class:`ModelPrice` from per-token input and output prices; None when neither is
    published."""
    price_in, price_out = per_million(prompt), per_million(completion)
    if price_in is None and price_out is None:
        return None
    return ModelPrice(price_in, price_out, currency)


def modality_flags(inputs: Any) -> dict[Capability, bool | None]:
    """Vision and audio input from an ``input_modalities`` list (OpenRouter, xAI, Jina);
    nothing said when there is no list."""
    if not isinstance(inputs, list):
        return {}
    names = {str(m).lower() for m in inputs}
    return {Capability.VISION: "image" in names, Capability.AUDIO_IN: "audio" in names}


#: ``capabilities`` object keys (Mistral ``ModelCapabilities``) and what they mean here.
_CAPABILITY_OBJECT_KEYS = {
    "function_calling": Capability.TOOLS,
    "vision": Capability.VISION,
    "audio": Capability.AUDIO_IN,
}
#: Boolean list-entry fields (Moonshot ``supports_image_in``, ``supports_reasoning``).
_SUPPORTS_FIELDS = {
    "supports_image_in": Capability.VISION,
    "supports_reasoning": Capability.REASONING,
}
#: Where OpenAI-compatible lists put a model's context window.
CONTEXT_FIELDS = ("context_length", "context_window", "max_context_length", "max_model_len")


def openai_style_facts(item: Mapping[str, Any]) -> ModelFacts:
    """Facts from the documented extras OpenAI-compatible lists carry beyond ``id``.

    Mistral: ``capabilities`` {function_calling, vision, audio} booleans, ``max_context_length``.
    Groq: ``context_window``. vLLM: ``max_model_len``. xAI: ``input_modalities``. Moonshot:
    ``supports_image_in``, ``supports_reasoning``, ``context_length``. An OpenRouter-shaped
    gateway: ``architecture.input_modalities``, ``supported_parameters``, ``pricing``,
    ``top_provider.max_completion_tokens``. Only keys that are present count as said.
    """
    flags: dict[Capability, bool | None] = {}
    caps = item.get("capabilities")
    if isinstance(caps, dict):
        for key, cap in _CAPABILITY_OBJECT_KEYS.items():
            if isinstance(caps.get(key), bool):
                flags[cap] = caps[key]
    for key, cap in _SUPPORTS_FIELDS.items():
        if isinstance(item.get(key), bool):
            flags[cap] = item[key]
    flags.update(modality_flags(item.get("input_modalities")))
    facts = ModelFacts.from_flags(
        flags,
        context_length=next(
            (n for n in (positive_int(item.get(f)) for f in CONTEXT_FIELDS) if n), None
        ),
    )
    if isinstance(item.get("architecture"), dict) or isinstance(
        item.get("supported_parameters"), list
    ):
        facts = facts.merged(openrouter_facts(item))
    return facts


#: OpenRouter ``supported_parameters`` values and the capability each shows.
_PARAMETER_CAPABILITIES = {
    "tools": Capability.TOOLS,
    "tool_choice": Capability.TOOLS,
    "reasoning": Capability.REASONING,
    "include_reasoning": Capability.REASONING,
    "reasoning_effort": Capability.REASONING,
    "response_format": Capability.JSON,
    "structured_outputs": Capability.JSON,
}


def openrouter_facts(item: Mapping[str, Any]) -> ModelFacts:
    """Facts from an OpenRouter ``Model`` (PROVIDERS.md §2.4, spec ``Model``).

    ``architecture.input_modalities`` image -> vision, audio -> audio_in;
    ``supported_parameters`` tools/tool_choice -> tools, reasoning/include_reasoning/
    reasoning_effort -> reasoning, response_format/structured_outputs -> json (a list covers
    all three); a non-null ``reasoning`` object -> reasoning; ``context_length`` (else
    ``top_provider.context_length``); ``top_provider.max_completion_tokens``;
    ``pricing.prompt`` / ``pricing.completion`` in USD per token.
    """
    arch = item.get("architecture")
    flags: dict[Capability, bool | None] = dict(
        modality_flags(arch.get("input_modalities") if isinstance(arch, dict) else None)
    )
    params = item.get("supported_parameters")
    if isinstance(params, list):
        named = {str(p).lower() for p in params}
        for cap in (Capability.TOOLS, Capability.REASONING, Capability.JSON):
            flags[cap] = any(p in named for p, c in _PARAMETER_CAPABILITIES.items() if c is cap)
    if isinstance(item.get("reasoning"), dict):
        flags[Capability.REASONING] = True
    top = item.get("top_provider")
    top = top if isinstance(top, dict) else {}
    pricing = item.get("pricing")
    pricing = pricing if isinstance(pricing, dict) else {}
    return ModelFacts.from_flags(
        flags,
        context_length=positive_int(item.get("context_length"))
        or positive_int(top.get("context_length")),
        max_output_tokens=positive_int(top.get("max_completion_tokens")),
        price=price_from(pricing.get("prompt"), pricing.get("completion")),
    )


def legacy_names(capabilities: Iterable[Capability], order: Iterable[Capability]) -> list[str]:
    """Capability names in a family's historic ``extra["capabilities"]`` order."""
    chosen = set(capabilities)
    return [cap.value for cap in order if cap in chosen]
