import datetime

from casgate.v1 import options_pb2 as _options_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Tag(_message.Message):
    __slots__ = ("id", "name", "match_algorithm", "match", "case_sensitive", "auto_assign", "created_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    MATCH_ALGORITHM_FIELD_NUMBER: _ClassVar[int]
    MATCH_FIELD_NUMBER: _ClassVar[int]
    CASE_SENSITIVE_FIELD_NUMBER: _ClassVar[int]
    AUTO_ASSIGN_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    match_algorithm: str
    match: str
    case_sensitive: bool
    auto_assign: bool
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., match_algorithm: _Optional[str] = ..., match: _Optional[str] = ..., case_sensitive: _Optional[bool] = ..., auto_assign: _Optional[bool] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateTagRequest(_message.Message):
    __slots__ = ("name", "match_algorithm", "match", "case_sensitive", "auto_assign")
    NAME_FIELD_NUMBER: _ClassVar[int]
    MATCH_ALGORITHM_FIELD_NUMBER: _ClassVar[int]
    MATCH_FIELD_NUMBER: _ClassVar[int]
    CASE_SENSITIVE_FIELD_NUMBER: _ClassVar[int]
    AUTO_ASSIGN_FIELD_NUMBER: _ClassVar[int]
    name: str
    match_algorithm: str
    match: str
    case_sensitive: bool
    auto_assign: bool
    def __init__(self, name: _Optional[str] = ..., match_algorithm: _Optional[str] = ..., match: _Optional[str] = ..., case_sensitive: _Optional[bool] = ..., auto_assign: _Optional[bool] = ...) -> None: ...

class ListTagsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListTagsResponse(_message.Message):
    __slots__ = ("tags",)
    TAGS_FIELD_NUMBER: _ClassVar[int]
    tags: _containers.RepeatedCompositeFieldContainer[Tag]
    def __init__(self, tags: _Optional[_Iterable[_Union[Tag, _Mapping]]] = ...) -> None: ...

class UpdateTagRequest(_message.Message):
    __slots__ = ("tag_id", "name", "match_algorithm", "match", "case_sensitive", "auto_assign")
    TAG_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    MATCH_ALGORITHM_FIELD_NUMBER: _ClassVar[int]
    MATCH_FIELD_NUMBER: _ClassVar[int]
    CASE_SENSITIVE_FIELD_NUMBER: _ClassVar[int]
    AUTO_ASSIGN_FIELD_NUMBER: _ClassVar[int]
    tag_id: str
    name: str
    match_algorithm: str
    match: str
    case_sensitive: bool
    auto_assign: bool
    def __init__(self, tag_id: _Optional[str] = ..., name: _Optional[str] = ..., match_algorithm: _Optional[str] = ..., match: _Optional[str] = ..., case_sensitive: _Optional[bool] = ..., auto_assign: _Optional[bool] = ...) -> None: ...

class DeleteTagRequest(_message.Message):
    __slots__ = ("tag_id",)
    TAG_ID_FIELD_NUMBER: _ClassVar[int]
    tag_id: str
    def __init__(self, tag_id: _Optional[str] = ...) -> None: ...

class DeleteTagResponse(_message.Message):
    __slots__ = ("status", "msg")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    MSG_FIELD_NUMBER: _ClassVar[int]
    status: str
    msg: str
    def __init__(self, status: _Optional[str] = ..., msg: _Optional[str] = ...) -> None: ...

class DocumentTag(_message.Message):
    __slots__ = ("name", "source", "confidence", "confirmed")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    CONFIRMED_FIELD_NUMBER: _ClassVar[int]
    name: str
    source: str
    confidence: float
    confirmed: bool
    def __init__(self, name: _Optional[str] = ..., source: _Optional[str] = ..., confidence: _Optional[float] = ..., confirmed: _Optional[bool] = ...) -> None: ...

class SetDocumentTagsRequest(_message.Message):
    __slots__ = ("document_id", "tags")
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, document_id: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ...) -> None: ...

class SetDocumentTagsResponse(_message.Message):
    __slots__ = ("document_id", "tags", "suggested_tags", "llm_calls")
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    SUGGESTED_TAGS_FIELD_NUMBER: _ClassVar[int]
    LLM_CALLS_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    tags: _containers.RepeatedCompositeFieldContainer[DocumentTag]
    suggested_tags: _containers.RepeatedScalarFieldContainer[str]
    llm_calls: _containers.RepeatedCompositeFieldContainer[LlmCall]
    def __init__(self, document_id: _Optional[str] = ..., tags: _Optional[_Iterable[_Union[DocumentTag, _Mapping]]] = ..., suggested_tags: _Optional[_Iterable[str]] = ..., llm_calls: _Optional[_Iterable[_Union[LlmCall, _Mapping]]] = ...) -> None: ...

class GetDocumentTagsRequest(_message.Message):
    __slots__ = ("document_id",)
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    def __init__(self, document_id: _Optional[str] = ...) -> None: ...

class GetDocumentTagsResponse(_message.Message):
    __slots__ = ("document_id", "tags", "suggested_tags", "llm_calls")
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    SUGGESTED_TAGS_FIELD_NUMBER: _ClassVar[int]
    LLM_CALLS_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    tags: _containers.RepeatedCompositeFieldContainer[DocumentTag]
    suggested_tags: _containers.RepeatedScalarFieldContainer[str]
    llm_calls: _containers.RepeatedCompositeFieldContainer[LlmCall]
    def __init__(self, document_id: _Optional[str] = ..., tags: _Optional[_Iterable[_Union[DocumentTag, _Mapping]]] = ..., suggested_tags: _Optional[_Iterable[str]] = ..., llm_calls: _Optional[_Iterable[_Union[LlmCall, _Mapping]]] = ...) -> None: ...

class LlmCall(_message.Message):
    __slots__ = ("model", "status_code", "attempts", "prompt_tokens", "completion_tokens", "cost", "error", "at")
    MODEL_FIELD_NUMBER: _ClassVar[int]
    STATUS_CODE_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    PROMPT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_TOKENS_FIELD_NUMBER: _ClassVar[int]
    COST_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    model: str
    status_code: int
    attempts: int
    prompt_tokens: int
    completion_tokens: int
    cost: float
    error: str
    at: _timestamp_pb2.Timestamp
    def __init__(self, model: _Optional[str] = ..., status_code: _Optional[int] = ..., attempts: _Optional[int] = ..., prompt_tokens: _Optional[int] = ..., completion_tokens: _Optional[int] = ..., cost: _Optional[float] = ..., error: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
