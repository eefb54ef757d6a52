"""JSON Schema of the files caicach reads, generated from the models, for editors and CI.

Draft 7, because the YAML language server (VS Code's YAML extension) reads draft 7 and below."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from caicach.plan.model import (
    PlanFile,
    ProgressFile,
    RegistryFile,
    ReportingFile,
    ScoringFile,
    TargetFile,
)
from caicach.plan.office import OfficeFile

MODELS: dict[str, type[BaseModel]] = {
    "plan": PlanFile,
    "agencies": RegistryFile,
    "progress": ProgressFile,
    "scoring": ScoringFile,
    "reporting": ReportingFile,
    "office": OfficeFile,
    "targets": TargetFile,
}
TITLES = {
    "plan": "caicach plan (kế hoạch CCHC)",
    "agencies": "caicach agency registry (danh mục cơ quan)",
    "progress": "caicach progress log (nhật ký tiến độ)",
    "scoring": "caicach scoring scale (thang điểm)",
    "reporting": "caicach reporting calendar (lịch báo cáo)",
    "office": "caicach office settings (thông tin cơ quan gửi văn bản)",
    "targets": "caicach targets (chỉ tiêu và số liệu đo được)",
}


def json_schema(kind: str) -> dict[str, Any]:
    schema = MODELS[kind].model_json_schema(ref_template="#/definitions/{model}")
    definitions = schema.pop("$defs", {})
    schema["title"] = TITLES[kind]
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        **schema,
        "definitions": definitions,
    }


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"
