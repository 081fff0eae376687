"""The espeak-ng synthesizer: real Vietnamese WAV when espeak-ng is installed, and every failure named."""

from __future__ import annotations

import io
import shutil
import struct
import wave
from pathlib import Path

import pytest

from assistant.settings import ServingSettings
from assistant.speech import SpeechError, SpeechUnavailable, Synthesizer, complete_wav

SENTENCE = "Đăng ký khai sinh cần tờ khai và giấy chứng sinh, thời hạn giải quyết là ba ngày làm việc."


def wav_info(data: bytes) -> tuple[int, float]:
    """Sample rate and duration (s) of a WAV whose RIFF and data sizes match its length."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    assert struct.unpack_from("<I", data, 4)[0] == len(data) - 8
    with wave.open(io.BytesIO(data)) as w:
        rate, frames = w.getframerate(), w.getnframes()
        assert len(w.readframes(frames)) == frames * w.getsampwidth() * w.getnchannels()
    return rate, frames / rate if rate else 0.0


@pytest.fixture(scope="module")
def espeak() -> Synthesizer:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng not installed (make test-deps installs it; CI runs make test)")
    return Synthesizer.find(ServingSettings())


def test_real_espeak_speaks_vietnamese_as_wav(espeak: Synthesizer) -> None:
    assert espeak.voice == "vi" and Path(espeak.binary).is_absolute()
    rate, seconds = wav_info(espeak.synthesize(SENTENCE))
    assert rate > 0 and seconds > 0.5
    _, short = wav_info(espeak.synthesize("Xin chào."))
    assert 0 < short < seconds  # the audio follows the text


def test_text_is_never_read_as_an_option(espeak: Synthesizer, tmp_path: Path) -> None:
    target = tmp_path / "x.wav"
    _, seconds = wav_info(espeak.synthesize(f"--help -w {target}"))
    assert seconds > 0.5 and not target.exists()  # spoken as words, not a usage text or a file written


def test_missing_program_or_voice_is_unavailable() -> None:
    with pytest.raises(SpeechUnavailable, match="not found on PATH"):
        Synthesizer.find(ServingSettings(speech_program="no-such-espeak-program"))
    if shutil.which("espeak-ng") is not None:
        with pytest.raises(SpeechUnavailable, match="no voice 'zz-none'"):
            Synthesizer.find(ServingSettings(speech_voice="zz-none"))


def _program(tmp_path: Path, body: str) -> Synthesizer:
    script = tmp_path / "fake-tts"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return Synthesizer(str(script), timeout_s=0.5, max_chars=20)


@pytest.mark.parametrize(
    ("body", "text", "error"),
    [
        ("echo broken >&2; exit 3", "xin chào", "exited with status 3: broken"),
        ("sleep 5", "xin chào", "did not finish within 0.5 s"),
        ("echo not a wav", "xin chào", "wrote no WAV"),
        ("cat /dev/null", "a" * 21, "exceeds the limit of 20"),
        ("cat /dev/null", "  ", "empty text"),
    ],
)
def test_failures_are_named(tmp_path: Path, body: str, text: str, error: str) -> None:
    with pytest.raises(SpeechError, match=error):
        _program(tmp_path, body).synthesize(text)


def test_text_goes_on_stdin_and_options_in_argv(tmp_path: Path) -> None:
    log = tmp_path / "log"
    synth = _program(tmp_path, f'echo "$@" > {log}; cat > {log}.in; printf "RIFF....WAVEdata....ab"')
    wav = synth.synthesize("xin chào")
    assert log.read_text().split() == ["-v", "vi", "-s", "145", "-b", "1", "--stdin", "--stdout"]
    assert Path(f"{log}.in").read_text(encoding="utf-8") == "xin chào"
    assert struct.unpack_from("<I", wav, 4)[0] == len(wav) - 8 and struct.unpack_from("<I", wav, 16)[0] == 2


def test_complete_wav_walks_chunks_to_data() -> None:
    head = b"RIFF" + struct.pack("<I", 0x7FFFF000) + b"WAVE" + b"LIST" + struct.pack("<I", 3) + b"abc\0"
    out = complete_wav(head + b"data" + struct.pack("<I", 0x7FFFF000) + b"\1\2\3\4")
    assert struct.unpack_from("<I", out, len(head) + 4)[0] == 4
    with pytest.raises(SpeechError, match="without audio data"):
        complete_wav(b"RIFF\0\0\0\0WAVEfmt \0\0\0\0")
