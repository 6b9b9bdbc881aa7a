"""A per-user cache of the built content (knowledge base, questionnaire and rules).

Reading the YAML, validating it with pydantic and building the domain objects takes tens of
milliseconds plus the import of PyYAML: most of a short command. The result depends only on the
content files and on the code that builds it, so it is pickled once into the user cache folder
(``platformdirs.user_cache_dir("legcare")``, e.g. ``~/.cache/legcare``, 0700) under a key that
hashes the content bytes, the building code and the Python version. A changed content file or a
new legcare version gives a new key, so a stale build is never used; a cache that cannot be read
or written is ignored (the content is then built as before). Only content that validated is
cached: a mistake in the content is reported every time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from legcare.domain.knowledge import KnowledgeBase
    from legcare.domain.screening.ruleset import ScreeningContent

T = TypeVar("T")

PACKAGE_DIR = Path(__file__).resolve().parent.parent
CONTENT_DIR = PACKAGE_DIR / "content"
KB_FILES = (
    "sources.yaml",
    "conditions.yaml",
    "techniques.yaml",
    "exercises.yaml",
    "advice.yaml",
    "precautions.yaml",
    "clinician_questions.yaml",
)
QUESTIONS_FILE = "questions.yaml"
RULES_FILE = "screening_rules.yaml"
# The code whose change changes what the content builds into.
CODE_DIRS = ("domain/knowledge", "domain/screening", "domain/plans")
CODE_FILES = ("store/knowledge_files.py", "store/questionnaire_files.py", "store/content_cache.py")


def cache_dir() -> Path:
    """The user cache folder (XDG_CACHE_HOME on Linux)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("legcare", appauthor=False))


def _code_files() -> list[Path]:
    files = [PACKAGE_DIR / name for name in CODE_FILES]
    for folder in CODE_DIRS:
        files += sorted((PACKAGE_DIR / folder).glob("*.py"))
    return files


def content_key(kind: str, content_files: Iterable[Path]) -> str:
    """The cache key: a hash of the content bytes, the building code and the Python version."""
    digest = hashlib.sha256(f"{kind}\0{sys.version}\0".encode())
    for path in [*content_files, *_code_files()]:
        try:
            data = path.read_bytes()
        except OSError:
            data = b"<missing>"
        digest.update(str(path.name).encode() + b"\0" + data + b"\0")
    return digest.hexdigest()[:32]


def cached(kind: str, content_files: Iterable[Path], build: Callable[[], T]) -> T:
    """``build()``, or its pickled result from an earlier run with the same key."""
    files = list(content_files)
    key = content_key(kind, files)
    folder = cache_dir()
    path = folder / f"{kind}-{key}.pickle"
    try:
        if not _private(folder, path):
            raise PermissionError(f"{folder} is not private to this user: not read")
        with path.open("rb") as fh:
            stored_key, value = pickle.load(fh)  # noqa: S301 (our own file, 0600 in a 0700 folder)
        if stored_key == key:
            return value  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 (a missing, partial or old cache file: build instead)
        pass
    value = build()
    _write(folder, path, kind, (key, value))
    return value


def _private(folder: Path, path: Path) -> bool:
    """True when the folder and the file belong to this user and nobody else can write them
    (only then is the file unpickled)."""
    if not hasattr(os, "getuid"):
        return True  # Windows: the per-user profile folder is private
    for item in (folder, path):
        info = item.stat()
        if info.st_uid != os.getuid() or info.st_mode & 0o022:
            return False
    return True


def _write(folder: Path, path: Path, kind: str, payload: object) -> None:
    import tempfile

    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for old in folder.glob(f"{kind}-*.pickle"):
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except Exception:  # noqa: BLE001, S110 (no cache: the next run builds again)
        pass


@cache
def load_knowledge_base(directory: Path | None = None) -> KnowledgeBase:
    """The knowledge base, read once per process (and per directory), and built from the YAML
    only when the content or the code that builds it changed since the last run."""
    folder = Path(directory) if directory is not None else CONTENT_DIR

    def build() -> KnowledgeBase:
        from legcare.store.knowledge_files import read_knowledge_base

        return read_knowledge_base(directory)

    return cached("knowledge", [folder / name for name in KB_FILES], build)


@cache
def load_screening_content(directory: Path | None = None) -> ScreeningContent:
    """The Check content (questionnaire and rules), read once per process (and per
    directory), and built from the YAML only when it or its code changed since the last run."""
    folder = Path(directory) if directory is not None else CONTENT_DIR

    def build() -> ScreeningContent:
        from legcare.store.questionnaire_files import read_screening_content

        return read_screening_content(directory)

    return cached("screening", [folder / QUESTIONS_FILE, folder / RULES_FILE], build)


__all__ = [
    "CONTENT_DIR",
    "KB_FILES",
    "QUESTIONS_FILE",
    "RULES_FILE",
    "cache_dir",
    "cached",
    "content_key",
    "load_knowledge_base",
    "load_screening_content",
]
