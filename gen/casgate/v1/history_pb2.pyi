import datetime

from casgate.v1 import batch_pb2 as _batch_pb2
from casgate.v1 import contract_note_pb2 as _contract_note_pb2
from casgate.v1 import options_pb2 as _options_pb2
from casgate.v1 import statement_pb2 as _statement_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.api import httpbody_pb2 as _httpbody_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Document(_message.Message):
    __slots__ = ("id", "job_id", "filename", "status", "document_type", "pages", "size", "sha256", "processing_ms", "error", "tags", "created_at", "statement", "complete", "incomplete_sections", "ocr_pages", "contract_note", "timings")
    ID_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    PAGES_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    PROCESSING_MS_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    STATEMENT_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_FIELD_NUMBER: _ClassVar[int]
    INCOMPLETE_SECTIONS_FIELD_NUMBER: _ClassVar[int]
    OCR_PAGES_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_NOTE_FIELD_NUMBER: _ClassVar[int]
    TIMINGS_FIELD_NUMBER: _ClassVar[int]
    id: str
    job_id: str
    filename: str
    status: str
    document_type: str
    pages: int
    size: int
    sha256: str
    processing_ms: float
    error: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    created_at: _timestamp_pb2.Timestamp
    statement: _statement_pb2.UnifiedResponse
    complete: bool
    incomplete_sections: _containers.RepeatedScalarFieldContainer[str]
    ocr_pages: int
    contract_note: _contract_note_pb2.ContractNote
    timings: _batch_pb2.StageTimings
    def __init__(self, id: _Optional[str] = ..., job_id: _Optional[str] = ..., filename: _Optional[str] = ..., status: _Optional[str] = ..., document_type: _Optional[str] = ..., pages: _Optional[int] = ..., size: _Optional[int] = ..., sha256: _Optional[str] = ..., processing_ms: _Optional[float] = ..., error: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., statement: _Optional[_Union[_statement_pb2.UnifiedResponse, _Mapping]] = ..., complete: _Optional[bool] = ..., incomplete_sections: _Optional[_Iterable[str]] = ..., ocr_pages: _Optional[int] = ..., contract_note: _Optional[_Union[_contract_note_pb2.ContractNote, _Mapping]] = ..., timings: _Optional[_Union[_batch_pb2.StageTimings, _Mapping]] = ...) -> None: ...

class ListJobsRequest(_message.Message):
    __slots__ = ("page", "page_size")
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    page: int
    page_size: int
    def __init__(self, page: _Optional[int] = ..., page_size: _Optional[int] = ...) -> None: ...

class ListJobsResponse(_message.Message):
    __slots__ = ("jobs", "page", "page_size", "total")
    JOBS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    jobs: _containers.RepeatedCompositeFieldContainer[_batch_pb2.BatchJob]
    page: int
    page_size: int
    total: int
    def __init__(self, jobs: _Optional[_Iterable[_Union[_batch_pb2.BatchJob, _Mapping]]] = ..., page: _Optional[int] = ..., page_size: _Optional[int] = ..., total: _Optional[int] = ...) -> None: ...

class GetJobRequest(_message.Message):
    __slots__ = ("job_id",)
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    def __init__(self, job_id: _Optional[str] = ...) -> None: ...

class DeleteJobRequest(_message.Message):
    __slots__ = ("job_id",)
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    def __init__(self, job_id: _Optional[str] = ...) -> None: ...

class DeleteJobResponse(_message.Message):
    __slots__ = ("status", "msg")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    MSG_FIELD_NUMBER: _ClassVar[int]
    status: str
    msg: str
    def __init__(self, status: _Optional[str] = ..., msg: _Optional[str] = ...) -> None: ...

class ListDocumentsRequest(_message.Message):
    __slots__ = ("page", "page_size", "tag")
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    page: int
    page_size: int
    tag: str
    def __init__(self, page: _Optional[int] = ..., page_size: _Optional[int] = ..., tag: _Optional[str] = ...) -> None: ...

