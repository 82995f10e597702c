"""The XForm Collect downloads: made by pyxform from the version's XLSForm, with the
organisation's RSA public key as `public_key`, so Collect encrypts every finalised form.

No `submission_url` is set: Collect then posts to `<server URL>/submission` of the link it
was configured with (as with ODK Central), so one XForm serves every person's link."""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from kua.questionnaires.models import FormVersion


@dataclass(frozen=True)
class XForm:
    xml: bytes

    @property
    def md5(self) -> str:
        return hashlib.md5(self.xml).hexdigest()  # noqa: S324  (what the OpenRosa form list names)


def xform_for(version: FormVersion, public_key_base64: str) -> XForm:
    """Cached per form version and key: the same bytes (and hash) every time."""
    return _xform(version.pk, version.sha256, public_key_base64)


@lru_cache(maxsize=16)
def _xform(pk: int, sha256: str, public_key_base64: str) -> XForm:
    from pyxform.builder import create_survey_element_from_dict  # pyxform is slow to import
    from pyxform.xls2json import workbook_to_json
    from pyxform.xls2json_backends import get_xlsform

    version = FormVersion.objects.only("workbook", "filename").get(pk=pk)
    data = bytes(version.workbook)
    file_type = ".xls" if data.startswith(b"\xd0\xcf\x11\xe0") else ".xlsx"
    workbook = get_xlsform(BytesIO(data), file_type=file_type)
    stem = Path(version.filename).stem or "form"
    survey_json = workbook_to_json(
        workbook_dict=copy.deepcopy(workbook), fallback_form_name=stem, warnings=[]
    )
    survey_json["public_key"] = public_key_base64
    xml = create_survey_element_from_dict(survey_json).to_xml(validate=False, pretty_print=False)
    return XForm(_post_method(xml).encode("utf-8"))


def _post_method(xml: str) -> str:
    """pyxform writes method="post" only beside an action; the spec's element has it without."""
    bare = "<submission base64RsaPublicKey="
    if xml.count(bare) != 1:
        raise ValueError("pyxform wrote no single <submission> element with the public key")
    return xml.replace(bare, '<submission method="post" base64RsaPublicKey=', 1)
