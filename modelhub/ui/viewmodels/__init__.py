"""View-models: QObjects exposing signals, async commands and list models (QtCore only)."""
