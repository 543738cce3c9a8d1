"""RingCentral REST API (``/restapi/...``): OAuth, RingOut, fax, message store, call log."""

from __future__ import annotations

from telephony_emulator.apis.ringcentral_rest.errors import render_rest_error
from telephony_emulator.apis.surface import Surface

RINGCENTRAL_REST = Surface("ringcentral_rest", ("/restapi",), render_rest_error)
