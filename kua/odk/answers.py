"""A decrypted Collect instance (submission.xml) as the raw answers a web entry gives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from kua.questionnaires.spec import FormSpec

_META = "meta"


class InstanceUnreadable(Exception):
    """Not an XForm instance of the form the manifest names."""


@dataclass(frozen=True)
class Instance:
    form_id: str
    version: str
    instance_id: str
    leaves: dict[str, str]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_instance(xml: bytes) -> Instance:
    try:
        root = SafeET.fromstring(xml)
    except (SafeET.ParseError, DefusedXmlException, ValueError):
        raise InstanceUnreadable() from None
    leaves: dict[str, str] = {}
    instance_id = ""
    stack = list(root)
    while stack:
        element = stack.pop(0)
        children = list(element)
        if _local(element.tag) == _META:
            instance_id = next((c.text or "" for c in children if _local(c.tag) == "instanceID"), "").strip()
            continue
        if children:
            stack = children + stack
        else:
            leaves[_local(element.tag)] = (element.text or "").strip()
    return Instance(root.get("id", ""), root.get("version", ""), instance_id, leaves)


def raw_answers(spec: FormSpec, instance: Instance) -> dict[str, Any]:
    """The answered questions, as the web form posts them (select_multiple as a list)."""
    raw: dict[str, Any] = {}
    for field in spec.fields:
        value = instance.leaves.get(field.name, "")
        if not field.takes_answer or value == "":
            continue
        raw[field.name] = value.split() if field.kind == "select_multiple" else value
    return raw
