"""Sentence vectors of training texts, kept on disk from one training to the next.

Encoding every training example is the longest step of training (about three minutes for 15 600
texts on a 2-core machine), and a change to a few examples used to pay it again in full. The store
keeps each training text's vector under the text's SHA-256 and the encoder build it came from
(encoder, package version, digests of its weights and engine), so a vector is reused only by the
very same encoder. Only training texts are stored: what people write to the running bot never
reaches this file. `OMBUDSGUIDEN_VECTOR_STORE=off` turns the store off (a full training, as the
benchmark measures it). The store only saves time: when it cannot be used, training goes on
without it and says so in its log.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

SETTING = "OMBUDSGUIDEN_VECTOR_STORE"
_OFF = frozenset({"off", "0", "false", "no", "nej"})
# sqlite waits this long for another training that is writing at the same moment.
BUSY_SECONDS = 60
# The featurizer logs this line after training; bot/runtime/model_cache.py reads it (a training that
# reused vectors is not a full one).
COUNT_LINE = "Sentence vectors: {encoded} encoded, {stored} from the store"
COUNT_PATTERN = re.compile(r"Sentence vectors: (\d+) encoded, (\d+) from the store")
# What makes the store unusable (no folder, a locked or broken file, an encoder whose build cannot be
# told): training goes on without it.
UNAVAILABLE = (OSError, sqlite3.Error, ValueError, ImportError, LookupError, AttributeError)


def user_cache_dir() -> Path:
    """Ombudsguiden's folder in the user's cache (the trained models live there too)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ombudsguiden"


def default_path() -> Path | None:
    """The configured store, or one in the user's cache folder; None when it is turned off."""
    configured = os.environ.get(SETTING, "").strip()
    if configured.lower() in _OFF:
        return None
    if configured:
        if not Path(configured).is_absolute():
            logger.warning(f"{SETTING}={configured!r} is not an absolute path; training goes on without stored vectors")
            return None
        return Path(configured)
    return user_cache_dir() / "sentence-vectors.sqlite3"


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as content:
        for block in iter(lambda: content.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class StoredVectors:
    def __init__(self, path: Path, encoder_build: str, dimensions: int) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._connection = sqlite3.connect(path, timeout=BUSY_SECONDS)
        self._connection.execute("CREATE TABLE IF NOT EXISTS vectors (encoder TEXT NOT NULL, text_sha256 TEXT NOT NULL,"
                                 " vector BLOB NOT NULL, PRIMARY KEY (encoder, text_sha256))")
        self._encoder_build = encoder_build
        self._dimensions = dimensions

    def find(self, texts: Iterable[str]) -> dict[str, np.ndarray]:
        """The stored vectors of those `texts` that have a whole, finite one."""
        found = {}
        for text in texts:
            row = self._connection.execute("SELECT vector FROM vectors WHERE encoder = ? AND text_sha256 = ?",
                                           (self._encoder_build, _key(text))).fetchone()
            if row is not None and len(row[0]) == 4 * self._dimensions:
                vector = np.frombuffer(row[0], dtype=np.float32)
                if np.isfinite(vector).all():
                    found[text] = vector
        return found

    def keep(self, vectors: Mapping[str, np.ndarray]) -> None:
        with self._connection:
            self._connection.executemany(
                "INSERT OR REPLACE INTO vectors (encoder, text_sha256, vector) VALUES (?, ?, ?)",
                [(self._encoder_build, _key(text), np.asarray(vector, dtype=np.float32).tobytes())
                 for text, vector in vectors.items()])
