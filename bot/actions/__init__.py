"""Thin Rasa adapters: read the tracker, call logic and knowledge, say the result."""
