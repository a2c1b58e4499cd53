import datetime

from casgate.v1 import options_pb2 as _options_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ExtractRequest(_message.Message):
    __slots__ = ("file", "filename", "mode", "password", "url", "document_id", "schema")
    FILE_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    SCHEMA_FIELD_NUMBER: _ClassVar[int]
    file: bytes
    filename: str
    mode: str
    password: str
    url: str
    document_id: str
    schema: _struct_pb2.Struct
    def __init__(self, file: _Optional[bytes] = ..., filename: _Optional[str] = ..., mode: _Optional[str] = ..., password: _Optional[str] = ..., url: _Optional[str] = ..., document_id: _Optional[str] = ..., schema: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

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
    __slots__ = ("document_type", "cas_type", "pages", "text_by_page", "tables", "fields", "tags", "ocr_used", "schema_fields")
    class FieldsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: ExtractedField
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[ExtractedField, _Mapping]] = ...) -> None: ...
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CAS_TYPE_FIELD_NUMBER: _ClassVar[int]
    PAGES_FIELD_NUMBER: _ClassVar[int]
    TEXT_BY_PAGE_FIELD_NUMBER: _ClassVar[int]
    TABLES_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    OCR_USED_FIELD_NUMBER: _ClassVar[int]
    SCHEMA_FIELDS_FIELD_NUMBER: _ClassVar[int]
    document_type: str
    cas_type: str
    pages: int
    text_by_page: _containers.RepeatedScalarFieldContainer[str]
    tables: _containers.RepeatedCompositeFieldContainer[ExtractedTable]
    fields: _containers.MessageMap[str, ExtractedField]
    tags: _containers.RepeatedScalarFieldContainer[str]
    ocr_used: bool
    schema_fields: SchemaFields
    def __init__(self, document_type: _Optional[str] = ..., cas_type: _Optional[str] = ..., pages: _Optional[int] = ..., text_by_page: _Optional[_Iterable[str]] = ..., tables: _Optional[_Iterable[_Union[ExtractedTable, _Mapping]]] = ..., fields: _Optional[_Mapping[str, ExtractedField]] = ..., tags: _Optional[_Iterable[str]] = ..., ocr_used: _Optional[bool] = ..., schema_fields: _Optional[_Union[SchemaFields, _Mapping]] = ...) -> None: ...

class ExtractedTable(_message.Message):
    __slots__ = ("page", "end_page", "bbox", "header", "rows", "confidence", "strategy")
    PAGE_FIELD_NUMBER: _ClassVar[int]
    END_PAGE_FIELD_NUMBER: _ClassVar[int]
    BBOX_FIELD_NUMBER: _ClassVar[int]
    HEADER_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    STRATEGY_FIELD_NUMBER: _ClassVar[int]
    page: int
    end_page: int
    bbox: _containers.RepeatedScalarFieldContainer[float]
    header: _containers.RepeatedScalarFieldContainer[str]
    rows: _containers.RepeatedCompositeFieldContainer[_struct_pb2.ListValue]
    confidence: float
    strategy: str
    def __init__(self, page: _Optional[int] = ..., end_page: _Optional[int] = ..., bbox: _Optional[_Iterable[float]] = ..., header: _Optional[_Iterable[str]] = ..., rows: _Optional[_Iterable[_Union[_struct_pb2.ListValue, _Mapping]]] = ..., confidence: _Optional[float] = ..., strategy: _Optional[str] = ...) -> None: ...

class ExtractedField(_message.Message):
    __slots__ = ("value", "type", "raw", "page", "bbox", "source")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    RAW_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    BBOX_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    value: _struct_pb2.Value
    type: str
    raw: str
    page: int
    bbox: _containers.RepeatedScalarFieldContainer[float]
    source: str
    def __init__(self, value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., type: _Optional[str] = ..., raw: _Optional[str] = ..., page: _Optional[int] = ..., bbox: _Optional[_Iterable[float]] = ..., source: _Optional[str] = ...) -> None: ...

