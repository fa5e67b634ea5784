"""The domain's names (model types, statuses, capabilities) in the window's language.

The domain layer words them in English and knows nothing of Qt; these tables mark the same
words for Qt's translation tools (``QT_TRANSLATE_NOOP``), and the functions look them up at
display time, so ``LLM`` stays ``LLM`` and ``Text Embedding`` becomes ``文本向量``.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from modelhub.domain.models import Capability, ModelType, ValidationStatus
from modelhub.ui.i18n import current_language

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


#: Qt's own words (standard dialog buttons, a line edit's context menu): PySide6-Essentials
#: ships no Qt catalogs, so ours answers Qt's contexts too.
QT_WORDS = (
    QT_TRANSLATE_NOOP("QPlatformTheme", "OK"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Cancel"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Save"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Save All"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Open"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Close"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Apply"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Reset"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Help"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Discard"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Don't Save"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Close without Saving"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Restore Defaults"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Yes"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "&Yes"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Yes to All"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "No"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "&No"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "No to All"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Abort"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Retry"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Ignore"),
    QT_TRANSLATE_NOOP("QLineEdit", "&Undo"),
    QT_TRANSLATE_NOOP("QLineEdit", "&Redo"),
    QT_TRANSLATE_NOOP("QLineEdit", "Cu&t"),
    QT_TRANSLATE_NOOP("QLineEdit", "&Copy"),
    QT_TRANSLATE_NOOP("QLineEdit", "&Paste"),
    QT_TRANSLATE_NOOP("QLineEdit", "Delete"),
    QT_TRANSLATE_NOOP("QLineEdit", "Select All"),
)
#: What a status means, in our words: providers word their answers in English, so a window
#: in another language says this instead (the provider's own words stay in English).
_SENTENCES = {
    "valid": QT_TRANSLATE_NOOP("StatusSentence", "{provider} accepted the key."),
    "invalid_credentials": QT_TRANSLATE_NOOP(
        "StatusSentence", "{provider} refused the key: check that it is complete and active."
    ),
    "invalid": QT_TRANSLATE_NOOP("StatusSentence", "{provider} refused the key."),
    "no_credit": QT_TRANSLATE_NOOP(
        "StatusSentence", "{provider} accepted the key, but the account has no credit left."
    ),
    "restricted": QT_TRANSLATE_NOOP(
        "StatusSentence", "{provider} accepted the key, with restricted permissions."
    ),
    "rate_limited": QT_TRANSLATE_NOOP(
        "StatusSentence", "{provider} accepted the key but is limiting its requests."
    ),
    "unreachable": QT_TRANSLATE_NOOP("StatusSentence", "{provider} could not be reached."),
    "bad_response": QT_TRANSLATE_NOOP(
        "StatusSentence", "{provider} answered in a way ModelHub does not understand."
    ),
    "unreadable": QT_TRANSLATE_NOOP(
        "StatusSentence",
        "The stored key cannot be decrypted: the encryption key may have changed.",
    ),
}


#: The services' start-up notices (worded in English), as ``(pattern, translation)``.
_NOTICES = (
    (
        re.compile(
            r"^A new encryption key was generated and stored in (?P<where>.+?)\. Back it up"
        ),
        QT_TRANSLATE_NOOP(
            "Notice",
            "A new encryption key was generated and stored in {where}. Back it up: without it "
            "the saved provider keys cannot be decrypted.",
        ),
    ),
    (
        re.compile(r"^Skipped a provider preset: (?P<problem>.+)$", re.DOTALL),
        QT_TRANSLATE_NOOP("Notice", "Skipped a provider preset: {problem}"),
    ),
)


def notice_text(notice: str, language: str | None = None) -> str:
    """A start-up notice of the services in the window's language (as is in English or when
    it is not one we know)."""
    if (language or current_language()) == "en":
        return notice
    for pattern, text in _NOTICES:
        found = pattern.match(notice)
        if found:
            return QCoreApplication.translate("Notice", str(text)).format(**found.groupdict())
    return notice


def status_message(key: str, provider: str, message: str, language: str | None = None) -> str:
    """What a check said: the provider's own ``message`` in English; in another language
    our sentence for the status key (``valid``, ``no_credit`` ...), or ``message`` when the
    key has none."""
    if (language or current_language()) == "en" or not message or key not in _SENTENCES:
        return message
    return QCoreApplication.translate("StatusSentence", str(_SENTENCES[key])).format(
        provider=provider
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
