"""Writing outputs atomically: a failed run never leaves half-written files behind."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from perfqual.errors import InputError


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_atomic(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` through a temporary file and an atomic rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
        os.chmod(tmp, 0o666 & ~_current_umask())  # mkstemp creates 0600: respect the umask
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


@contextmanager
def staged_directory(target: str | Path) -> Iterator[Path]:
    """Yield a temporary directory whose files are moved into ``target`` only on success.

    Files already in ``target`` with other names are kept; files written in the stage replace
    those of the same name. On any exception nothing reaches ``target``.

    Raises
    ------
    InputError
        When ``target`` exists and is not a directory (checked before anything is done).
    """
    target = Path(target)
    if target.exists() and not target.is_dir():
        # Fail before any work: the files could never be moved there.
        raise InputError("le dossier de sortie demandé est un fichier existant ; "
                         "indiquer un dossier (rien n'est écrit)", str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    os.chmod(stage, 0o777 & ~_current_umask())  # mkdtemp creates 0700: respect the umask
    try:
        yield stage
        target.mkdir(parents=True, exist_ok=True)
        for item in sorted(stage.rglob("*")):
            rel = item.relative_to(stage)
            dest = target / rel
            if item.is_dir():
                dest.mkdir(parents=True, exist_ok=True)
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.replace(item, dest)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
