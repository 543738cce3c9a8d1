"""telephony-emulator: a local emulator of Bandwidth and RingCentral telephony APIs."""

__version__ = "0.1.0"
