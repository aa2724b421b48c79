"""warcio's private hook between a record and the file it is written to."""

from __future__ import annotations

from typing import IO, Any

from warcio.warcwriter import WARCWriter


class StreamChoosingWARCWriter(WARCWriter):
    """warcio's writer with `record_stream` choosing the stream each record is written to.

    warcio picks its compressor inside `_write_warc_record(out, record)`, the one method every
    write goes through (and its zlib level is fixed at 9): overriding it is the only way to
    compress differently.
    """

    def record_stream(self, out: IO[bytes]) -> Any:
        """What one record is written to (anything with write and flush): `out` itself unless
        a subclass wraps it."""
        return out

    def _write_warc_record(self, out: IO[bytes], record: Any) -> Any:
        return super()._write_warc_record(self.record_stream(out), record)
