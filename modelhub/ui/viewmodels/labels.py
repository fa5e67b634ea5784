"""The domain's names (model types, statuses, capabilities) in the window's language.

The domain layer words them in English and knows nothing of Qt; these tables mark the same
words for Qt's translation tools (``QT_TRANSLATE_NOOP``), and the functions look them up at
display time, so ``LLM`` stays ``LLM`` and ``Text Embedding`` becomes ``文本向量``.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from modelhub.domain.models import Capability, ModelType, ValidationStatus

_TYPE_LABELS = {
    ModelType.LLM: QT_TRANSLATE_NOOP("ModelType", "LLM"),
    ModelType.EMBEDDING: QT_TRANSLATE_NOOP("ModelType", "Text Embedding"),
    ModelType.RERANK: QT_TRANSLATE_NOOP("ModelType", "Rerank"),
    ModelType.TTS: QT_TRANSLATE_NOOP("ModelType", "TTS"),
    ModelType.SPEECH_TO_TEXT: QT_TRANSLATE_NOOP("ModelType", "Speech-to-Text"),
}
_TYPE_SHORT = {
    ModelType.LLM: QT_TRANSLATE_NOOP("ModelTypeShort", "LLM"),
    ModelType.EMBEDDING: QT_TRANSLATE_NOOP("ModelTypeShort", "Embedding"),
    ModelType.RERANK: QT_TRANSLATE_NOOP("ModelTypeShort", "Rerank"),
    ModelType.TTS: QT_TRANSLATE_NOOP("ModelTypeShort", "TTS"),
    ModelType.SPEECH_TO_TEXT: QT_TRANSLATE_NOOP("ModelTypeShort", "STT"),
}
_CAPABILITIES = {
    Capability.VISION: QT_TRANSLATE_NOOP("Capability", "Vision"),
    Capability.TOOLS: QT_TRANSLATE_NOOP("Capability", "Tools"),
    Capability.REASONING: QT_TRANSLATE_NOOP("Capability", "Reasoning"),
    Capability.JSON: QT_TRANSLATE_NOOP("Capability", "Structured output"),
    Capability.AUDIO_IN: QT_TRANSLATE_NOOP("Capability", "Audio input"),
}
#: The badge words (``wording.status_label`` translates them in the "Status" context).
STATUS_WORDS = (
    QT_TRANSLATE_NOOP("Status", "Valid"),
    QT_TRANSLATE_NOOP("Status", "Invalid key"),
    QT_TRANSLATE_NOOP("Status", "No credit"),
    QT_TRANSLATE_NOOP("Status", "Restricted"),
    QT_TRANSLATE_NOOP("Status", "Rate limited"),
    QT_TRANSLATE_NOOP("Status", "Unreachable"),
    QT_TRANSLATE_NOOP("Status", "Bad response"),
    QT_TRANSLATE_NOOP("Status", "Not configured"),
    QT_TRANSLATE_NOOP("Status", "Checking…"),
    QT_TRANSLATE_NOOP("Status", "Cannot decrypt"),
    QT_TRANSLATE_NOOP("Status", "Invalid"),
)
#: ``wording.relative_time``'s plural phrases (it reaches Qt through a helper lupdate cannot
#: follow).
TIME_WORDS = (
    QT_TRANSLATE_NOOP("Time", "%n minute(s) ago"),
    QT_TRANSLATE_NOOP("Time", "%n hour(s) ago"),
    QT_TRANSLATE_NOOP("Time", "%n day(s) ago"),
    QT_TRANSLATE_NOOP("Time", "%n month(s) ago"),
    QT_TRANSLATE_NOOP("Time", "%n year(s) ago"),
)


def type_label(model_type: ModelType) -> str:
    """The model type's full name (``Text Embedding``)."""
    return QCoreApplication.translate(
        "ModelType", str(_TYPE_LABELS.get(model_type, model_type.label))
    )


def type_short_label(model_type: ModelType) -> str:
    """The model type's compact name for chips and columns (``Embedding``, ``STT``)."""
    text = str(_TYPE_SHORT.get(model_type, model_type.short_label))
    return QCoreApplication.translate("ModelTypeShort", text)


def capability_label(capability: Capability) -> str:
    """The capability's name (``Vision``)."""
    text = str(_CAPABILITIES.get(capability, capability.label))
    return QCoreApplication.translate("Capability", text)


def validation_label(status: ValidationStatus) -> str:
    """The validation status's badge word (``Invalid key``)."""
    return QCoreApplication.translate("Status", status.label)
