"""Text-to-speech for the voice channel: Vietnamese WAV from the espeak-ng program found once at start-up."""

from __future__ import annotations

import shutil
import struct
import subprocess
from dataclasses import dataclass
from typing import Protocol

from assistant.settings import ServingSettings

WAV_MEDIA_TYPE = "audio/wav"
_HEADER = 12  # "RIFF" <size> "WAVE"


class SpeechError(RuntimeError):
    """Synthesis failed: the program exited with an error, timed out, or wrote no WAV."""


class SpeechUnavailable(SpeechError):
    """The speech program (or its Vietnamese voice) is not installed."""


class Speaker(Protocol):
    """What the speak route needs: text in, WAV bytes out (a fake in unit tests)."""

    def synthesize(self, text: str) -> bytes:
        """WAV bytes of ``text`` read aloud."""
        ...


@dataclass(frozen=True, slots=True)
class Synthesizer:
    """espeak-ng at ``binary`` (an absolute path found by :meth:`find`), one process per text.

    The text goes on stdin (never in argv, so no text is read as an option), with a timeout and a
    length bound; the WAV's size fields are completed before the bytes are returned.
    """

    binary: str
    voice: str = "vi"
    rate: int = 145  # words per minute (espeak-ng's default is 175): an unhurried hotline pace
    timeout_s: float = 15.0
    max_chars: int = 1500

    @classmethod
    def find(cls, settings: ServingSettings) -> Synthesizer:
        """The program ``settings.speech_program`` on PATH with its voice, or :class:`SpeechUnavailable`."""
        binary = shutil.which(settings.speech_program)
        if binary is None:
            raise SpeechUnavailable(f"{settings.speech_program!r} not found on PATH (apt-get install espeak-ng)")
        synth = cls(binary, settings.speech_voice, settings.speech_rate, settings.speech_timeout_s,
                    settings.max_speech_chars)
        synth.check_voice()
        return synth

    def check_voice(self) -> None:
        """Raise :class:`SpeechUnavailable` unless the program lists ``voice`` among its voices."""
        out = self._run([f"--voices={self.voice}"], b"")
        languages = {line.split()[1].lower() for line in out.decode("utf-8", "replace").splitlines()[1:]
                     if len(line.split()) > 1}
        if self.voice.lower() not in languages:
            raise SpeechUnavailable(f"{self.binary} has no voice {self.voice!r} (installed: {sorted(languages)})")

    def synthesize(self, text: str) -> bytes:
        """WAV bytes of ``text`` spoken with the configured voice and rate."""
        if not text.strip():
            raise SpeechError("nothing to speak: empty text")
        if len(text) > self.max_chars:
            raise SpeechError(f"text of {len(text)} characters exceeds the limit of {self.max_chars}")
        args = ["-v", self.voice, "-s", str(self.rate), "-b", "1", "--stdin", "--stdout"]
        return complete_wav(self._run(args, text.encode("utf-8")))

    def _run(self, args: list[str], stdin: bytes) -> bytes:
        """The program's stdout, or :class:`SpeechError` naming the failure."""
        try:
            proc = subprocess.run([self.binary, *args], input=stdin, capture_output=True,
                                  timeout=self.timeout_s, check=False)
        except subprocess.TimeoutExpired as exc:
            raise SpeechError(f"{self.binary} did not finish within {self.timeout_s} s") from exc
        except OSError as exc:
            raise SpeechUnavailable(f"{self.binary} cannot be run: {exc}") from exc
        if proc.returncode != 0:
            err = proc.stderr.decode("utf-8", "replace").strip()[:300]
            raise SpeechError(f"{self.binary} exited with status {proc.returncode}: {err}")
        return proc.stdout


def complete_wav(data: bytes) -> bytes:
    """``data`` with the RIFF and ``data`` chunk sizes set to the bytes actually present.

    Raises :class:`SpeechError` when ``data`` is not a RIFF/WAVE stream with a ``data`` chunk.
    """
    if len(data) < _HEADER or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise SpeechError(f"the speech program wrote no WAV ({len(data)} bytes)")
    out = bytearray(data)
    struct.pack_into("<I", out, 4, len(out) - 8)
    pos = _HEADER
    while pos + 8 <= len(out):
        chunk, size = out[pos:pos + 4], struct.unpack_from("<I", out, pos + 4)[0]
        if chunk == b"data":
            struct.pack_into("<I", out, pos + 4, len(out) - pos - 8)
            return bytes(out)
        pos += 8 + size + (size & 1)
    raise SpeechError("the speech program wrote a WAV without audio data")
