"""`docs/api.md`, generated from the app's own OpenAPI schema (see scripts/gen_docs.py).

The app is built on a throwaway SQLite database in a temporary folder (building it opens the
database); nothing else is read, so the text depends on the code alone.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def openapi_schema() -> dict[str, Any]:
    """The OpenAPI document of a local-mode app on a temporary SQLite database."""
    from legcare.settings import Settings
    from legcare.web.app import create_app

    with tempfile.TemporaryDirectory(prefix="legcare-api-doc-") as tmp:
        data_dir = Path(tmp)
        settings = Settings(
            data_dir=data_dir, database_url=f"sqlite:///{data_dir / 'api.db'}", mode="local"
        )
        app = create_app(settings)
        try:
            schema: dict[str, Any] = app.openapi()
        finally:
            app.state.ctx.store.dispose()
    return schema


def _cell(text: object) -> str:
    """One Markdown table cell: a single line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _type_name(schema: dict[str, Any]) -> str:
    """A short, readable type for a JSON schema: ``integer``, ``date``, ``CheckinCreate``."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema or "oneOf" in schema:
        parts = [_type_name(s) for s in schema.get("anyOf", schema.get("oneOf", []))]
        return " or ".join(p for p in parts if p != "null") + (
            " or null" if "null" in parts else ""
        )
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    kind = schema.get("type")
    if kind == "array":
        return f"list of {_type_name(schema.get('items', {}))}"
    if kind == "string" and "format" in schema:
        return str(schema["format"])
    if kind is None:
        return "any"
    return str(kind)


def _limits(schema: dict[str, Any]) -> str:
    bits = []
    for key, label in (
        ("minimum", ">="),
        ("exclusiveMinimum", ">"),
        ("maximum", "<="),
        ("exclusiveMaximum", "<"),
        ("minLength", "length >="),
        ("maxLength", "length <="),
        ("minItems", "items >="),
        ("maxItems", "items <="),
        ("pattern", "pattern"),
    ):
        if key in schema:
            bits.append(f"{label} {schema[key]}")
    for sub in schema.get("anyOf", []):
        bits.extend(_limits(sub).split("; ") if _limits(sub) else [])
    return "; ".join(bits)


def _body_schema(content: dict[str, Any]) -> str:
    names = []
    for media, spec in content.items():
        schema = spec.get("schema")
        names.append(f"`{media}`" + (f" {_type_name(schema)}" if schema else ""))
    return ", ".join(names)


def _operation(path: str, method: str, op: dict[str, Any]) -> list[str]:
    lines = [f"### `{method.upper()} {path}`", "", f"**{op.get('summary', '')}**", ""]
    if op.get("description"):
        lines += [" ".join(op["description"].split()), ""]
    params = op.get("parameters", [])
    if params:
        lines += [
            "| parameter | in | type | required | default | limits | description |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for p in params:
            schema = p.get("schema", {})
            default = f"`{schema['default']}`" if "default" in schema else ""
            lines.append(
                f"| `{p['name']}` | {p['in']} | {_cell(_type_name(schema))} | "
                f"{'yes' if p.get('required') else 'no'} | {_cell(default)} | "
                f"{_cell(_limits(schema))} | {_cell(p.get('description', ''))} |"
            )
        lines.append("")
    body = op.get("requestBody")
    if body:
        required = "required" if body.get("required") else "optional"
        lines += [f"Request body ({required}): {_body_schema(body.get('content', {}))}", ""]
    lines += ["| response | description | body |", "| --- | --- | --- |"]
    for code, resp in sorted(op.get("responses", {}).items()):
        lines.append(
            f"| {code} | {_cell(resp.get('description', ''))} | "
            f"{_cell(_body_schema(resp.get('content', {})))} |"
        )
    lines.append("")
    return lines


def _schema_section(name: str, schema: dict[str, Any]) -> list[str]:
    lines = [f"### `{name}`", ""]
    if schema.get("description"):
        lines += [" ".join(schema["description"].split()), ""]
    props = schema.get("properties", {})
    if not props:
        return [*lines, f"Type: {_type_name(schema)}", ""]
    required = set(schema.get("required", []))
    lines += [
        "| field | type | required | limits | description |",
        "| --- | --- | --- | --- | --- |",
    ]
    for field, spec in props.items():
        lines.append(
            f"| `{field}` | {_cell(_type_name(spec))} | {'yes' if field in required else 'no'} | "
            f"{_cell(_limits(spec))} | {_cell(spec.get('description', ''))} |"
        )
    lines.append("")
    return lines


def api_markdown(schema: dict[str, Any] | None = None) -> str:
    """The text of ``docs/api.md``: every path and method, then every schema."""
    spec = schema if schema is not None else openapi_schema()
    info = spec.get("info", {})
    lines = [
        "# HTTP API reference",
        "",
        "<!-- Generated by scripts/gen_docs.py from the app's OpenAPI schema. Do not edit. -->",
        "",
        f"{info.get('title', 'legcare')} {info.get('version', '')}: "
        f"{' '.join(str(info.get('description', '')).split())}",
        "",
        "The running app serves this schema at `/api/v1/openapi.json` (no interactive view: "
        "it would load its files from a CDN). Errors share one JSON shape: "
        '`{"ok": false, "error": "...", "status": 4xx, "details": [...]}`. '
        "Unsafe requests a browser could have sent (with an `Origin` header, a form body, or "
        "a server-mode session cookie) must carry the CSRF token in `X-CSRF-Token` or the "
        "`csrf_token` form field; see `legcare.web.security`.",
        "",
        "## Endpoints",
        "",
    ]
    for path, item in spec.get("paths", {}).items():
        for method in HTTP_METHODS:
            if method in item:
                lines += _operation(path, method, item[method])
    schemas = spec.get("components", {}).get("schemas", {})
    if schemas:
        lines += ["## Schemas", ""]
        for name in sorted(schemas):
            lines += _schema_section(name, schemas[name])
    return "\n".join(lines).rstrip() + "\n"
