"""Serve the few files Phlov needs from npm packages, not whole package folders.

The npm packages carry hundreds of variants (every Pico colour theme, every font weight and
subset); collecting them all would make set-up slow and the static folder large.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage

# static folder -> (folder inside node_modules, file names taken from it)
VENDOR_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "vendor/htmx": ("htmx.org/dist", ("htmx.min.js",)),
    "vendor/pico": ("@picocss/pico/css", ("pico.min.css",)),
    "vendor/noto-sans-khmer": (
        "@fontsource/noto-sans-khmer/files",
        ("noto-sans-khmer-khmer-400-normal.woff2", "noto-sans-khmer-khmer-700-normal.woff2"),
    ),
}


class NodeModulesFinder(BaseFinder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        root = Path(settings.NODE_MODULES)
        self.sources: dict[str, Path] = {}
        self.storages: dict[str, FileSystemStorage] = {}
        for prefix, (folder, names) in VENDOR_FILES.items():
            storage = FileSystemStorage(location=str(root / folder))
            storage.prefix = prefix  # type: ignore[attr-defined]
            self.storages[prefix] = storage
            for name in names:
                self.sources[f"{prefix}/{name}"] = root / folder / name

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        missing = [str(path) for path in self.sources.values() if not path.exists()]
        if missing:
            return [Error(f"npm files missing: {', '.join(missing)}", hint="Run 'npm ci'.", id="phlov.E001")]
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:  # str, or a list with find_all
        source = self.sources.get(path)
        if source is None or not source.exists():
            return [] if find_all else ""
        return [str(source)] if find_all else str(source)

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for prefix, (_folder, names) in VENDOR_FILES.items():
            for name in names:
                if self.sources[f"{prefix}/{name}"].exists():
                    yield name, self.storages[prefix]
