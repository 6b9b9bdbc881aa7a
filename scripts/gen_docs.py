"""Generate the documents that would otherwise drift from the code (docs/settings.md, docs/cli.md,
docs/api.md, docs/export-schema.json) and the figures of techniques and stretches
(src/legcare/content/figures/*.svg, drawn by legcare/reports/figures.py).

`python scripts/gen_docs.py` writes them; `--check` fails when a file differs from what the
code says.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURES_DIR = ROOT / "src" / "legcare" / "content" / "figures"


def generated() -> dict[Path, str]:
    from legcare.cli_reference import cli_markdown
    from legcare.interop.export_schema import export_schema_json
    from legcare.reports.figures import figure_files
    from legcare.settings import settings_markdown
    from legcare.web.api_reference import api_markdown

    return {
        ROOT / "docs" / "settings.md": settings_markdown(),
        ROOT / "docs" / "cli.md": cli_markdown(),
        ROOT / "docs" / "api.md": api_markdown(),
        ROOT / "docs" / "export-schema.json": export_schema_json(),
    } | {FIGURES_DIR / name: svg for name, svg in figure_files().items()}


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for path, text in generated().items():
        current = path.read_text() if path.exists() else None
        if current != text:
            if check:
                stale.append(path.relative_to(ROOT))
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text)
    if stale:
        names = ", ".join(str(p) for p in stale)
        sys.stderr.write(f"Out of date: {names}. Run: python scripts/gen_docs.py\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
