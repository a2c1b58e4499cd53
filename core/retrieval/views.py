"""What the retrieval calls answer, field for field like their messages in ``fetch.proto``."""

from __future__ import annotations

from core.models.unified import UnifiedResponse
from core.views import View


class CdslFetchStartedView(View):
    status: str
    session_id: str
    msg: str


class FetchedFileView(View):
    filename: str
    url: str
    #: the statement's history document
    document_id: str | None = None
    #: seconds the link stays valid
    expires_in: int | None = None
    #: the parsed statement, when parsing was asked for and succeeded
    statement: UnifiedResponse | None = None


class CdslFetchVerifiedView(View):
    status: str
    msg: str
    files: list[FetchedFileView]


class KfintechRequestedView(View):
    status: str
    msg: str
