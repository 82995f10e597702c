"""OpenRosa documents: the form list and the submission response (ElementTree, never by hand)."""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement, tostring

from django.http import HttpResponse

FORM_LIST_NS = "http://openrosa.org/xforms/xformsList"
RESPONSE_NS = "http://openrosa.org/http/response"
OPENROSA_VERSION = "1.0"


def openrosa(response: HttpResponse) -> HttpResponse:
    response["X-OpenRosa-Version"] = OPENROSA_VERSION
    # Django logs every 4xx with the request's path, and the path holds the secret token.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def xml_response(root: Element, status: int = 200) -> HttpResponse:
    body = tostring(root, encoding="utf-8", xml_declaration=True)
    return openrosa(HttpResponse(body, status=status, content_type="text/xml; charset=utf-8"))


def form_list(entries: list[dict[str, str]]) -> Element:
    root = Element("xforms", xmlns=FORM_LIST_NS)
    for entry in entries:
        xform = SubElement(root, "xform")
        for name in ("formID", "name", "version", "hash", "downloadUrl"):
            SubElement(xform, name).text = entry[name]
    return root


def message(text: str, nature: str) -> Element:
    root = Element("OpenRosaResponse", xmlns=RESPONSE_NS)
    SubElement(root, "message", nature=nature).text = text
    return root
