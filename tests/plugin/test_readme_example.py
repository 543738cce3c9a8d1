"""The pytest plugin example of the README, run as written so the README stays true."""


def test_inbound_flow(telephony_emulator, telephony_webhooks):
    emu, hooks = telephony_emulator, telephony_webhooks  # a fresh account, a webhook inbox
    emu.update_application(
        call_initiated_callback_url=hooks.url_for("/initiate"),
        call_status_callback_url=hooks.url_for("/status"),
    )
    hooks.reply("<Response><SpeakSentence>Hi</SpeakSentence></Response>", event_type="initiate")
    call = emu.place_inbound_call(emu.numbers[0], from_="+15557654321")
    emu.run_until_idle()  # the whole flow, in virtual time
    assert hooks.event_types() == ["initiate", "disconnect"]
    assert emu.call(call["call_id"])["cause"] == "hangup"
