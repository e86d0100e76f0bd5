"""JSON Schema of the plan's files, generated from the models, for editors and check-jsonschema."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from actionplan import model
from actionplan.fieldnames import field_text
from actionplan.fiscal import CALENDAR_YEAR_PATTERN, FISCAL_YEAR_PATTERN, MONTH_PATTERN
from actionplan.licenses import LICENSES

DIALECT = "https://json-schema.org/draft/2020-12/schema"

KINDS: dict[str, tuple[type[BaseModel], str, str]] = {
    "item": (
        model.Item,
        "項目ファイル（items/<項目番号>.yaml）",
        "計画の項目 1 件: 項目名、概要、内容、主管課、区分、年度別計画",
    ),
    "plan": (
        model.PlanMeta,
        "計画ファイル（plan.yaml）",
        "計画の構成（柱・目標）、記載の項目数、主管課・区分・段階・進捗区分の一覧",
    ),
    "progress": (
        model.ProgressFile,
        "進捗ファイル（progress/<年度>.yaml）",
        "進捗状況調査の回答: 項目 × 年度 × 主管課ごとの進捗区分、取組実績、評価など",
    ),
}

# Free text and vocabulary words must hold something other than white space.
NOT_BLANK = r"\S"


class _PlanSchema(GenerateJsonSchema):
    """Pydantic's generator, told what our before/after validators accept."""

    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema) -> JsonSchemaValue:
        function = schema["function"]["function"]
        if function is model._fiscal_year:
            return {
                "anyOf": [
                    {"type": "integer", "minimum": 1900, "maximum": 2200},
                    {"type": "string", "pattern": FISCAL_YEAR_PATTERN},
                ],
                "description": "fiscal year: 2020, FY2020, R2, 令和2年度, 令和元年度 …",
            }
        if function is model._calendar_year:
            return {
                "anyOf": [
                    {"type": "integer", "minimum": 1900, "maximum": 2200},
                    {"type": "string", "pattern": CALENDAR_YEAR_PATTERN},
                ],
                "description": "calendar year: 2022, 2022年",
            }
        inner = super().function_before_schema(schema)
        if function is model._word and inner.get("type") == "string":
            inner = {**inner, "pattern": NOT_BLANK}
        return inner

    def function_after_schema(self, schema: core_schema.AfterValidatorFunctionSchema) -> JsonSchemaValue:
        inner = super().function_after_schema(schema)
        if schema["function"]["function"] is model._no_blank and inner.get("type") == "string":
            inner = {**inner, "pattern": NOT_BLANK}
        return inner