class SchemaFields(_message.Message):
    __slots__ = ("valid", "values", "dropped", "errors", "unavailable")
    VALID_FIELD_NUMBER: _ClassVar[int]
    VALUES_FIELD_NUMBER: _ClassVar[int]
    DROPPED_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    UNAVAILABLE_FIELD_NUMBER: _ClassVar[int]
    valid: bool
    values: _struct_pb2.Struct
    dropped: _containers.RepeatedCompositeFieldContainer[DroppedField]
    errors: _containers.RepeatedScalarFieldContainer[str]
    unavailable: str
    def __init__(self, valid: _Optional[bool] = ..., values: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., dropped: _Optional[_Iterable[_Union[DroppedField, _Mapping]]] = ..., errors: _Optional[_Iterable[str]] = ..., unavailable: _Optional[str] = ...) -> None: ...

class DroppedField(_message.Message):
    __slots__ = ("path", "value", "reason")
    PATH_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    path: str
    value: _struct_pb2.Value
    reason: str
    def __init__(self, path: _Optional[str] = ..., value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class ReviewRequest(_message.Message):
    __slots__ = ("file", "filename", "document_id", "workflow_id", "mode", "password", "url")
    FILE_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    WORKFLOW_ID_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    file: bytes
    filename: str
    document_id: str
    workflow_id: str
    mode: str
    password: str
    url: str
    def __init__(self, file: _Optional[bytes] = ..., filename: _Optional[str] = ..., document_id: _Optional[str] = ..., workflow_id: _Optional[str] = ..., mode: _Optional[str] = ..., password: _Optional[str] = ..., url: _Optional[str] = ...) -> None: ...

class ReviewResponse(_message.Message):
    __slots__ = ("job_id", "workflow_id", "status", "result", "workflow_version", "filename")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    WORKFLOW_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    WORKFLOW_VERSION_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    workflow_id: str
    status: str
    result: ReviewResult
    workflow_version: int
    filename: str
    def __init__(self, job_id: _Optional[str] = ..., workflow_id: _Optional[str] = ..., status: _Optional[str] = ..., result: _Optional[_Union[ReviewResult, _Mapping]] = ..., workflow_version: _Optional[int] = ..., filename: _Optional[str] = ...) -> None: ...

class ReviewResult(_message.Message):
    __slots__ = ("passed", "checks", "workflow_version", "document_type")
    PASSED_FIELD_NUMBER: _ClassVar[int]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    WORKFLOW_VERSION_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    passed: bool
    checks: _containers.RepeatedCompositeFieldContainer[ReviewCheck]
    workflow_version: int
    document_type: str
    def __init__(self, passed: _Optional[bool] = ..., checks: _Optional[_Iterable[_Union[ReviewCheck, _Mapping]]] = ..., workflow_version: _Optional[int] = ..., document_type: _Optional[str] = ...) -> None: ...

class ReviewCheck(_message.Message):
    __slots__ = ("rule_id", "description", "passed", "observed", "expected", "kind", "page", "bbox", "reason", "checks")
    RULE_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PASSED_FIELD_NUMBER: _ClassVar[int]
    OBSERVED_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    BBOX_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    rule_id: str
    description: str
    passed: bool
    observed: _struct_pb2.Value
    expected: _struct_pb2.Value
    kind: str
    page: int
    bbox: _containers.RepeatedScalarFieldContainer[float]
    reason: str
    checks: _containers.RepeatedCompositeFieldContainer[ReviewCheck]
    def __init__(self, rule_id: _Optional[str] = ..., description: _Optional[str] = ..., passed: _Optional[bool] = ..., observed: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., expected: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., kind: _Optional[str] = ..., page: _Optional[int] = ..., bbox: _Optional[_Iterable[float]] = ..., reason: _Optional[str] = ..., checks: _Optional[_Iterable[_Union[ReviewCheck, _Mapping]]] = ...) -> None: ...

class Workflow(_message.Message):
    __slots__ = ("id", "name", "description", "rules", "created_at", "version", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    description: str
    rules: _containers.RepeatedCompositeFieldContainer[WorkflowRule]
    created_at: _timestamp_pb2.Timestamp
    version: int
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., rules: _Optional[_Iterable[_Union[WorkflowRule, _Mapping]]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., version: _Optional[int] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class WorkflowRule(_message.Message):
    __slots__ = ("rule_id", "description", "kind", "field", "operator", "value", "days", "fields", "other_field", "column", "table", "tolerance", "rules", "ignore_case")
    RULE_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    OPERATOR_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    OTHER_FIELD_FIELD_NUMBER: _ClassVar[int]
    COLUMN_FIELD_NUMBER: _ClassVar[int]
    TABLE_FIELD_NUMBER: _ClassVar[int]
    TOLERANCE_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    rule_id: str
    description: str
    kind: str
    field: str
    operator: str
    value: _struct_pb2.Value
    days: int
    fields: _containers.RepeatedScalarFieldContainer[str]
    other_field: str
    column: str
    table: int
    tolerance: float
    rules: _containers.RepeatedCompositeFieldContainer[WorkflowRule]
    ignore_case: bool
    def __init__(self, rule_id: _Optional[str] = ..., description: _Optional[str] = ..., kind: _Optional[str] = ..., field: _Optional[str] = ..., operator: _Optional[str] = ..., value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., days: _Optional[int] = ..., fields: _Optional[_Iterable[str]] = ..., other_field: _Optional[str] = ..., column: _Optional[str] = ..., table: _Optional[int] = ..., tolerance: _Optional[float] = ..., rules: _Optional[_Iterable[_Union[WorkflowRule, _Mapping]]] = ..., ignore_case: _Optional[bool] = ...) -> None: ...

class CreateWorkflowRequest(_message.Message):
    __slots__ = ("name", "description", "rules")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    rules: _containers.RepeatedCompositeFieldContainer[WorkflowRule]
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ..., rules: _Optional[_Iterable[_Union[WorkflowRule, _Mapping]]] = ...) -> None: ...

class UpdateWorkflowRequest(_message.Message):
    __slots__ = ("workflow_id", "name", "description", "rules")
    WORKFLOW_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    workflow_id: str
    name: str
    description: str
    rules: _containers.RepeatedCompositeFieldContainer[WorkflowRule]
    def __init__(self, workflow_id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., rules: _Optional[_Iterable[_Union[WorkflowRule, _Mapping]]] = ...) -> None: ...

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

class GetExtractionJobRequest(_message.Message):
    __slots__ = ("job_id",)
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    def __init__(self, job_id: _Optional[str] = ...) -> None: ...

class GetExtractionJobResponse(_message.Message):
    __slots__ = ("job_id", "kind", "status", "filename", "mode", "workflow_id", "workflow_version", "error", "error_status", "result", "review", "created_at", "finished_at")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    WORKFLOW_ID_FIELD_NUMBER: _ClassVar[int]
    WORKFLOW_VERSION_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    ERROR_STATUS_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    kind: str
    status: str
    filename: str
    mode: str
    workflow_id: str
    workflow_version: int
    error: str
    error_status: int
    result: ExtractionResult
    review: ReviewResult
    created_at: _timestamp_pb2.Timestamp
    finished_at: _timestamp_pb2.Timestamp
    def __init__(self, job_id: _Optional[str] = ..., kind: _Optional[str] = ..., status: _Optional[str] = ..., filename: _Optional[str] = ..., mode: _Optional[str] = ..., workflow_id: _Optional[str] = ..., workflow_version: _Optional[int] = ..., error: _Optional[str] = ..., error_status: _Optional[int] = ..., result: _Optional[_Union[ExtractionResult, _Mapping]] = ..., review: _Optional[_Union[ReviewResult, _Mapping]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
