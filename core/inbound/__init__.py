"""Forward-to addresses and the mail they receive."""

from .addresses import create_address, delete_address, get_address, list_addresses
from .received import list_files, receive
from .smtp import start_receiver

__all__ = [
    "create_address",
    "delete_address",
    "get_address",
    "list_addresses",
    "list_files",
    "receive",
    "start_receiver",
]
