"""Size limits shared by the readers, and the one-line form of a reason."""

from __future__ import annotations

from typing import BinaryIO

from eventwire.errors import Code, InputError


def too_large(
    size: int, limit: int, setting: str, unit: str = "bytes", *, known: bool = True
) -> InputError:
    """The E104 error for ``size`` over ``limit`` of the named setting.

    ``known=False`` when reading stopped at the limit, so the true size is only a lower bound.
    """
    shown = f"{size:,} {unit}" if known else f"at least {size:,} {unit}"
    return InputError(Code.E104, size=shown, limit=f"{limit:,} {unit}", setting=setting)


def read_bounded(stream: BinaryIO, limit: int, size: int | None, setting: str) -> bytes:
    """All of ``stream``, or ``InputError(E104)`` once it is longer than ``limit`` bytes.

    ``size`` is the input's length when known beforehand (a file's stat): a file over the
    limit is then rejected before any of it is read.
    """
    if size is not None and size > limit:
        raise too_large(size, limit, setting)
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise too_large(len(data), limit, setting, known=False)
    return data


def one_line(reason: object) -> str:
    """``reason`` as text on a single line: library messages may span several."""
    return " ".join(str(reason).split()) or type(reason).__name__
