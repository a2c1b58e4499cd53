import datetime

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

class BatchSource(_message.Message):
    __slots__ = ("path", "url", "s3_uri", "upload_id", "password")
    PATH_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    S3_URI_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    path: str
    url: str
    s3_uri: str
    upload_id: str
    password: str
    def __init__(self, path: _Optional[str] = ..., url: _Optional[str] = ..., s3_uri: _Optional[str] = ..., upload_id: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class BatchOptions(_message.Message):
    __slots__ = ("parse", "ocr", "tag", "searchable_pdf")
    PARSE_FIELD_NUMBER: _ClassVar[int]
    OCR_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    SEARCHABLE_PDF_FIELD_NUMBER: _ClassVar[int]
    parse: bool
    ocr: bool
    tag: bool
    searchable_pdf: bool
    def __init__(self, parse: _Optional[bool] = ..., ocr: _Optional[bool] = ..., tag: _Optional[bool] = ..., searchable_pdf: _Optional[bool] = ...) -> None: ...

class StartBatchRequest(_message.Message):
    __slots__ = ("name", "sources", "options", "csv")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SOURCES_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    CSV_FIELD_NUMBER: _ClassVar[int]
    name: str
    sources: _containers.RepeatedCompositeFieldContainer[BatchSource]
    options: BatchOptions
    csv: str
    def __init__(self, name: _Optional[str] = ..., sources: _Optional[_Iterable[_Union[BatchSource, _Mapping]]] = ..., options: _Optional[_Union[BatchOptions, _Mapping]] = ..., csv: _Optional[str] = ...) -> None: ...

class StartBatchResponse(_message.Message):
    __slots__ = ("job_id", "status", "total")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    status: str
    total: int
    def __init__(self, job_id: _Optional[str] = ..., status: _Optional[str] = ..., total: _Optional[int] = ...) -> None: ...

class BatchJob(_message.Message):
    __slots__ = ("job_id", "name", "status", "total", "done", "failed", "percent", "created_at", "updated_at", "documents", "last_seq")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    DONE_FIELD_NUMBER: _ClassVar[int]
    FAILED_FIELD_NUMBER: _ClassVar[int]
    PERCENT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    LAST_SEQ_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    name: str
    status: str
    total: int
    done: int
    failed: int
    percent: float
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    documents: _containers.RepeatedCompositeFieldContainer[BatchDocument]
    last_seq: int
    def __init__(self, job_id: _Optional[str] = ..., name: _Optional[str] = ..., status: _Optional[str] = ..., total: _Optional[int] = ..., done: _Optional[int] = ..., failed: _Optional[int] = ..., percent: _Optional[float] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., documents: _Optional[_Iterable[_Union[BatchDocument, _Mapping]]] = ..., last_seq: _Optional[int] = ...) -> None: ...

class BatchDocument(_message.Message):
    __slots__ = ("source", "status", "document_id", "error", "document_type", "complete", "incomplete_sections", "ocr_pages", "timings")
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_FIELD_NUMBER: _ClassVar[int]
    INCOMPLETE_SECTIONS_FIELD_NUMBER: _ClassVar[int]
    OCR_PAGES_FIELD_NUMBER: _ClassVar[int]
    TIMINGS_FIELD_NUMBER: _ClassVar[int]
    source: str
    status: str
    document_id: str
    error: str
    document_type: str
    complete: bool
    incomplete_sections: _containers.RepeatedScalarFieldContainer[str]
    ocr_pages: int
    timings: StageTimings
    def __init__(self, source: _Optional[str] = ..., status: _Optional[str] = ..., document_id: _Optional[str] = ..., error: _Optional[str] = ..., document_type: _Optional[str] = ..., complete: _Optional[bool] = ..., incomplete_sections: _Optional[_Iterable[str]] = ..., ocr_pages: _Optional[int] = ..., timings: _Optional[_Union[StageTimings, _Mapping]] = ...) -> None: ...

class GetBatchStatusRequest(_message.Message):
    __slots__ = ("job_id",)
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    def __init__(self, job_id: _Optional[str] = ...) -> None: ...

class CancelBatchRequest(_message.Message):
    __slots__ = ("job_id",)
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    def __init__(self, job_id: _Optional[str] = ...) -> None: ...

class CancelBatchResponse(_message.Message):
    __slots__ = ("job_id", "status")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    status: str
    def __init__(self, job_id: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class PauseBatchRequest(_message.Message):
    __slots__ = ("job_id",)
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    def __init__(self, job_id: _Optional[str] = ...) -> None: ...

class PauseBatchResponse(_message.Message):
    __slots__ = ("job_id", "status")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    status: str
    def __init__(self, job_id: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class ResumeBatchRequest(_message.Message):
    __slots__ = ("job_id",)
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    def __init__(self, job_id: _Optional[str] = ...) -> None: ...

class ResumeBatchResponse(_message.Message):
    __slots__ = ("job_id", "status")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    status: str
    def __init__(self, job_id: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class ListActiveBatchesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListActiveBatchesResponse(_message.Message):
    __slots__ = ("jobs",)
    JOBS_FIELD_NUMBER: _ClassVar[int]
    jobs: _containers.RepeatedCompositeFieldContainer[BatchJob]
    def __init__(self, jobs: _Optional[_Iterable[_Union[BatchJob, _Mapping]]] = ...) -> None: ...

class ValidatePathsRequest(_message.Message):
    __slots__ = ("paths",)
    PATHS_FIELD_NUMBER: _ClassVar[int]
    paths: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, paths: _Optional[_Iterable[str]] = ...) -> None: ...

class ValidatePathsResponse(_message.Message):
    __slots__ = ("results", "valid", "invalid")
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    VALID_FIELD_NUMBER: _ClassVar[int]
    INVALID_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[PathCheck]
    valid: int
    invalid: int
    def __init__(self, results: _Optional[_Iterable[_Union[PathCheck, _Mapping]]] = ..., valid: _Optional[int] = ..., invalid: _Optional[int] = ...) -> None: ...

class PathCheck(_message.Message):
    __slots__ = ("path", "exists", "readable", "is_pdf", "size", "encrypted", "error")
    PATH_FIELD_NUMBER: _ClassVar[int]
    EXISTS_FIELD_NUMBER: _ClassVar[int]
    READABLE_FIELD_NUMBER: _ClassVar[int]
    IS_PDF_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    ENCRYPTED_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    path: str
    exists: bool
    readable: bool
    is_pdf: bool
    size: int
    encrypted: bool
    error: str
    def __init__(self, path: _Optional[str] = ..., exists: _Optional[bool] = ..., readable: _Optional[bool] = ..., is_pdf: _Optional[bool] = ..., size: _Optional[int] = ..., encrypted: _Optional[bool] = ..., error: _Optional[str] = ...) -> None: ...

class GetBatchTemplateRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetBatchTemplateResponse(_message.Message):
    __slots__ = ("body",)
    BODY_FIELD_NUMBER: _ClassVar[int]
    body: _httpbody_pb2.HttpBody
    def __init__(self, body: _Optional[_Union[_httpbody_pb2.HttpBody, _Mapping]] = ...) -> None: ...

class ProcessBatchRequest(_message.Message):
    __slots__ = ("sources", "options")
    SOURCES_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    sources: _containers.RepeatedCompositeFieldContainer[BatchSource]
    options: BatchOptions
    def __init__(self, sources: _Optional[_Iterable[_Union[BatchSource, _Mapping]]] = ..., options: _Optional[_Union[BatchOptions, _Mapping]] = ...) -> None: ...

class ProcessBatchResponse(_message.Message):
    __slots__ = ("job_id", "status", "total", "done", "failed", "results")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    DONE_FIELD_NUMBER: _ClassVar[int]
    FAILED_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    status: str
    total: int
    done: int
    failed: int
    results: _containers.RepeatedCompositeFieldContainer[ProcessedDocument]
    def __init__(self, job_id: _Optional[str] = ..., status: _Optional[str] = ..., total: _Optional[int] = ..., done: _Optional[int] = ..., failed: _Optional[int] = ..., results: _Optional[_Iterable[_Union[ProcessedDocument, _Mapping]]] = ...) -> None: ...

class ProcessedDocument(_message.Message):
    __slots__ = ("source", "status", "document_id", "error", "statement", "contract_note")
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    STATEMENT_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_NOTE_FIELD_NUMBER: _ClassVar[int]
    source: str
    status: str
    document_id: str
    error: str
    statement: _statement_pb2.UnifiedResponse
    contract_note: _contract_note_pb2.ContractNote
    def __init__(self, source: _Optional[str] = ..., status: _Optional[str] = ..., document_id: _Optional[str] = ..., error: _Optional[str] = ..., statement: _Optional[_Union[_statement_pb2.UnifiedResponse, _Mapping]] = ..., contract_note: _Optional[_Union[_contract_note_pb2.ContractNote, _Mapping]] = ...) -> None: ...

class WatchBatchRequest(_message.Message):
    __slots__ = ("job_id", "after_seq")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    AFTER_SEQ_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    after_seq: int
    def __init__(self, job_id: _Optional[str] = ..., after_seq: _Optional[int] = ...) -> None: ...

class WatchBatchResponse(_message.Message):
    __slots__ = ("job_id", "seq", "type", "source", "document_id", "error", "done", "failed", "total", "percent", "at", "summary", "status", "stage", "document_type", "complete", "incomplete_sections", "ocr_pages", "timings")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    DONE_FIELD_NUMBER: _ClassVar[int]
    FAILED_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    PERCENT_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_FIELD_NUMBER: _ClassVar[int]
    INCOMPLETE_SECTIONS_FIELD_NUMBER: _ClassVar[int]
    OCR_PAGES_FIELD_NUMBER: _ClassVar[int]
    TIMINGS_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    seq: int
    type: str
    source: str
    document_id: str
    error: str
    done: int
    failed: int
    total: int
    percent: float
    at: _timestamp_pb2.Timestamp
    summary: str
    status: str
    stage: str
    document_type: str
    complete: bool
    incomplete_sections: _containers.RepeatedScalarFieldContainer[str]
    ocr_pages: int
    timings: StageTimings
    def __init__(self, job_id: _Optional[str] = ..., seq: _Optional[int] = ..., type: _Optional[str] = ..., source: _Optional[str] = ..., document_id: _Optional[str] = ..., error: _Optional[str] = ..., done: _Optional[int] = ..., failed: _Optional[int] = ..., total: _Optional[int] = ..., percent: _Optional[float] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., summary: _Optional[str] = ..., status: _Optional[str] = ..., stage: _Optional[str] = ..., document_type: _Optional[str] = ..., complete: _Optional[bool] = ..., incomplete_sections: _Optional[_Iterable[str]] = ..., ocr_pages: _Optional[int] = ..., timings: _Optional[_Union[StageTimings, _Mapping]] = ...) -> None: ...

class StageTimings(_message.Message):
    __slots__ = ("download_ms", "fetch_ms", "open_ms", "text_ms", "ocr_ms", "detect_ms", "parse_ms", "searchable_pdf_ms", "tag_ms", "store_ms")
    DOWNLOAD_MS_FIELD_NUMBER: _ClassVar[int]
    FETCH_MS_FIELD_NUMBER: _ClassVar[int]
    OPEN_MS_FIELD_NUMBER: _ClassVar[int]
    TEXT_MS_FIELD_NUMBER: _ClassVar[int]
    OCR_MS_FIELD_NUMBER: _ClassVar[int]
    DETECT_MS_FIELD_NUMBER: _ClassVar[int]
    PARSE_MS_FIELD_NUMBER: _ClassVar[int]
    SEARCHABLE_PDF_MS_FIELD_NUMBER: _ClassVar[int]
    TAG_MS_FIELD_NUMBER: _ClassVar[int]
    STORE_MS_FIELD_NUMBER: _ClassVar[int]
    download_ms: float
    fetch_ms: float
    open_ms: float
    text_ms: float
    ocr_ms: float
    detect_ms: float
    parse_ms: float
    searchable_pdf_ms: float
    tag_ms: float
    store_ms: float
    def __init__(self, download_ms: _Optional[float] = ..., fetch_ms: _Optional[float] = ..., open_ms: _Optional[float] = ..., text_ms: _Optional[float] = ..., ocr_ms: _Optional[float] = ..., detect_ms: _Optional[float] = ..., parse_ms: _Optional[float] = ..., searchable_pdf_ms: _Optional[float] = ..., tag_ms: _Optional[float] = ..., store_ms: _Optional[float] = ...) -> None: ...
