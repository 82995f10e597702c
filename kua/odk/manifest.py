"""Reading the submission manifest (`xml_submission_file`) of an encrypted ODK submission."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from kua.odk.crypto import Manifest

SUBMISSION_NS = "{http://opendatakit.org/submissions}"
OPENROSA_NS = "{http://openrosa.org/xforms}"
MAX_NAME = 200


class ManifestError(Exception):
    """Not a manifest of an encrypted submission; `code` says why (for the response)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def parse_manifest(data: bytes) -> Manifest:
    """The manifest's fields. ManifestError("not_encrypted") for a clear submission."""
    try:
        root = SafeET.fromstring(data)
    except (SafeET.ParseError, DefusedXmlException, ValueError):
        raise ManifestError("unreadable") from None
    if root.get("encrypted", "").lower() != "yes" or root.tag != f"{SUBMISSION_NS}data":
        raise ManifestError("not_encrypted")
    form_id = root.get("id", "")
    instance_id = root.get("instanceID", "") or _text(root, f"{OPENROSA_NS}meta/{OPENROSA_NS}instanceID")
    manifest = Manifest(
        form_id=form_id,
        version=root.get("version") or None,
        instance_id=instance_id,
        base64_key=_text(root, f"{SUBMISSION_NS}base64EncryptedKey"),
        media=tuple(_text(m, f"{SUBMISSION_NS}file") for m in root.findall(f"{SUBMISSION_NS}media")),
        xml_file=_text(root, f"{SUBMISSION_NS}encryptedXmlFile"),
        base64_signature=_text(root, f"{SUBMISSION_NS}base64EncryptedElementSignature"),
    )
    names = (*manifest.media, manifest.xml_file)
    if not all((form_id, instance_id, manifest.base64_key, manifest.xml_file, manifest.base64_signature)):
        raise ManifestError("incomplete")
    if len(instance_id) > 100 or any(not _safe_name(name) for name in names) or len(set(names)) != len(names):
        raise ManifestError("incomplete")
    return manifest


def _text(element: Element, path: str) -> str:
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def _safe_name(name: str) -> bool:
    """A plain file name as Collect writes them (1538040007350.jpg.enc): no path, no quotes."""
    return len(name) <= MAX_NAME and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*\.enc", name) is not None
