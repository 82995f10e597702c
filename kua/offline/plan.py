"""What the offline page needs to check an entry with no network: the web entry's compiled
logic (the same plan form-logic.js runs) with each constraint and its message added."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from kua.interviews import rendering
from kua.questionnaires import expressions as ex
from kua.questionnaires.spec import FormSpec


def offline_logic(spec: FormSpec) -> dict[str, Any]:
    """`rendering.logic(spec)`, each field with a constraint given `constraint` (the AST the
    validator compiles) and `cmessage` (its message in the active language)."""
    plan = rendering.logic(spec)
    # Metadata (the documenter, the start time) has no control on the page: the server fills it.
    plan["items"] = [item for item in plan["items"] if item.get("kind") != "metadata"]
    default = _("This answer is not allowed here.")
    for item in plan["items"]:
        name = item.get("field")
        if name is None:
            continue
        spec_field = spec.field(name)
        if spec_field.constraint is None or not spec_field.takes_answer:
            continue
        item["constraint"] = ex.to_json(spec_field.constraint)
        item["cmessage"] = rendering.pick(dict(spec_field.constraint_message), spec) or default
    return plan
