from casgate.v1 import batch_pb2 as _batch_pb2
from casgate.v1 import contract_note_pb2 as _contract_note_pb2
from casgate.v1 import options_pb2 as _options_pb2
from casgate.v1 import statement_pb2 as _statement_pb2
from casgate.v1 import tag_pb2 as _tag_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import struct_pb2 as _struct_pb2
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

class ProcessOptions(_message.Message):
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
    __slots__ = ("document_id", "filename", "status", "document_type", "confidence", "pages", "ocr_used", "tags", "statement", "processing_ms", "contract_note", "page_texts", "text_omitted", "ocr", "tag_sources", "suggested_tags", "timings", "text_url")
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
    CONTRACT_NOTE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TEXTS_FIELD_NUMBER: _ClassVar[int]
    TEXT_OMITTED_FIELD_NUMBER: _ClassVar[int]
    OCR_FIELD_NUMBER: _ClassVar[int]
    TAG_SOURCES_FIELD_NUMBER: _ClassVar[int]
    SUGGESTED_TAGS_FIELD_NUMBER: _ClassVar[int]
    TIMINGS_FIELD_NUMBER: _ClassVar[int]
    TEXT_URL_FIELD_NUMBER: _ClassVar[int]
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
    contract_note: _contract_note_pb2.ContractNote
    page_texts: _containers.RepeatedScalarFieldContainer[str]
    text_omitted: bool
    ocr: _statement_pb2.OcrInfo
    tag_sources: _containers.RepeatedCompositeFieldContainer[_tag_pb2.DocumentTag]
    suggested_tags: _containers.RepeatedScalarFieldContainer[str]
    timings: _batch_pb2.StageTimings
    text_url: str
    def __init__(self, document_id: _Optional[str] = ..., filename: _Optional[str] = ..., status: _Optional[str] = ..., document_type: _Optional[str] = ..., confidence: _Optional[float] = ..., pages: _Optional[int] = ..., ocr_used: _Optional[bool] = ..., tags: _Optional[_Iterable[str]] = ..., statement: _Optional[_Union[_statement_pb2.UnifiedResponse, _Mapping]] = ..., processing_ms: _Optional[float] = ..., contract_note: _Optional[_Union[_contract_note_pb2.ContractNote, _Mapping]] = ..., page_texts: _Optional[_Iterable[str]] = ..., text_omitted: _Optional[bool] = ..., ocr: _Optional[_Union[_statement_pb2.OcrInfo, _Mapping]] = ..., tag_sources: _Optional[_Iterable[_Union[_tag_pb2.DocumentTag, _Mapping]]] = ..., suggested_tags: _Optional[_Iterable[str]] = ..., timings: _Optional[_Union[_batch_pb2.StageTimings, _Mapping]] = ..., text_url: _Optional[str] = ...) -> None: ...

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
