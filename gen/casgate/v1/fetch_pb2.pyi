from casgate.v1 import options_pb2 as _options_pb2
from casgate.v1 import statement_pb2 as _statement_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GenerateKfintechCasRequest(_message.Message):
    __slots__ = ("email", "from_date", "to_date", "password", "pan_no")
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    FROM_DATE_FIELD_NUMBER: _ClassVar[int]
    TO_DATE_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    PAN_NO_FIELD_NUMBER: _ClassVar[int]
    email: str
    from_date: str
    to_date: str
    password: str
    pan_no: str
    def __init__(self, email: _Optional[str] = ..., from_date: _Optional[str] = ..., to_date: _Optional[str] = ..., password: _Optional[str] = ..., pan_no: _Optional[str] = ...) -> None: ...

class GenerateKfintechCasResponse(_message.Message):
    __slots__ = ("status", "msg")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    MSG_FIELD_NUMBER: _ClassVar[int]
    status: str
    msg: str
    def __init__(self, status: _Optional[str] = ..., msg: _Optional[str] = ...) -> None: ...

class StartCdslFetchRequest(_message.Message):
    __slots__ = ("pan", "bo_id", "dob")
    PAN_FIELD_NUMBER: _ClassVar[int]
    BO_ID_FIELD_NUMBER: _ClassVar[int]
    DOB_FIELD_NUMBER: _ClassVar[int]
    pan: str
    bo_id: str
    dob: str
    def __init__(self, pan: _Optional[str] = ..., bo_id: _Optional[str] = ..., dob: _Optional[str] = ...) -> None: ...

class StartCdslFetchResponse(_message.Message):
    __slots__ = ("status", "session_id", "msg")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    MSG_FIELD_NUMBER: _ClassVar[int]
    status: str
    session_id: str
    msg: str
    def __init__(self, status: _Optional[str] = ..., session_id: _Optional[str] = ..., msg: _Optional[str] = ...) -> None: ...

class VerifyCdslFetchRequest(_message.Message):
    __slots__ = ("session_id", "otp", "num_periods", "parse")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    OTP_FIELD_NUMBER: _ClassVar[int]
    NUM_PERIODS_FIELD_NUMBER: _ClassVar[int]
    PARSE_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    otp: str
    num_periods: int
    parse: bool
    def __init__(self, session_id: _Optional[str] = ..., otp: _Optional[str] = ..., num_periods: _Optional[int] = ..., parse: _Optional[bool] = ...) -> None: ...

class VerifyCdslFetchResponse(_message.Message):
    __slots__ = ("status", "msg", "files")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    MSG_FIELD_NUMBER: _ClassVar[int]
    FILES_FIELD_NUMBER: _ClassVar[int]
    status: str
    msg: str
    files: _containers.RepeatedCompositeFieldContainer[FetchedFile]
    def __init__(self, status: _Optional[str] = ..., msg: _Optional[str] = ..., files: _Optional[_Iterable[_Union[FetchedFile, _Mapping]]] = ...) -> None: ...

class FetchedFile(_message.Message):
    __slots__ = ("filename", "url", "document_id", "expires_in", "statement")
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_IN_FIELD_NUMBER: _ClassVar[int]
    STATEMENT_FIELD_NUMBER: _ClassVar[int]
    filename: str
    url: str
    document_id: str
    expires_in: int
    statement: _statement_pb2.UnifiedResponse
    def __init__(self, filename: _Optional[str] = ..., url: _Optional[str] = ..., document_id: _Optional[str] = ..., expires_in: _Optional[int] = ..., statement: _Optional[_Union[_statement_pb2.UnifiedResponse, _Mapping]] = ...) -> None: ...
