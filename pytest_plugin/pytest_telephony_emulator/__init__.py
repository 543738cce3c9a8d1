"""pytest fixtures for telephony-emulator (registered through the ``pytest11`` entry point)."""

from pytest_telephony_emulator.control import ControlClient, ControlError, TelephonyEmulator
from pytest_telephony_emulator.webhooks import ReceivedWebhook, Reply, WebhookInbox

__all__ = [
    "ControlClient",
    "ControlError",
    "ReceivedWebhook",
    "Reply",
    "TelephonyEmulator",
    "WebhookInbox",
]
