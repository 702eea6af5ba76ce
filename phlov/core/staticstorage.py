"""Static files as whitenoise stores them (hashed names, gzip and brotli copies), compressed
only when they changed.

Whitenoise compresses every file again on every ``collectstatic``, and ``phlov demo`` runs
one at each start: about 15 seconds of two cores for the admin's, the API pages' and
Phlov's own files. Here a file with a hashed name keeps its compressed copies (the name says
the content is the same; Django writes scripts and styles again on each run, so their dates
say nothing), and any other file keeps copies newer than itself.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from whitenoise.storage import CompressedManifestStaticFilesStorage

COPIES = (".br", ".gz")


class IncrementalCompressedManifestStorage(CompressedManifestStaticFilesStorage):
    def _compressed_is_current(self, name: str, hashed: set[str]) -> bool:
        path = self.path(name)
        if name in hashed:
            return any(os.path.exists(path + suffix) for suffix in COPIES)
        try:
            changed = os.stat(path).st_mtime_ns
        except FileNotFoundError:
            return False
        found = False
        for suffix in COPIES:
            try:
                # Whitenoise gives a copy its file's time, through a float: equal to the µs.
                if os.stat(path + suffix).st_mtime_ns < changed - 1_000:
                    return False
                found = True
            except FileNotFoundError:
                continue
        return found

    def compress_files(self, paths: Iterable[str]) -> Iterator[tuple[str, str]]:
        hashed = set(self.hashed_files.values())
        stale = [name for name in paths if not self._compressed_is_current(name, hashed)]
        yield from super().compress_files(stale)
