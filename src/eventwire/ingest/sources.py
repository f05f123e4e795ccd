"""Turn the command line's input arguments into the files (or stdin) to read, in order."""

from __future__ import annotations

import glob
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from eventwire.errors import Code, InputError
from eventwire.ingest.base import InputFailure

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

STDIN_ARG = "-"
STDIN_ORIGIN = "<stdin>"
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class Source:
    """One input to read: a file, or standard input when ``path`` is None."""

    origin: str
    path: Path | None


def expand(arg: str) -> Iterator[Source | InputFailure]:
    """The inputs one argument names: ``-``, a file, a directory's files, or a glob's matches.

    Directories are walked recursively in sorted order, skipping hidden files and folders.
    A glob that matches nothing is E111; a path that does not exist is E101.
    """
    if arg == STDIN_ARG:
        yield Source(STDIN_ORIGIN, None)
        return
    path = Path(arg)
    if path.is_dir():
        yield from _directory(path, arg)
    elif path.exists() or os.path.lexists(path) or not _GLOB_CHARS & set(arg):
        # A broken symlink or a missing file: reading it reports the precise OS error.
        yield Source(printable(arg), path)
    else:
        matches = sorted(glob.glob(arg, recursive=True))
        if not matches:
            yield InputFailure(printable(arg), InputError(Code.E111))
        for match in matches:
            match_path = Path(match)
            if match_path.is_dir():
                yield from _directory(match_path, match)
            else:
                yield Source(printable(match), match_path)


def _directory(root: Path, arg: str) -> Iterator[Source | InputFailure]:
    found: list[tuple[str, ...]] = []
    # os.walk does not follow symlinked folders, so a link loop cannot trap it.
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        relative = Path(folder).relative_to(root).parts
        found.extend((*relative, name) for name in files if not name.startswith("."))
    if not found:
        yield InputFailure(printable(arg), InputError(Code.E102))
    for parts in sorted(found):
        path = root.joinpath(*parts)
        yield Source(printable(str(path)), path)


def printable(name: str) -> str:
    """``name`` safe to print on one line: control characters and undecodable bytes escaped."""
    escaped = name.encode("utf-8", "backslashreplace").decode("utf-8")
    if escaped.isprintable():
        return escaped
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in escaped)


class Rejoined(io.RawIOBase):
    """A stream that gives back ``head``, already read from ``rest``, then the rest of it.

    Lets a non-seekable stream (stdin, a pipe) be sniffed and then read from its start.
    """

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        target = memoryview(buffer).cast("B")
        if self._head:
            count = min(len(target), len(self._head))
            target[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = self._rest.read(len(target))
        target[: len(data)] = data
        return len(data)
