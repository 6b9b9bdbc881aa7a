"""The content cache: a run with unchanged content uses the stored build (and imports neither
PyYAML nor pydantic); changed, broken or unreadable content is never served from it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from legcare.errors import KnowledgeBaseError
from legcare.store import content_cache
from legcare.store.content_cache import (
    CONTENT_DIR,
    KB_FILES,
    QUESTIONS_FILE,
    RULES_FILE,
    cached,
    content_key,
)
from legcare.store.knowledge_files import read_knowledge_base
from legcare.store.questionnaire_files import read_screening_content


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "legcare"


def copy_content(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in (*KB_FILES, QUESTIONS_FILE, RULES_FILE):
        shutil.copy(CONTENT_DIR / name, target / name)
    shutil.copytree(CONTENT_DIR / "figures", target / "figures")  # techniques name their figure
    return target


def test_the_second_load_is_the_stored_build(cache_home: Path, tmp_path: Path) -> None:
    folder = copy_content(tmp_path / "content")
    files = [folder / n for n in KB_FILES]
    builds: list[int] = []

    def build() -> object:
        builds.append(1)
        return read_knowledge_base(folder)

    first = cached("knowledge", files, build)
    second = cached("knowledge", files, build)
    assert len(builds) == 1
    assert second.content_version == first.content_version  # type: ignore[attr-defined]
    assert [s.id for s in second.sources] == [s.id for s in first.sources]  # type: ignore[attr-defined]
    stored = list(cache_home.glob("knowledge-*.pickle"))
    assert len(stored) == 1
    assert stored[0].stat().st_mode & 0o077 == 0
    assert cache_home.stat().st_mode & 0o077 == 0


def test_a_changed_content_file_is_built_again(cache_home: Path, tmp_path: Path) -> None:
    folder = copy_content(tmp_path / "content")
    files = [folder / n for n in KB_FILES]
    before = content_key("knowledge", files)
    first = cached("knowledge", files, lambda: read_knowledge_base(folder))
    sources = folder / "sources.yaml"
    sources.write_text(sources.read_text() + "\n# an edit\n")
    assert content_key("knowledge", files) != before
    second = cached("knowledge", files, lambda: read_knowledge_base(folder))
    assert second.content_version != first.content_version
    assert len(list(cache_home.glob("knowledge-*.pickle"))) == 1  # the old build is removed


def test_a_damaged_cache_file_is_ignored(cache_home: Path, tmp_path: Path) -> None:
    folder = copy_content(tmp_path / "content")
    files = [folder / n for n in KB_FILES]
    cached("knowledge", files, lambda: read_knowledge_base(folder))
    (stored,) = cache_home.glob("knowledge-*.pickle")
    stored.write_bytes(b"not a pickle")
    again = cached("knowledge", files, lambda: read_knowledge_base(folder))
    assert again.content_version == read_knowledge_base(folder).content_version


def test_broken_content_is_reported_every_time_and_not_stored(
    cache_home: Path, tmp_path: Path
) -> None:
    folder = copy_content(tmp_path / "content")
    (folder / "advice.yaml").write_text("advice: [")
    for _ in range(2):
        with pytest.raises(KnowledgeBaseError, match="advice.yaml: not valid YAML"):
            cached("knowledge", [folder / n for n in KB_FILES], lambda: read_knowledge_base(folder))
    assert not list(cache_home.glob("knowledge-*.pickle"))


def test_an_unwritable_cache_folder_still_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file: no folder can be made in it
    content = cached("screening", [CONTENT_DIR / QUESTIONS_FILE], read_screening_content)
    assert content.version == read_screening_content().version


def test_the_loaders_give_what_the_readers_build(cache_home: Path) -> None:
    content_cache.load_knowledge_base.cache_clear()
    content_cache.load_screening_content.cache_clear()
    try:
        assert (
            content_cache.load_knowledge_base().content_version
            == read_knowledge_base().content_version
        )
        assert content_cache.load_screening_content().version == read_screening_content().version
    finally:
        content_cache.load_knowledge_base.cache_clear()
        content_cache.load_screening_content.cache_clear()


def test_a_cached_load_imports_no_yaml_and_no_pydantic(cache_home: Path) -> None:
    code = (
        "import sys, json\n"
        "from legcare.store.content_cache import load_knowledge_base, load_screening_content\n"
        "load_knowledge_base(); load_screening_content()\n"
        "print(json.dumps([m for m in ('yaml', 'pydantic', 'sqlalchemy') if m in sys.modules]))\n"
    )
    env_first = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(env_first.stdout) == ["yaml", "pydantic"]  # the first run builds
    second = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(second.stdout) == []


def test_a_cache_file_others_could_write_is_not_read(cache_home: Path, tmp_path: Path) -> None:
    folder = copy_content(tmp_path / "content")
    files = [folder / n for n in KB_FILES]
    builds: list[int] = []

    def build() -> object:
        builds.append(1)
        return read_knowledge_base(folder)

    cached("knowledge", files, build)
    (stored,) = cache_home.glob("knowledge-*.pickle")
    stored.chmod(0o666)
    cached("knowledge", files, build)
    assert len(builds) == 2  # built again rather than unpickled
