"""JSON Schema of what `-f json` prints, made from the shapes render/data.py builds.

Draft 7, as the schemas of the input files (authoring/schema.py). Every object's fields are
always all there but the few marked NotRequired, and no other: each object gets
`additionalProperties: false`, so a field added to the output without its shape, or renamed,
fails validation. Imported by `caicach schema --output` only (pydantic is slow to import)."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from caicach.render.formats.shapes import CheckData, ListedRow, MatrixData, ShownItem, SummaryData

OUTPUTS: dict[str, Any] = {
    "overdue": list[ListedRow],
    "list": list[ListedRow],
    "show": ShownItem,
    "summary": SummaryData,
    "matrix": MatrixData,
    "validate": CheckData,
}


def _closed(node: Any) -> None:
    """`additionalProperties: false` on every object that lists its properties."""
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            node.setdefault("additionalProperties", False)
        for value in node.values():
            _closed(value)
    elif isinstance(node, list):
        for value in node:
            _closed(value)


def output_schema(command: str) -> dict[str, Any]:
    adapter: TypeAdapter[Any] = TypeAdapter(OUTPUTS[command])
    schema = adapter.json_schema(ref_template="#/definitions/{model}", mode="serialization")
    definitions = schema.pop("$defs", {})
    _closed(schema)
    _closed(definitions)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        **schema,
        "title": f"caicach {command} -f json",
        "definitions": definitions,
    }
