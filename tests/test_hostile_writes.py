"""Writes and names (issue 12): every file the extension writes, and every name
it derives from a post, survives long names, odd characters and write failures
with a warning naming the post; a failed write never deletes a good file; a URL
claimed twice goes to whom Jekyll serves there; an incremental build removes
what a deleted post left."""

from __future__ import annotations

import errno
import io
import os

from sphinxext_jekyllposts import output

# Failed writes


def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "feed.xml"
    target.write_bytes(b"the good feed")
    messages = []
    monkeypatch.setattr(output, "warn", lambda message, *_, **kw: messages.append((message, kw)))

    class _DiskFull(io.BytesIO):
        def write(self, data):
            super().write(data[:3])  # part of it, then the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    real_fdopen = os.fdopen

    def fdopen(descriptor, *args, **kwargs):
        real_fdopen(descriptor, *args, **kwargs).close()
        return _DiskFull()

    monkeypatch.setattr(output.os, "fdopen", fdopen)
    written = output.write_if_changed(
        target, b"a new feed", what="a feed", location=("_posts/a", 3)
    )
    assert written is False
    assert target.read_bytes() == b"the good feed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.xml"]
    ((message, keywords),) = messages
    assert message.startswith(f"a feed cannot be written at {target}: No space left on device")
    assert keywords["location"] == ("_posts/a", 3)


def test_a_written_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "page.html"
    target.write_bytes(b"old")
    target.chmod(0o640)
    assert output.write_if_changed(target, b"new", what="a page")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
