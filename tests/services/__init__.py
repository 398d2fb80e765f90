"""Tests against real desktop services (PulseAudio, speech-dispatcher) that their fixtures start."""
