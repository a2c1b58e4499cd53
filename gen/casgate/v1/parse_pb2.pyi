import datetime

from casgate.v1 import contract_note_pb2 as _contract_note_pb2
from casgate.v1 import options_pb2 as _options_pb2
from casgate.v1 import statement_pb2 as _statement_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SmartParseRequest(_message.Message):
    __slots__ = ("pdf_file", "pdf_url", "password")
    PDF_FILE_FIELD_NUMBER: _ClassVar[int]
    PDF_URL_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    pdf_file: bytes
    pdf_url: str
    password: str
    def __init__(self, pdf_file: _Optional[bytes] = ..., pdf_url: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class ParseCdslRequest(_message.Message):
    __slots__ = ("pdf_file", "pdf_url", "password")
    PDF_FILE_FIELD_NUMBER: _ClassVar[int]
    PDF_URL_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    pdf_file: bytes
    pdf_url: str
    password: str
    def __init__(self, pdf_file: _Optional[bytes] = ..., pdf_url: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class ParseNsdlRequest(_message.Message):
    __slots__ = ("pdf_file", "pdf_url", "password")
    PDF_FILE_FIELD_NUMBER: _ClassVar[int]
    PDF_URL_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    pdf_file: bytes
    pdf_url: str
    password: str
    def __init__(self, pdf_file: _Optional[bytes] = ..., pdf_url: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class ParseCamsKfintechRequest(_message.Message):
    __slots__ = ("pdf_file", "pdf_url", "password")
    PDF_FILE_FIELD_NUMBER: _ClassVar[int]
    PDF_URL_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    pdf_file: bytes
    pdf_url: str
    password: str
    def __init__(self, pdf_file: _Optional[bytes] = ..., pdf_url: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class ParseContractNoteRequest(_message.Message):
    __slots__ = ("pdf_file", "pdf_url", "password", "broker_type")
    PDF_FILE_FIELD_NUMBER: _ClassVar[int]
    PDF_URL_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    BROKER_TYPE_FIELD_NUMBER: _ClassVar[int]
    pdf_file: bytes
    pdf_url: str
    password: str
    broker_type: str
    def __init__(self, pdf_file: _Optional[bytes] = ..., pdf_url: _Optional[str] = ..., password: _Optional[str] = ..., broker_type: _Optional[str] = ...) -> None: ...

class ParseContractNoteResponse(_message.Message):
    __slots__ = ("status", "msg", "data")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    MSG_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    status: str
    msg: str
    data: _contract_note_pb2.ContractNote
    def __init__(self, status: _Optional[str] = ..., msg: _Optional[str] = ..., data: _Optional[_Union[_contract_note_pb2.ContractNote, _Mapping]] = ...) -> None: ...

class ExtractRequest(_message.Message):
    __slots__ = ("file", "filename", "mode", "password")
    FILE_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    file: bytes
    filename: str
    mode: str
    password: str
    def __init__(self, file: _Optional[bytes] = ..., filename: _Optional[str] = ..., mode: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class ExtractResponse(_message.Message):
    __slots__ = ("job_id", "filename", "status", "result")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    filename: str
    status: str
    result: ExtractionResult
    def __init__(self, job_id: _Optional[str] = ..., filename: _Optional[str] = ..., status: _Optional[str] = ..., result: _Optional[_Union[ExtractionResult, _Mapping]] = ...) -> None: ...

class ExtractionResult(_message.Message):
    __slots__ = ("document_type", "cas_type", "pages", "text_by_page", "tables", "fields", "tags", "ocr_used")
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CAS_TYPE_FIELD_NUMBER: _ClassVar[int]
    PAGES_FIELD_NUMBER: _ClassVar[int]
    TEXT_BY_PAGE_FIELD_NUMBER: _ClassVar[int]
    TABLES_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    OCR_USED_FIELD_NUMBER: _ClassVar[int]
    document_type: str
    cas_type: str
    pages: int
    text_by_page: _containers.RepeatedScalarFieldContainer[str]
    tables: _containers.RepeatedCompositeFieldContainer[_struct_pb2.ListValue]
    fields: _struct_pb2.Struct
    tags: _containers.RepeatedScalarFieldContainer[str]
    ocr_used: bool
    def __init__(self, document_type: _Optional[str] = ..., cas_type: _Optional[str] = ..., pages: _Optional[int] = ..., text_by_page: _Optional[_Iterable[str]] = ..., tables: _Optional[_Iterable[_Union[_struct_pb2.ListValue, _Mapping]]] = ..., fields: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., tags: _Optional[_Iterable[str]] = ..., ocr_used: _Optional[bool] = ...) -> None: ...

class ReviewRequest(_message.Message):
    __slots__ = ("file", "filename", "document_id", "workflow_id", "mode")
    FILE_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    WORKFLOW_ID_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    file: bytes
    filename: str
    document_id: str
    workflow_id: str
    mode: str
    def __init__(self, file: _Optional[bytes] = ..., filename: _Optional[str] = ..., document_id: _Optional[str] = ..., workflow_id: _Optional[str] = ..., mode: _Optional[str] = ...) -> None: ...

class ReviewResponse(_message.Message):
    __slots__ = ("job_id", "workflow_id", "status", "result")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    WORKFLOW_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    workflow_id: str
    status: str
    result: ReviewResult
    def __init__(self, job_id: _Optional[str] = ..., workflow_id: _Optional[str] = ..., status: _Optional[str] = ..., result: _Optional[_Union[ReviewResult, _Mapping]] = ...) -> None: ...

class ReviewResult(_message.Message):
    __slots__ = ("passed", "checks")
    PASSED_FIELD_NUMBER: _ClassVar[int]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    passed: bool
    checks: _containers.RepeatedCompositeFieldContainer[ReviewCheck]
    def __init__(self, passed: _Optional[bool] = ..., checks: _Optional[_Iterable[_Union[ReviewCheck, _Mapping]]] = ...) -> None: ...

class ReviewCheck(_message.Message):
    __slots__ = ("rule_id", "description", "passed", "observed", "expected")
    RULE_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PASSED_FIELD_NUMBER: _ClassVar[int]
    OBSERVED_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_FIELD_NUMBER: _ClassVar[int]
    rule_id: str
    description: str
    passed: bool
    observed: _struct_pb2.Value
    expected: _struct_pb2.Value
    def __init__(self, rule_id: _Optional[str] = ..., description: _Optional[str] = ..., passed: _Optional[bool] = ..., observed: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., expected: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ...) -> None: ...

class Workflow(_message.Message):
    __slots__ = ("id", "name", "description", "rules", "created_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    description: str
    rules: _containers.RepeatedCompositeFieldContainer[WorkflowRule]
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., rules: _Optional[_Iterable[_Union[WorkflowRule, _Mapping]]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class WorkflowRule(_message.Message):
    __slots__ = ("rule_id", "description", "kind", "field", "operator", "value", "days", "fields")
    RULE_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    OPERATOR_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    rule_id: str
    description: str
    kind: str
    field: str
    operator: str
    value: _struct_pb2.Value
    days: int
    fields: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, rule_id: _Optional[str] = ..., description: _Optional[str] = ..., kind: _Optional[str] = ..., field: _Optional[str] = ..., operator: _Optional[str] = ..., value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., days: _Optional[int] = ..., fields: _Optional[_Iterable[str]] = ...) -> None: ...

class CreateWorkflowRequest(_message.Message):
    __slots__ = ("name", "description", "rules")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    rules: _containers.RepeatedCompositeFieldContainer[WorkflowRule]
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ..., rules: _Optional[_Iterable[_Union[WorkflowRule, _Mapping]]] = ...) -> None: ...

class ListWorkflowsRequest(_message.Message):
    __slots__ = ("page", "page_size")
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    page: int
    page_size: int
    def __init__(self, page: _Optional[int] = ..., page_size: _Optional[int] = ...) -> None: ...

class ListWorkflowsResponse(_message.Message):
    __slots__ = ("workflows", "page", "page_size", "total")
    WORKFLOWS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    workflows: _containers.RepeatedCompositeFieldContainer[Workflow]
    page: int
    page_size: int
    total: int
    def __init__(self, workflows: _Optional[_Iterable[_Union[Workflow, _Mapping]]] = ..., page: _Optional[int] = ..., page_size: _Optional[int] = ..., total: _Optional[int] = ...) -> None: ...

class GetWorkflowRequest(_message.Message):
    __slots__ = ("workflow_id",)
    WORKFLOW_ID_FIELD_NUMBER: _ClassVar[int]
    workflow_id: str
    def __init__(self, workflow_id: _Optional[str] = ...) -> None: ...

class DeleteWorkflowRequest(_message.Message):
    __slots__ = ("workflow_id",)
    WORKFLOW_ID_FIELD_NUMBER: _ClassVar[int]
    workflow_id: str
    def __init__(self, workflow_id: _Optional[str] = ...) -> None: ...

class DeleteWorkflowResponse(_message.Message):
    __slots__ = ("status", "msg")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    MSG_FIELD_NUMBER: _ClassVar[int]
    status: str
    msg: str
    def __init__(self, status: _Optional[str] = ..., msg: _Optional[str] = ...) -> None: ...

class ProcessOptions(_message.Message):
    __slots__ = ("parse", "ocr", "tag")
    PARSE_FIELD_NUMBER: _ClassVar[int]
    OCR_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    parse: bool
    ocr: bool
    tag: bool
    def __init__(self, parse: _Optional[bool] = ..., ocr: _Optional[bool] = ..., tag: _Optional[bool] = ...) -> None: ...

class ProcessDocumentRequest(_message.Message):
    __slots__ = ("file", "filename", "url", "password", "options")
    FILE_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    file: bytes
    filename: str
    url: str
    password: str
    options: ProcessOptions
    def __init__(self, file: _Optional[bytes] = ..., filename: _Optional[str] = ..., url: _Optional[str] = ..., password: _Optional[str] = ..., options: _Optional[_Union[ProcessOptions, _Mapping]] = ...) -> None: ...

class ProcessDocumentResponse(_message.Message):
    __slots__ = ("document_id", "filename", "status", "document_type", "confidence", "pages", "ocr_used", "tags", "statement", "processing_ms")
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    PAGES_FIELD_NUMBER: _ClassVar[int]
    OCR_USED_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    STATEMENT_FIELD_NUMBER: _ClassVar[int]
    PROCESSING_MS_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    filename: str
    status: str
    document_type: str
    confidence: float
    pages: int
    ocr_used: bool
    tags: _containers.RepeatedScalarFieldContainer[str]
    statement: _statement_pb2.UnifiedResponse
    processing_ms: float
    def __init__(self, document_id: _Optional[str] = ..., filename: _Optional[str] = ..., status: _Optional[str] = ..., document_type: _Optional[str] = ..., confidence: _Optional[float] = ..., pages: _Optional[int] = ..., ocr_used: _Optional[bool] = ..., tags: _Optional[_Iterable[str]] = ..., statement: _Optional[_Union[_statement_pb2.UnifiedResponse, _Mapping]] = ..., processing_ms: _Optional[float] = ...) -> None: ...

class PreviewDocumentRequest(_message.Message):
    __slots__ = ("url", "password")
    URL_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    url: str
    password: str
    def __init__(self, url: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class PreviewDocumentResponse(_message.Message):
    __slots__ = ("url", "pages", "metadata", "encrypted", "first_page_text", "thumbnail", "size")
    URL_FIELD_NUMBER: _ClassVar[int]
    PAGES_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    ENCRYPTED_FIELD_NUMBER: _ClassVar[int]
    FIRST_PAGE_TEXT_FIELD_NUMBER: _ClassVar[int]
    THUMBNAIL_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    url: str
    pages: int
    metadata: _struct_pb2.Struct
    encrypted: bool
    first_page_text: str
    thumbnail: bytes
    size: int
    def __init__(self, url: _Optional[str] = ..., pages: _Optional[int] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., encrypted: _Optional[bool] = ..., first_page_text: _Optional[str] = ..., thumbnail: _Optional[bytes] = ..., size: _Optional[int] = ...) -> None: ...
