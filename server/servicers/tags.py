"""TagService: the caller's tags and the tags of their stored documents."""

from __future__ import annotations

from typing import Any

import grpc

from casgate.v1 import tag_pb2, tag_pb2_grpc
from core import tagging
from core.settings import Settings

from ..call import current_principal
from .convert import to_message, to_success

Context = grpc.aio.ServicerContext[Any, Any]


def _present(request: Any, name: str) -> Any:
    return getattr(request, name) if request.HasField(name) else None


class TagServicer(tag_pb2_grpc.TagServiceServicer):
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    async def CreateTag(self, request: tag_pb2.CreateTagRequest, context: Context) -> tag_pb2.Tag:
        fields = tagging.TagFields(
            name=request.name,
            match_algorithm=request.match_algorithm,
            match=request.match,
            case_sensitive=request.case_sensitive,
            auto_assign=_present(request, "auto_assign"),
        )
        body = await tagging.create_tag(current_principal(), fields, settings=self._settings)
        return to_message(body, tag_pb2.Tag())

    async def ListTags(
        self, request: tag_pb2.ListTagsRequest, context: Context
    ) -> tag_pb2.ListTagsResponse:
        body = await tagging.list_tags(current_principal(), settings=self._settings)
        return to_message(body, tag_pb2.ListTagsResponse())

    async def UpdateTag(self, request: tag_pb2.UpdateTagRequest, context: Context) -> tag_pb2.Tag:
        names = ("name", "match_algorithm", "match", "case_sensitive", "auto_assign")
        fields = tagging.TagFields(**{name: _present(request, name) for name in names})
        body = await tagging.update_tag(
            current_principal(), request.tag_id, fields, settings=self._settings
        )
        return to_message(body, tag_pb2.Tag())

    async def DeleteTag(
        self, request: tag_pb2.DeleteTagRequest, context: Context
    ) -> tag_pb2.DeleteTagResponse:
        body = await tagging.delete_tag(
            current_principal(), request.tag_id, settings=self._settings
        )
        return to_success(body, tag_pb2.DeleteTagResponse())

    async def GetDocumentTags(
        self, request: tag_pb2.GetDocumentTagsRequest, context: Context
    ) -> tag_pb2.GetDocumentTagsResponse:
        body = await tagging.get_document_tags(
            current_principal(), request.document_id, settings=self._settings
        )
        return to_message(body, tag_pb2.GetDocumentTagsResponse())

    async def SetDocumentTags(
        self, request: tag_pb2.SetDocumentTagsRequest, context: Context
    ) -> tag_pb2.SetDocumentTagsResponse:
        body = await tagging.set_document_tags(
            current_principal(), request.document_id, list(request.tags), settings=self._settings
        )
        return to_message(body, tag_pb2.SetDocumentTagsResponse())