class ListDocumentsResponse(_message.Message):
    __slots__ = ("documents", "page", "page_size", "total")
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    documents: _containers.RepeatedCompositeFieldContainer[Document]
    page: int
    page_size: int
    total: int
    def __init__(self, documents: _Optional[_Iterable[_Union[Document, _Mapping]]] = ..., page: _Optional[int] = ..., page_size: _Optional[int] = ..., total: _Optional[int] = ...) -> None: ...

class SearchDocumentsRequest(_message.Message):
    __slots__ = ("q", "page", "page_size")
    Q_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    q: str
    page: int
    page_size: int
    def __init__(self, q: _Optional[str] = ..., page: _Optional[int] = ..., page_size: _Optional[int] = ...) -> None: ...

class SearchDocumentsResponse(_message.Message):
    __slots__ = ("documents", "page", "page_size", "total")
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    documents: _containers.RepeatedCompositeFieldContainer[Document]
    page: int
    page_size: int
    total: int
    def __init__(self, documents: _Optional[_Iterable[_Union[Document, _Mapping]]] = ..., page: _Optional[int] = ..., page_size: _Optional[int] = ..., total: _Optional[int] = ...) -> None: ...

class GetDocumentRequest(_message.Message):
    __slots__ = ("document_id",)
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    def __init__(self, document_id: _Optional[str] = ...) -> None: ...

class GetStatsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetStatsResponse(_message.Message):
    __slots__ = ("documents", "pages", "by_type", "by_status", "success_rate", "mean_processing_ms", "by_tag", "ocr_pages", "ocr_documents", "incomplete")
    class ByTypeEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    class ByStatusEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    class ByTagEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    PAGES_FIELD_NUMBER: _ClassVar[int]
    BY_TYPE_FIELD_NUMBER: _ClassVar[int]
    BY_STATUS_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_RATE_FIELD_NUMBER: _ClassVar[int]
    MEAN_PROCESSING_MS_FIELD_NUMBER: _ClassVar[int]
    BY_TAG_FIELD_NUMBER: _ClassVar[int]
    OCR_PAGES_FIELD_NUMBER: _ClassVar[int]
    OCR_DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    INCOMPLETE_FIELD_NUMBER: _ClassVar[int]
    documents: int
    pages: int
    by_type: _containers.ScalarMap[str, int]
    by_status: _containers.ScalarMap[str, int]
    success_rate: float
    mean_processing_ms: float
    by_tag: _containers.ScalarMap[str, int]
    ocr_pages: int
    ocr_documents: int
    incomplete: int
    def __init__(self, documents: _Optional[int] = ..., pages: _Optional[int] = ..., by_type: _Optional[_Mapping[str, int]] = ..., by_status: _Optional[_Mapping[str, int]] = ..., success_rate: _Optional[float] = ..., mean_processing_ms: _Optional[float] = ..., by_tag: _Optional[_Mapping[str, int]] = ..., ocr_pages: _Optional[int] = ..., ocr_documents: _Optional[int] = ..., incomplete: _Optional[int] = ...) -> None: ...

class GetSearchablePdfRequest(_message.Message):
    __slots__ = ("document_id",)
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    def __init__(self, document_id: _Optional[str] = ...) -> None: ...

class GetSearchablePdfResponse(_message.Message):
    __slots__ = ("body",)
    BODY_FIELD_NUMBER: _ClassVar[int]
    body: _httpbody_pb2.HttpBody
    def __init__(self, body: _Optional[_Union[_httpbody_pb2.HttpBody, _Mapping]] = ...) -> None: ...

class GetDocumentTextRequest(_message.Message):
    __slots__ = ("document_id",)
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    def __init__(self, document_id: _Optional[str] = ...) -> None: ...

class GetDocumentTextResponse(_message.Message):
    __slots__ = ("document_id", "pages", "page_texts", "text_truncated")
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGES_FIELD_NUMBER: _ClassVar[int]
    PAGE_TEXTS_FIELD_NUMBER: _ClassVar[int]
    TEXT_TRUNCATED_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    pages: int
    page_texts: _containers.RepeatedScalarFieldContainer[str]
    text_truncated: bool
    def __init__(self, document_id: _Optional[str] = ..., pages: _Optional[int] = ..., page_texts: _Optional[_Iterable[str]] = ..., text_truncated: _Optional[bool] = ...) -> None: ...
