"""Decisions in plain Python. Nothing here imports Rasa."""
