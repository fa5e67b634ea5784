"""Widgets only. Views talk to view-models, never to services or storage."""
