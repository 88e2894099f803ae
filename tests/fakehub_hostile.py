"""Hostile answers for :class:`fakehub.FakeHub` (see ``FakeHub.hostile``): what a malicious or broken
server can do to a client that trusts it — answer slowly, endlessly, hugely, or lie about its size.

Each mode wraps the answer the fake would have given (the real README, the real model info), so a
client without limits would end up with the real content plus the attack, not with an error it can
see. Bodies are produced as they are sent: a gzip bomb inflating to gigabytes costs the fake a few
kilobytes of memory. Standard library only, like ``fakehub``.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import BinaryIO

__all__ = ["Hostile", "HostileSpec", "gzip_bomb", "write_hostile"]


class Hostile(str, Enum):
    DRIP_HEADERS = "drip-headers"  # status line and headers one byte per ``interval``, then the body
    DRIP_BODY = "drip-body"  # headers at once, then the body one byte per ``interval``
    ENDLESS_BODY = "endless-body"  # chunked: the body, then filler for ever
    GZIP_BOMB = "gzip-bomb"  # Content-Encoding: gzip; ``size`` compressed bytes inflate ~1000-fold
    OVERSIZED_BODY = "oversized-body"  # the body padded with filler to ``size`` bytes
    SHORT_BODY = "short-body"  # Content-Length promises more than is sent; then the connection closes


@dataclass
class HostileSpec:
    path_contains: str
    mode: Hostile
    remaining: int
    interval: float
    size: int
    filler: bytes | None = None  # what pads a body; default: whitespace for JSON (it stays valid), else text lines


_PIECE = 64 * 1024
_ZEROS = bytes(1 << 20)


def gzip_bomb(prefix: bytes, size: int) -> tuple[int, Iterator[bytes]]:
    """(length, chunks) of a gzip stream of about ``size`` bytes: ``prefix``, then zeros.

    Every 1 MB of zeros compresses to the same ~1 kB block (a full flush resets the compressor), so
    the stream is that block repeated: ``size`` bytes on the wire are ~``size`` thousand bytes inflated.
    There is no gzip trailer; a client that inflates it all has lost anyway."""
    comp = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    head = comp.compress(prefix) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(_ZEROS) + comp.flush(zlib.Z_FULL_FLUSH)
    count = max(1, (size - len(head)) // len(block))

    def chunks() -> Iterator[bytes]:
        yield head
        batch = block * 64
        whole, rest = divmod(count, 64)
        for _ in range(whole):
            yield batch
        yield block * rest

    return len(head) + count * len(block), chunks()


def write_hostile(out: BinaryIO, spec: HostileSpec, status_line: str, headers: dict[str, str], body: bytes,
                  stopping: threading.Event) -> None:
    """Send the answer ``status_line`` + ``headers`` + ``body`` the ``spec.mode`` way. Returns when
    done, when the client hangs up (``OSError``, left to the caller) or when the fake stops."""
    headers = {k: v for k, v in headers.items() if k.lower() not in ("content-length", "transfer-encoding")}
    mode = spec.mode
    filler = spec.filler
    if not filler:
        json_body = "json" in next((v for k, v in headers.items() if k.lower() == "content-type"), "")
        filler = b" " * 1023 + b"\n" if json_body else b"." * 1023 + b"\n"
    piece = (filler * (_PIECE // len(filler) + 1))[:_PIECE]
    chunks: Iterator[bytes]
    if mode is Hostile.ENDLESS_BODY:
        headers["Transfer-Encoding"] = "chunked"
        chunks = _endless(body, piece, stopping)
    elif mode is Hostile.GZIP_BOMB:
        length, chunks = gzip_bomb(body, spec.size)
        headers["Content-Encoding"] = "gzip"
        headers["Content-Length"] = str(length)
    elif mode is Hostile.OVERSIZED_BODY:
        total = max(spec.size, len(body))
        headers["Content-Length"] = str(total)
        chunks = _padded(body, piece, total)
    elif mode is Hostile.SHORT_BODY:
        headers["Content-Length"] = str(2 * len(body) + 100)
        chunks = iter([body])
    else:
        headers["Content-Length"] = str(len(body))
        chunks = iter([body])
    head = (status_line + "\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n").encode("latin-1")
    if mode is Hostile.DRIP_HEADERS:
        if not _drip(out, head, spec.interval, stopping):
            return
    else:
        out.write(head)
    for chunk in chunks:
        if stopping.is_set():
            return
        if mode is Hostile.DRIP_BODY:
            if not _drip(out, chunk, spec.interval, stopping):
                return
        else:
            out.write(chunk)
    out.flush()


def _drip(out: BinaryIO, data: bytes, interval: float, stopping: threading.Event) -> bool:
    for i in range(len(data)):
        out.write(data[i : i + 1])
        out.flush()
        if stopping.wait(interval):
            return False
    return True


def _chunked(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


def _endless(body: bytes, piece: bytes, stopping: threading.Event) -> Iterator[bytes]:
    if body:
        yield _chunked(body)
    chunk = _chunked(piece)
    while not stopping.is_set():
        yield chunk


def _padded(body: bytes, piece: bytes, total: int) -> Iterator[bytes]:
    yield body
    left = total - len(body)
    while left > 0:
        yield piece[:left]
        left -= len(piece)
