"""LibreOffice headless, shared by the readers (.doc/.wps/.et → .docx/.xlsx) and the writers
(.docx → .pdf).

- **One profile per running conversion** (stack.md pitfall 2: two ``soffice`` on one profile
  collide; the second exits 1 and writes nothing). Profiles live in numbered slots under
  ``$TMPDIR/jixiao-libreoffice-<uid>/``; a conversion takes the first slot whose lock file it
  can ``flock``, and passes the locked descriptor to ``soffice`` so the slot stays taken until
  LibreOffice itself has exited. Slots outlive the process, so a one-shot worker process
  (:mod:`jixiao.readers.isolated`) still finds a warm profile (a cold one costs ~0.35 s).
  Where that directory cannot be made private, each conversion uses a fresh temporary profile.
- **A timeout that kills everything.** ``soffice`` is a shell script that starts ``oosplash``,
  which starts ``soffice.bin``; each run gets its own process group (in the caller's session,
  so an isolated worker's session still contains it), and on timeout or interrupt the whole
  group is killed and the slot's profile, possibly half written, is deleted.
- **Check the output.** LibreOffice exits 0 without writing anything when it cannot load a file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import subprocess
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Final


class OfficeError(Exception):
    """LibreOffice is missing, took too long, or wrote nothing; ``reason`` is Chinese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


NOT_INSTALLED: Final = (
    "未安装 LibreOffice；请安装 libreoffice-writer-nogui 和 libreoffice-calc-nogui"
)
FAILED: Final = "LibreOffice 无法转换此文件（文件可能已损坏、已加密或不是所标示的格式）"
_SLOTS: Final = 32


def soffice() -> str:
    """The LibreOffice executable, or :class:`OfficeError` with the install hint."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise OfficeError(NOT_INSTALLED)
    return found


# ---- profiles ---------------------------------------------------------------------------


def _slot_root() -> Path | None:
    """A directory only we can write, for profile slots; ``None`` where that is not possible."""
    if not hasattr(os, "getuid"):
        return None
    root = Path(tempfile.gettempdir()) / f"jixiao-libreoffice-{os.getuid()}"
    try:
        root.mkdir(mode=0o700, exist_ok=True)
        info = root.lstat()
    except OSError:
        return None
    private = info.st_uid == os.getuid() and not info.st_mode & 0o077
    return root if stat.S_ISDIR(info.st_mode) and private else None


def _take_slot(root: Path) -> tuple[Path, int] | None:
    import fcntl  # noqa: PLC0415 - POSIX only, like the slots

    for n in range(_SLOTS):
        try:
            fd = os.open(root / f"slot-{n}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue
        return root / f"profile-{n}", fd
    return None


@contextlib.contextmanager
def profile() -> Iterator[tuple[Path, int | None]]:
    """A LibreOffice profile directory that no other conversion is using, and the descriptor
    whose lock reserves it (pass it to ``soffice`` so the reservation lasts as long as
    LibreOffice runs; ``None`` for a throw-away profile).

    A profile is marked busy while in use. One still marked when taken was left by a process
    that was killed mid-conversion (a timeout in :mod:`jixiao.readers.isolated`), and may be
    half written: it is deleted and made anew. So is one whose conversion raised.
    """
    root = _slot_root()
    slot = _take_slot(root) if root is not None else None
    if slot is None:
        with tempfile.TemporaryDirectory(prefix="jixiao-lo-profile-") as tmp:
            yield Path(tmp), None
        return
    path, fd = slot
    busy = path.with_name(path.name + ".busy")
    try:
        if busy.exists():
            discard(path)
        busy.touch()
        yield path, fd
    except BaseException:
        discard(path)
        raise
    else:
        busy.unlink(missing_ok=True)
    finally:
        os.close(fd)


def discard(path: Path) -> None:
    """Delete a profile that a killed LibreOffice may have left half written."""
    shutil.rmtree(path, ignore_errors=True)


# ---- running soffice --------------------------------------------------------------------


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL a process started with ``process_group=0`` and everything it started."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.communicate(timeout=5)


def run_group(
    cmd: Sequence[str],
    timeout: float,
    pass_fds: Sequence[int] = (),
    env: Mapping[str, str] | None = None,
) -> int:
    """Run ``cmd`` in its own process group; kill the group on timeout (:class:`OfficeError`)
    or on any interruption. Output is swallowed. ``env`` adds variables (``FONTCONFIG_FILE``
    for the PDF writer). Returns the exit code."""
    proc = subprocess.Popen(
        list(cmd),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        process_group=0,
        pass_fds=tuple(pass_fds),
        env=None if env is None else {**os.environ, **env},
    )
    try:
        proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        raise OfficeError(f"格式转换超时（{timeout:g}秒），已放弃") from None
    except BaseException:
        kill_group(proc)
        raise
    return proc.returncode


def convert_files(
    paths: Sequence[Path],
    to: str,
    outdir: Path,
    timeout: float = 60.0,
    infilter: str | None = None,
    env: Mapping[str, str] | None = None,
) -> list[Path | None]:
    """Convert several files in one ``soffice`` call (start-up, ~0.8 s, is paid once).

    ``to`` is what ``--convert-to`` takes: ``docx``, ``xlsx``, ``pdf`` or
    ``pdf:writer_pdf_Export:{…}``. ``infilter`` forces the import filter (``MS Word 97``):
    without it LibreOffice imports a file it does not recognise as plain text. ``env`` adds
    environment variables for ``soffice``. Returns, per
    input, the file written to ``outdir``, or ``None`` where LibreOffice wrote nothing.
    """
    exe = soffice()
    suffix = "." + to.partition(":")[0]
    forced = [f"--infilter={infilter}"] if infilter else []
    with profile() as (prof, fd):
        cmd = [exe, f"-env:UserInstallation={prof.resolve().as_uri()}", "--headless",
               "--norestore", "--nologo", "--nodefault", "--nolockcheck", *forced,
               "--convert-to", to, "--outdir", str(outdir), *map(str, paths)]  # fmt: skip
        run_group(cmd, timeout, () if fd is None else (fd,), env)
    outputs = [outdir / (p.stem + suffix) for p in paths]
    return [out if out.is_file() and out.stat().st_size > 0 else None for out in outputs]


def convert(
    data: bytes, suffix: str, to: str, timeout: float = 60.0, infilter: str | None = None
) -> bytes:
    """One file's bytes (``suffix`` like ``.doc``) converted by LibreOffice to ``to``."""
    with tempfile.TemporaryDirectory(prefix="jixiao-convert-") as tmp:
        src = Path(tmp) / f"document{suffix}"
        src.write_bytes(data)
        out_dir = Path(tmp) / "out"
        out_dir.mkdir()
        (out,) = convert_files([src], to, out_dir, timeout, infilter)
        if out is None:
            raise OfficeError(FAILED)
        return out.read_bytes()
