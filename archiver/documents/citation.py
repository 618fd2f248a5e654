"""`CITATION.cff`: Citation File Format 1.2.0 for this release (type: dataset).

`license` is written only when settings.license maps to an SPDX id (the CFF schema accepts SPDX ids
only); for "other" the license name and note go into `message`, with no `license`.

CFF requires `authors`. With none configured there is no CITATION.cff at all: a made-up author (the
dataset's name) would be a placeholder presented as a fact, and `release` names `authors` as unset.
"""

from __future__ import annotations

from typing import Any

import yaml

from archiver.documents._common import hub_url, license_label, released_date, spdx_license
from archiver.metadata import ReleaseInfo


def render(info: ReleaseInfo) -> str | None:
    """The CITATION.cff text, or None when no authors are configured (see the module's doc)."""
    settings = info.settings
    if not settings.authors:
        return None
    message = "If you use this dataset, please cite it using these metadata."
    spdx = spdx_license(settings.license)
    if not spdx:
        message += f" License: {license_label(info)}. {settings.license_note}"
    document: dict[str, Any] = {
        "cff-version": "1.2.0",
        "message": message,
        "type": "dataset",
        "title": settings.pretty_name,
        "abstract": settings.description,
        "version": info.version,
        "date-released": released_date(info),
        "authors": [{"name": author} for author in settings.authors],
        "keywords": list(settings.tags),
    }
    if spdx:
        document["license"] = spdx
    if settings.repository:
        document["repository-code"] = settings.repository
    if settings.hub_repo_id:
        document["url"] = hub_url(info)
        document["repository-artifact"] = f"{hub_url(info)}/tree/{info.tag}"
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=True, width=1000, default_flow_style=False)
    return text.replace("\r\n", "\n")
