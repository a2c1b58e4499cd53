from casgate.v1 import options_pb2 as _options_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ConnectInboxRequest(_message.Message):
    __slots__ = ("redirect_uri", "state", "provider", "host", "port", "user", "password")
    REDIRECT_URI_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    HOST_FIELD_NUMBER: _ClassVar[int]
    PORT_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    redirect_uri: str
    state: str
    provider: str
    host: str
    port: int
    user: str
    password: str
    def __init__(self, redirect_uri: _Optional[str] = ..., state: _Optional[str] = ..., provider: _Optional[str] = ..., host: _Optional[str] = ..., port: _Optional[int] = ..., user: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class ConnectInboxResponse(_message.Message):
    __slots__ = ("status", "oauth_url", "expires_in", "provider", "inbox_token", "email")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    OAUTH_URL_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_IN_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    INBOX_TOKEN_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    status: str
    oauth_url: str
    expires_in: int
    provider: str
    inbox_token: str
    email: str
    def __init__(self, status: _Optional[str] = ..., oauth_url: _Optional[str] = ..., expires_in: _Optional[int] = ..., provider: _Optional[str] = ..., inbox_token: _Optional[str] = ..., email: _Optional[str] = ...) -> None: ...

class CompleteInboxConnectionRequest(_message.Message):
    __slots__ = ("code", "state", "error", "error_description")
    CODE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    ERROR_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    code: str
    state: str
    error: str
    error_description: str
    def __init__(self, code: _Optional[str] = ..., state: _Optional[str] = ..., error: _Optional[str] = ..., error_description: _Optional[str] = ...) -> None: ...

class CompleteInboxConnectionResponse(_message.Message):
    __slots__ = ("status", "location")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    status: str
    location: str
    def __init__(self, status: _Optional[str] = ..., location: _Optional[str] = ...) -> None: ...

class GetInboxStatusRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetInboxStatusResponse(_message.Message):
    __slots__ = ("status", "connected", "provider", "email")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CONNECTED_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    status: str
    connected: bool
    provider: str
    email: str
    def __init__(self, status: _Optional[str] = ..., connected: _Optional[bool] = ..., provider: _Optional[str] = ..., email: _Optional[str] = ...) -> None: ...

class ListInboxCasRequest(_message.Message):
    __slots__ = ("start_date", "end_date", "cas_types", "parse", "password")
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    CAS_TYPES_FIELD_NUMBER: _ClassVar[int]
    PARSE_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    start_date: str
    end_date: str
    cas_types: _containers.RepeatedScalarFieldContainer[str]
    parse: bool
    password: str
    def __init__(self, start_date: _Optional[str] = ..., end_date: _Optional[str] = ..., cas_types: _Optional[_Iterable[str]] = ..., parse: _Optional[bool] = ..., password: _Optional[str] = ...) -> None: ...

class ListInboxCasResponse(_message.Message):
    __slots__ = ("status", "count", "files")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    FILES_FIELD_NUMBER: _ClassVar[int]
    status: str
    count: int
    files: _containers.RepeatedCompositeFieldContainer[InboxFile]
    def __init__(self, status: _Optional[str] = ..., count: _Optional[int] = ..., files: _Optional[_Iterable[_Union[InboxFile, _Mapping]]] = ...) -> None: ...

class InboxFile(_message.Message):
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

class DisconnectInboxRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DisconnectInboxResponse(_message.Message):
    __slots__ = ("status", "msg")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    MSG_FIELD_NUMBER: _ClassVar[int]
    status: str
    msg: str
    def __init__(self, status: _Optional[str] = ..., msg: _Optional[str] = ...) -> None: ...
