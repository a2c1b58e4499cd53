"""Files that only the service's own user may read: folders 0700, files 0600.

The process entry points set a restrictive umask before anything is written; the helpers here
also fix the modes explicitly, so a folder or database created by an earlier version (or by a
process started without the umask) is closed too.
"""

from __future__ import annotations

import os
from pathlib import Path

from core.settings import Settings

PRIVATE_UMASK = 0o077


def restrict_umask() -> None:
    """New files 0600 and folders 0700 from now on, in this process and its children."""
    os.umask(PRIVATE_UMASK)


def private_file(path: Path) -> None:
    """Make an existing file readable and writable by its owner only."""
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
    except FileNotFoundError:
        pass


def private_dirs(root: Path, path: Path) -> None:
    """Create ``path`` (inside ``root``) and its missing parents up from ``root``, each 0700."""
    current = root
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    for part in path.relative_to(root).parts:
        current = current / part
        current.mkdir(exist_ok=True, mode=0o700)


def secure_data_dir(settings: Settings) -> None:
    """Create the data folder 0700 and close every file already in it (database, secrets,
    stored objects, rendered gateway configuration)."""
    data_dir = settings.data_dir
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    data_dir.chmod(0o700)
    for folder, dirs, files in os.walk(data_dir):
        for name in dirs:
            (Path(folder) / name).chmod(0o700)
        for name in files:
            private_file(Path(folder) / name)
