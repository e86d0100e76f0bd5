"""JSON Schema of the plan's files, generated from the models, for editors and check-jsonschema."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from actionplan import model

DIALECT = "https://json-schema.org/draft/2020-12/schema"

KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "item": (model.Item, "items/<id>.yaml: one item (項目) of the plan"),
    "plan": (model.PlanMeta, "plan.yaml: the plan's structure, stated counts and vocabularies"),
    "progress": (model.ProgressFile, "progress/<name>.yaml: status records (進捗管理)"),
}

# The fiscal-year forms parse_fiscal_year reads (2020, FY2020, R2, R02, 令和2年度, 令和元年度 …),
# as an ECMA-262 pattern; editors and check-jsonschema see YAML keys such as 2020 as strings.


def _d(digits: str) -> str:
    """A class of ASCII and full-width digits: _d("0-9") == "[0-9０-９]"."""
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in digits)
    return f"[{digits}{wide}]"


_WESTERN = f"(?:{_d('1')}{_d('9')}|{_d('2')}{_d('0-1')}){_d('0-9')}{{2}}|{_d('2')}{_d('2')}{_d('0')}{_d('0')}"
_ERA_NUMBER = f"{_d('0')}?{_d('1-9')}|{_d('1-9')}{_d('0-9')}|元"
FISCAL_YEAR_PATTERN = (
    rf"^\s*(?:[FfＦｆ][YyＹｙ])?(?:{_WESTERN})(?:年度|年)?\s*$"
    rf"|^\s*(?:令和|平成|昭和|[RrHhSsＲｒＨｈＳｓ])(?:{_ERA_NUMBER})(?:年度|年)?\s*$"
)
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
        inner = super().function_before_schema(schema)
        if function is model.normalize and inner.get("type") == "string":
            inner = {**inner, "pattern": NOT_BLANK}
        return inner

    def function_after_schema(self, schema: core_schema.AfterValidatorFunctionSchema) -> JsonSchemaValue:
        inner = super().function_after_schema(schema)
        if schema["function"]["function"] is model._no_blank and inner.get("type") == "string":
            inner = {**inner, "pattern": NOT_BLANK}
        return inner


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of file: ``item``, ``plan`` or ``progress``."""
    cls, title = KINDS[kind]
    generated = cls.model_json_schema(schema_generator=_PlanSchema)
    _fiscal_year_keys(generated)
    return {"$schema": DIALECT, "title": title, **{k: v for k, v in generated.items() if k != "title"}}


def _fiscal_year_keys(schema: dict[str, Any]) -> None:
    # An item's schedule is keyed by fiscal year; pydantic says nothing about dict keys.
    schedule = schema.get("properties", {}).get("schedule")
    if isinstance(schedule, dict) and schedule.get("type") == "object":
        schedule["propertyNames"] = {"pattern": FISCAL_YEAR_PATTERN}
        schedule["description"] = "phases planned per fiscal year; keys: 2020, R2, 令和2年度 …"
