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

class CreateInboundEmailRequest(_message.Message):
    __slots__ = ("alias", "allowed_sources", "callback_url", "metadata", "reference", "password")
    class MetadataEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ALIAS_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_SOURCES_FIELD_NUMBER: _ClassVar[int]
    CALLBACK_URL_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    alias: str
    allowed_sources: _containers.RepeatedScalarFieldContainer[str]
    callback_url: str
    metadata: _containers.ScalarMap[str, str]
    reference: str
    password: str
    def __init__(self, alias: _Optional[str] = ..., allowed_sources: _Optional[_Iterable[str]] = ..., callback_url: _Optional[str] = ..., metadata: _Optional[_Mapping[str, str]] = ..., reference: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class InboundEmail(_message.Message):
    __slots__ = ("inbound_email_id", "email", "status", "allowed_sources", "callback_url", "metadata", "reference", "created_at", "updated_at", "has_password")
    class MetadataEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    INBOUND_EMAIL_ID_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_SOURCES_FIELD_NUMBER: _ClassVar[int]
    CALLBACK_URL_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    HAS_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    inbound_email_id: str
    email: str
    status: str
    allowed_sources: _containers.RepeatedScalarFieldContainer[str]
    callback_url: str
    metadata: _containers.ScalarMap[str, str]
    reference: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    has_password: bool
    def __init__(self, inbound_email_id: _Optional[str] = ..., email: _Optional[str] = ..., status: _Optional[str] = ..., allowed_sources: _Optional[_Iterable[str]] = ..., callback_url: _Optional[str] = ..., metadata: _Optional[_Mapping[str, str]] = ..., reference: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., has_password: _Optional[bool] = ...) -> None: ...

class ListInboundEmailsRequest(_message.Message):
    __slots__ = ("limit", "offset", "status")
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    limit: int
    offset: int
    status: str
    def __init__(self, limit: _Optional[int] = ..., offset: _Optional[int] = ..., status: _Optional[str] = ...) -> None: ...

class ListInboundEmailsResponse(_message.Message):
    __slots__ = ("status", "inbound_emails", "total", "limit", "offset")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    INBOUND_EMAILS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    status: str
    inbound_emails: _containers.RepeatedCompositeFieldContainer[InboundEmail]
    total: int
    limit: int
    offset: int
    def __init__(self, status: _Optional[str] = ..., inbound_emails: _Optional[_Iterable[_Union[InboundEmail, _Mapping]]] = ..., total: _Optional[int] = ..., limit: _Optional[int] = ..., offset: _Optional[int] = ...) -> None: ...

class GetInboundEmailRequest(_message.Message):
    __slots__ = ("inbound_email_id",)
    INBOUND_EMAIL_ID_FIELD_NUMBER: _ClassVar[int]
    inbound_email_id: str
    def __init__(self, inbound_email_id: _Optional[str] = ...) -> None: ...

class DeleteInboundEmailRequest(_message.Message):
    __slots__ = ("inbound_email_id",)
    INBOUND_EMAIL_ID_FIELD_NUMBER: _ClassVar[int]
    inbound_email_id: str
    def __init__(self, inbound_email_id: _Optional[str] = ...) -> None: ...

class DeleteInboundEmailResponse(_message.Message):
    __slots__ = ("status", "msg")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    MSG_FIELD_NUMBER: _ClassVar[int]
    status: str
    msg: str
    def __init__(self, status: _Optional[str] = ..., msg: _Optional[str] = ...) -> None: ...

class ListInboundEmailFilesRequest(_message.Message):
    __slots__ = ("inbound_email_id",)
    INBOUND_EMAIL_ID_FIELD_NUMBER: _ClassVar[int]
    inbound_email_id: str
    def __init__(self, inbound_email_id: _Optional[str] = ...) -> None: ...

class ListInboundEmailFilesResponse(_message.Message):
    __slots__ = ("status", "count", "files")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    FILES_FIELD_NUMBER: _ClassVar[int]
    status: str
    count: int
    files: _containers.RepeatedCompositeFieldContainer[InboundEmailFile]
    def __init__(self, status: _Optional[str] = ..., count: _Optional[int] = ..., files: _Optional[_Iterable[_Union[InboundEmailFile, _Mapping]]] = ...) -> None: ...

class InboundEmailFile(_message.Message):
    __slots__ = ("message_id", "filename", "original_filename", "message_date", "cas_type", "sender_email", "size", "url", "expires_in", "document_id", "parse_error")
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    ORIGINAL_FILENAME_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_DATE_FIELD_NUMBER: _ClassVar[int]
    CAS_TYPE_FIELD_NUMBER: _ClassVar[int]
    SENDER_EMAIL_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_IN_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    PARSE_ERROR_FIELD_NUMBER: _ClassVar[int]
    message_id: str
    filename: str
    original_filename: str
    message_date: str
    cas_type: str
    sender_email: str
    size: int
    url: str
    expires_in: int
    document_id: str
    parse_error: str
    def __init__(self, message_id: _Optional[str] = ..., filename: _Optional[str] = ..., original_filename: _Optional[str] = ..., message_date: _Optional[str] = ..., cas_type: _Optional[str] = ..., sender_email: _Optional[str] = ..., size: _Optional[int] = ..., url: _Optional[str] = ..., expires_in: _Optional[int] = ..., document_id: _Optional[str] = ..., parse_error: _Optional[str] = ...) -> None: ...
