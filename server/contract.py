"""What the protos say about casgate's methods: which services exist and who may call each method.

Everything here is read from the generated descriptors, so a service or method added, renamed
or removed in ``proto/`` is picked up without a hand-kept list to update.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from google.protobuf import descriptor_pool
from google.protobuf.descriptor import MethodDescriptor, ServiceDescriptor

import casgate.v1
from casgate.v1 import options_pb2

PACKAGE = "casgate.v1"


@cache
def services() -> tuple[ServiceDescriptor, ...]:
    """Every casgate service, in the order of its proto file's name, then of declaration."""
    found: list[ServiceDescriptor] = []
    for module in sorted(m.name for m in pkgutil.iter_modules(casgate.v1.__path__)):
        if module.endswith("_pb2"):
            stubs = importlib.import_module(f"{casgate.v1.__name__}.{module}")
            found.extend(stubs.DESCRIPTOR.services_by_name.values())
    return tuple(found)


def service_names() -> list[str]:
    """Full names of every casgate service, e.g. ``casgate.v1.ParseService``."""
    return [service.full_name for service in services()]


def method_named(full_method: str) -> MethodDescriptor | None:
    """The descriptor of ``/casgate.v1.Service/Method``; None for a method the protos lack."""
    service, _, method = full_method.lstrip("/").partition("/")
    services()  # every stub module imported, so the default pool holds every casgate file
    try:
        return descriptor_pool.Default().FindMethodByName(f"{service}.{method}")
    except KeyError:
        return None


def access_of(method: MethodDescriptor) -> int:
    """The method's ``(casgate.v1.access)`` option; ``ACCESS_UNSPECIFIED`` when it has none."""
    return int(method.GetOptions().Extensions[options_pb2.access])
