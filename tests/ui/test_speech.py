"""The voice never stops the app: muted, missing engine or no audio all mean silence."""

from __future__ import annotations

import shutil
import time

import pytest

from posecapture.ui.speech import EspeakSpeaker, SilentSpeaker


def test_silent_speaker_says_nothing_and_does_not_fail() -> None:
    speaker = SilentSpeaker()
    speaker.say("Reach up!", "en")
    speaker.stop()
    assert speaker.muted


def test_a_missing_speech_program_is_silence_not_an_error() -> None:
    speaker = EspeakSpeaker("/no/such/espeak-ng")
    speaker.say("Reach up!", "en")
    assert speaker._process is None


def test_a_muted_speaker_starts_no_process() -> None:
    speaker = EspeakSpeaker("/no/such/espeak-ng")
    speaker.muted = True
    speaker.say("Reach up!", "en")
    assert speaker._process is None


def test_a_new_sentence_stops_the_one_still_being_said() -> None:
    program = shutil.which("espeak-ng")
    if program is None:
        pytest.skip("espeak-ng is not installed here")
    speaker = EspeakSpeaker(program)
    speaker.say("This is a long sentence that takes a few seconds to say out loud.", "en")
    first = speaker._process
    speaker.say("Stop.", "en")
    assert first is not None
    deadline = time.monotonic() + 5
    while first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert first.poll() is not None
    speaker.stop()
