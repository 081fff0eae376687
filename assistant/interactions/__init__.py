"""Interaction store: every answered turn and feedback, redacted, in any SQLAlchemy database (ADR 0007)."""

from assistant.interactions.recorder import Recorder, open_recorder
from assistant.interactions.store import InteractionStore
from assistant.interactions.writer import BackgroundWriter

__all__ = ["BackgroundWriter", "InteractionStore", "Recorder", "open_recorder"]
