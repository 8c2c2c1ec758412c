"""Spoken instructions behind one small interface.

A child who cannot read hears each instruction. The voice must never stop the
app: no audio device, no speech engine, or a muted tablet all mean silence,
never an error. On Linux the ``espeak-ng`` program speaks (it has English and
Spanish voices and runs as a separate process, so the app never waits); on
Android, iOS, macOS and Windows plyer's text-to-speech does. The engine is
chosen once, lazily, when the app first speaks.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from typing import Protocol


class Speaker(Protocol):
    """Says a sentence in a language ("en" or "es"), without waiting for it to finish."""

    muted: bool

    def say(self, sentence: str, language: str) -> None: ...

    def stop(self) -> None: ...


class SilentSpeaker:
    """No speech engine here: the app shows the words and stays quiet."""

    def __init__(self) -> None:
        self.muted = True

    def say(self, sentence: str, language: str) -> None:
        return None

    def stop(self) -> None:
        return None


class EspeakSpeaker:
    """``espeak-ng`` in a child process; a new sentence interrupts the previous one."""

    # Slower than espeak's default 175 words a minute: the listener is a young child.
    WORDS_PER_MINUTE = 140

    def __init__(self, program: str) -> None:
        self.program = program
        self.muted = False
        self._process: subprocess.Popen[bytes] | None = None

    def say(self, sentence: str, language: str) -> None:
        if self.muted or not sentence:
            return
        self.stop()
        try:
            self._process = subprocess.Popen(
                [self.program, "-v", language, "-s", str(self.WORDS_PER_MINUTE), "--", sentence],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            # The program vanished since start-up (uninstalled, no permission): stay silent.
            self._process = None

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class PlyerSpeaker:
    """The platform's own text-to-speech through plyer (Android, iOS, macOS, Windows).

    plyer's interface has no language choice: the tablet speaks in its system
    language, which a family normally sets to theirs.
    """

    def __init__(self) -> None:
        self.muted = False

    def say(self, sentence: str, language: str) -> None:
        if self.muted or not sentence:
            return
        from plyer import tts

        try:
            tts.speak(sentence)
        except NotImplementedError:
            # plyer has no voice for this platform after all: stay silent from now on.
            self.muted = True

    def stop(self) -> None:
        return None


def open_speaker(muted: bool = False) -> Speaker:
    """The best speech engine on this device, or a silent one."""
    speaker: Speaker
    espeak = shutil.which("espeak-ng") or shutil.which("espeak")
    if sys.platform.startswith("linux") and espeak:
        speaker = EspeakSpeaker(espeak)
    elif sys.platform.startswith(("win", "darwin")) or _on_mobile():
        speaker = PlyerSpeaker()
    else:
        speaker = SilentSpeaker()
    speaker.muted = muted or speaker.muted
    return speaker


def _on_mobile() -> bool:
    from kivy.utils import platform

    return platform in ("android", "ios")