def json_schema(kind: str, meta: model.PlanMeta | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of file: ``item``, ``plan`` or ``progress``.

    With the plan's ``meta``, vocabulary fields of items and progress answers (区分, 主管課,
    段階, 進捗区分, 評価) only accept the words its plan.yaml lists, as ``validate`` does.
    """
    cls, title, description = KINDS[kind]
    generated = cls.model_json_schema(schema_generator=_PlanSchema)
    _fiscal_year_keys(generated)
    _period_months(generated)
    _field_texts(cls.__name__, generated)
    for name, definition in generated.get("$defs", {}).items():
        _field_texts(name, definition)
        if name in FIELD_TEXT_MODELS:
            definition["title"], definition["description"] = FIELD_TEXT_MODELS[name]
    license_schema = _string_schema(generated["properties"]["license"]) if kind == "plan" else None
    if license_schema is not None:  # one of the known identifiers, whatever the plan (validate's rule)
        license_schema["enum"] = list(LICENSES)
    if meta is not None and kind != "plan":
        for definition in [generated, *generated.get("$defs", {}).values()]:
            _vocabularies(definition, meta)
    body = {k: v for k, v in generated.items() if k not in ("title", "description")}
    return {"$schema": DIALECT, "title": title, "description": description, **body}


def _field_texts(model_name: str, schema: dict[str, Any]) -> None:
    for field, prop in schema.get("properties", {}).items():
        text = field_text(model_name, field)
        if text is None:
            continue  # the test names the field; an editor shows the English name meanwhile
        prop["title"], prop["description"] = text


FIELD_TEXT_MODELS: dict[str, tuple[str, str]] = {
    "Goal": ("目標", "柱の下の目標"),
    "Pillar": ("柱", "計画の柱（基本方針）"),
    "Period": ("計画期間", "計画の年度と現状の年度"),
    "Stated": ("記載の項目数", "計画書に記載された項目数"),
    "Source": ("出典", "資料名、URL、ページ"),
    "Labels": ("各部の呼び方", "計画が柱・目標・項目・主管課・区分を何と呼ぶか"),
    "Milestone": ("期限・到達目標", "期限の年度と到達目標"),
    "TagDef": ("区分（凡例）", "区分の略称と意味"),
    "PhaseKind": ("段階の種類", "段階の種類（色分けの単位）"),
    "PhaseDef": ("段階", "段階の名称と種類"),
    "StatusDef": ("進捗区分", "進捗区分の名称、意味、集計区分"),
    "IndicatorRef": ("再掲元の指標", "再掲する指標がある項目の番号と、その指標の識別子"),
    "Draft": ("次期計画の下書き", "下書きの元になった計画"),
    "PlanRef": ("計画", "計画の名称と計画期間"),
    "CarriedFrom": ("引き継ぎ元", "前の計画と、その計画での項目番号"),
    "DepartmentRename": ("組織改正", "主管課の旧名称、新名称、日付"),
    "Answer": ("回答", "ある項目・年度についての、ある主管課の進捗状況調査の回答"),
    "RatingDef": ("評価", "評価の名称、意味、達成率の下限"),
    "Indicator": ("指標", "指標の識別子、名称、単位、目指す方向、基準値、年度ごとの目標値"),
    "Baseline": ("現状値", "現状値（数値または文章）と、その年度・年・調査"),
}

# Vocabulary fields of items and answers, and the plan.yaml list each takes its words from.
VOCABULARIES: dict[str, Callable[[model.PlanMeta], list[str]]] = {
    "tags": lambda meta: [t.name for t in meta.tags],
    "departments": lambda meta: list(meta.departments),
    "department": lambda meta: list(meta.departments),
    "phases": lambda meta: [p.name for p in meta.phases],
    "status": lambda meta: [s.name for s in meta.statuses],
    "rating": lambda meta: [str(getattr(r, "name", r)) for r in getattr(meta, "ratings", [])],
}


def _vocabularies(schema: dict[str, Any], meta: model.PlanMeta) -> None:
    for field, prop in schema.get("properties", {}).items():
        words_of = VOCABULARIES.get(field)
        if field == "schedule":
            target: dict[str, Any] | None = prop.get("additionalProperties", {}).get("items")
            words = VOCABULARIES["phases"](meta)
        elif words_of is not None:
            words = words_of(meta)
            target = _string_schema(prop)
        else:
            continue
        if target is not None and words:
            target["enum"] = words


def _string_schema(prop: dict[str, Any]) -> dict[str, Any] | None:
    """The string schema inside a field's schema: itself, its array items, or its non-null choice."""
    if prop.get("type") == "string":
        return prop
    if prop.get("type") == "array" and isinstance(prop.get("items"), dict):
        return _string_schema(prop["items"])
    for choice in prop.get("anyOf", []):
        if choice.get("type") == "string":
            found: dict[str, Any] = choice
            return found
    return None


def _fiscal_year_keys(schema: dict[str, Any]) -> None:
    # An item's schedule is keyed by fiscal year; pydantic says nothing about dict keys.
    schedule = schema.get("properties", {}).get("schedule")
    if isinstance(schedule, dict) and schedule.get("type") == "object":
        schedule["propertyNames"] = {"pattern": FISCAL_YEAR_PATTERN}
        schedule["description"] = "phases planned per fiscal year; keys: 2020, R2, 令和2年度 …"


def _period_months(schema: dict[str, Any]) -> None:
    # Period's start and end may name a month; the model turns it into a fiscal year and a month.
    period = schema.get("$defs", {}).get("Period", {}).get("properties", {})
    for key in ("start", "end"):
        if key in period:
            year = period[key]
            period[key] = {"anyOf": [*year["anyOf"], {"type": "string", "pattern": MONTH_PATTERN}]}
