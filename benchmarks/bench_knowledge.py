"""Knowledge base: in-process cold read (YAML + validation + build), warm load, search.

Baselines: parsing the same YAML files with PyYAML's pure-Python SafeLoader (what the loader
would cost without libyaml), and a lookup by id for the search rows. The fresh-process load row
is in bench_startup.
"""

from __future__ import annotations

from collections.abc import Callable
from difflib import get_close_matches

import yaml

from benchmarks.harness import Row, make_row, peak_memory_mib, time_call


def rows(quick: bool) -> list[Row]:
    from legcare.domain.knowledge.search import _close_names
    from legcare.store.knowledge_files import (
        CONTENT_DIR,
        KB_FILES,
        load_knowledge_base,
        read_knowledge_base,
    )

    repeat = 5 if quick else 20
    texts = [(CONTENT_DIR / name).read_bytes() for name in KB_FILES]

    def parse(loader: type) -> None:
        for text in texts:
            yaml.load(text, Loader=loader)

    base = make_row(
        "knowledge",
        "parse KB YAML, pure-Python SafeLoader",
        time_call(lambda: parse(yaml.SafeLoader), repeat=repeat),
    )
    vs_base = {"baseline_ms": base.median_ms, "baseline_name": "pure-Python parse"}
    c_loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    fast = make_row(
        "knowledge",
        f"parse KB YAML, {c_loader.__name__}",
        time_call(lambda: parse(c_loader), repeat=repeat),
        **vs_base,
    )
    cold = make_row(
        "knowledge",
        "read + validate + build KB (in-process, no cache)",
        time_call(read_knowledge_base, repeat=repeat),
        peak_mib=peak_memory_mib(read_knowledge_base),
        target="< 100 ms",
        **vs_base,
    )
    load_knowledge_base()
    warm = make_row(
        "knowledge",
        "load_knowledge_base() warm (cached)",
        time_call(load_knowledge_base, repeat=repeat * 50),
        **vs_base,
    )
    kb = load_knowledge_base()
    titles = [e.title.lower() for e in kb.entries()]
    scan = make_row(
        "knowledge",
        "difflib.get_close_matches over titles",
        time_call(lambda: get_close_matches("trigger point therapy", titles, n=5), repeat=100),
    )
    vs_scan = {"baseline_ms": scan.median_ms, "baseline_name": "get_close_matches"}

    def fresh(text: str) -> Callable[[], object]:
        def run() -> object:
            _close_names.cache_clear()  # as if these words were never typed before
            return kb.search(text)

        return run

    search = make_row(
        "knowledge",
        "search 'trigger point therapy' (words seen before)",
        time_call(lambda: kb.search("trigger point therapy"), repeat=repeat * 5),
        target="< 20 ms",
        **vs_scan,
    )
    search_new = make_row(
        "knowledge",
        "search 'trigger point therapy' (new words)",
        time_call(fresh("trigger point therapy"), repeat=repeat * 5),
        target="< 20 ms",
        **vs_scan,
    )
    closest = make_row(
        "knowledge",
        "closest topics for a misspelling (new words)",
        time_call(fresh("plantr fascitis strech"), repeat=repeat * 5),
        target="< 20 ms",
        **vs_scan,
    )
    return [base, fast, cold, warm, scan, search, search_new, closest]
