"""`cloned-note`: a near-duplicate of an earlier note of the same client.

Notes become sets of word 3-grams (lower-cased, digits folded so a changed date or
score does not hide a copy) summarised by MinHash; a MinHash LSH index (datasketch)
finds candidates in constant time per query, so checking against 100,000 earlier
notes stays in milliseconds. The index is built once from texts (the caller reads the
files) and queried per note.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from notewell.core.check.base import CheckContext, finding
from notewell.core.models import Finding

NUM_PERM = 128
SHINGLE = 3
_WORD = re.compile(r"[a-z]+|\d+")
_CLIENT = re.compile(
    r"(?im)^\s*client(?:\s*(?:id|name))?\s*:\s*(?P<id>[A-Z](?:\.?\s?[A-Z])*\.?|[\w-]*\d[\w-]*)(?=\s|$)"
)


def client_of(text: str) -> str | None:
    """The client identifier a note's header gives ("Client: A.B."), if any."""
    match = _CLIENT.search(text)
    return re.sub(r"[\s.]", "", match.group("id")).upper() if match else None


def shingles(text: str) -> set[bytes]:
    words = ["0" if w[0].isdigit() else w for w in _WORD.findall(text.lower())]
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


@dataclass(frozen=True, slots=True)
class CloneMatch:
    key: Hashable
    similarity: float


class HistoryIndex:
    """Earlier notes, indexed for near-duplicate queries.

    >>> index = HistoryIndex.from_texts({"2026-09-07.txt": "Client reported ..."})
    >>> index.query("Client reported ...")  # [CloneMatch(key='2026-09-07.txt', similarity=1.0)]
    """

    def __init__(self, threshold: float = 0.8, num_perm: int = NUM_PERM) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        # Candidates come from a looser LSH band setting; the estimate then decides.
        self._lsh = MinHashLSH(threshold=max(0.3, threshold - 0.15), num_perm=num_perm)
        self._seed = MinHash(num_perm=num_perm)  # permutations shared by every signature
        self._signatures: dict[Hashable, np.ndarray[Any, Any]] = {}
        self._clients: dict[Hashable, str | None] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def _minhash(self, text: str) -> MinHash:
        minhash = MinHash(
            num_perm=self.num_perm,
            permutations=self._seed.permutations,
            scheme="affine32",
            hashfunc=zlib.crc32,  # fast and stable across processes
        )
        minhash.update_batch(shingles(text))
        return minhash

    def add(self, key: Hashable, text: str, client: str | None = None) -> None:
        if key in self._signatures:
            raise ValueError(f"duplicate history key {key!r}")
        minhash = self._minhash(text)
        self._lsh.insert(key, minhash, check_duplication=False)
        self._signatures[key] = minhash.hashvalues
        self._clients[key] = client if client is not None else client_of(text)

    @classmethod
    def from_texts(
        cls,
        texts: dict[Hashable, str] | Iterable[tuple[Hashable, str]],
        threshold: float = 0.8,
    ) -> HistoryIndex:
        index = cls(threshold=threshold)
        items = texts.items() if isinstance(texts, dict) else texts
        for key, text in items:
            index.add(key, text)
        return index

    def query(
        self, text: str, client: str | None = None, exclude: Hashable | None = None
    ) -> list[CloneMatch]:
        """Earlier notes at or above the similarity threshold, most similar first.

        Notes whose header names a different client are skipped; notes without a
        client identifier are compared (a history folder is usually one client's).
        """
        client = client if client is not None else client_of(text)
        minhash = self._minhash(text)
        matches = []
        for key in self._lsh.query(minhash):
            if key == exclude:
                continue
            other = self._clients.get(key)
            if client and other and client != other:
                continue
            similarity = float(np.mean(self._signatures[key] == minhash.hashvalues))
            if similarity >= self.threshold:
                matches.append(CloneMatch(key, round(similarity, 3)))
        return sorted(matches, key=lambda m: -m.similarity)


def check_clone(ctx: CheckContext, exclude: Hashable | None = None) -> list[Finding]:
    if ctx.history is None or len(ctx.history) == 0:
        return []
    matches = ctx.history.query(ctx.text, exclude=exclude)
    threshold = ctx.profile.thresholds.clone_similarity
    matches = [m for m in matches if m.similarity >= threshold]
    if not matches:
        return []
    best = matches[0]
    more = f" (and {len(matches) - 1} more)" if len(matches) > 1 else ""
    return [
        finding(
            "cloned-note",
            f"Near-duplicate of earlier note {best.key} (similarity {best.similarity:.0%}){more}.",
            ctx.whole_note(),
            "Document what was specific to this session: today's report, the interventions "
            "used, the client's response and progress since the last note.",
        )
    ]
