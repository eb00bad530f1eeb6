"""Web addresses in change requests and the policy: the kinds a browser may follow safely.

Only http, https and mailto: a `javascript:` or `data:` link on a calendar page would run in the
reader's browser. The calendar checks again when it renders (defence in depth).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

Url = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=2000,
                           pattern=r"^(https?://[^\s/?#]+[^\s]*|mailto:[^\s]+)$"),
]
HttpsUrl = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=2000,
                           pattern=r"^https://[^\s/?#]+[^\s]*$"),
]
