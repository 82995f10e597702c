"""`{% odk_media_links interview %}`: the sealed photographs and documents sent with it from Collect."""

from __future__ import annotations

from typing import Any

from django import template

from kua.interviews.models import Interview
from kua.odk.media import media_names

register = template.Library()


@register.inclusion_tag("odk/media_links.html")
def odk_media_links(interview: Interview) -> dict[str, Any]:
    return {"interview": interview, "names": media_names(interview)}
