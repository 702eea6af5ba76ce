"""collectstatic compresses a file again only when it changed (phlov demo runs it at each start)."""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from typing import Any

from django.core.management import call_command

STORAGE = "phlov.core.staticstorage.IncrementalCompressedManifestStorage"
SCRIPT = "var greeting = 'hello, world, hello, world, hello, world, hello, world, hello';\n" * 20


def collect(settings: Any, source: Path, root: Path) -> dict[str, int]:
    settings.STATICFILES_DIRS = [source]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATIC_ROOT = root
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": STORAGE}}
    call_command("collectstatic", interactive=False, verbosity=0)
    # ctime: whitenoise gives a copy its file's modification time, but writing it sets ctime.
    return {str(p.relative_to(root)): p.stat().st_ctime_ns for p in root.rglob("*.gz")}


def test_unchanged_files_keep_their_compressed_copies_and_changed_ones_get_new_ones(
    settings: Any, tmp_path: Path
) -> None:
    source, root = tmp_path / "source", tmp_path / "static"
    (source / "app").mkdir(parents=True)
    (source / "app" / "greet.js").write_text(SCRIPT)
    (source / "app" / "style.css").write_text("body { margin: 0; }\n" * 40 + "a { color: red; }\n")
    first = collect(settings, source, root)
    assert {name.rsplit("/", 1)[-1].split(".")[0] for name in first} == {"greet", "style"}
    assert len(first) == 4  # each file under its own name and its hashed name
    assert collect(settings, source, root) == first

    edited = source / "app" / "greet.js"
    edited.write_text(SCRIPT.replace("hello", "sous-dei"))
    # collectstatic compares whole seconds: the edit comes later than the copy it made.
    later = edited.stat().st_mtime + 5
    os.utime(edited, (later, later))
    third = collect(settings, source, root)
    assert third["app/style.css.gz"] == first["app/style.css.gz"]
    assert third["app/greet.js.gz"] != first["app/greet.js.gz"]
    assert b"sous-dei" in gzip.decompress((root / "app" / "greet.js.gz").read_bytes())
    hashed = [n for n in third if n.startswith("app/greet.") and n != "app/greet.js.gz"]
    assert len(hashed) == 2 and all(gzip.decompress((root / n).read_bytes()) for n in hashed)
