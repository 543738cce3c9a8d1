"""The dashboard in headless Chromium: driving a call from the page, live timelines, conferences.

Uses Debian's ``chromium`` (never a downloaded browser) through Playwright; assertions are on
the DOM, and Playwright's expectations wait (bounded) for the live stream to update it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from playwright import sync_api  # a test dependency: its absence is an error, not a skip
from pytest_telephony_emulator.control import TelephonyEmulator
from pytest_telephony_emulator.webhooks import WebhookInbox

CHROMIUM = "/usr/bin/chromium"
if shutil.which(CHROMIUM) is None:
    pytest.skip(
        f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium)",
        allow_module_level=True,
    )

expect = sync_api.expect
pytestmark = pytest.mark.slow
CALLER = "+15551234567"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, telephony_emulator: TelephonyEmulator) -> Iterator[Any]:
    """The dashboard showing this test's account, connected to the live stream."""
    context = browser.new_context()
    page = context.new_page()
    expect.set_options(timeout=10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{telephony_emulator.url}/_emulator/ui/?account={telephony_emulator.account_id}")
    expect(page.locator("#connection")).to_have_text("live")
    yield page
    context.close()
    assert errors == [], errors


def routed(emu: TelephonyEmulator, hooks: WebhookInbox) -> None:
    emu.update_application(
        call_initiated_callback_url=hooks.url_for("/initiate"),
        call_status_callback_url=hooks.url_for("/status"),
    )


def row(page: Any, call_id: str) -> Any:
    return page.locator(f'#calls tr[data-call-id="{call_id}"]')


def test_place_a_call_from_the_page_answer_its_ringing_leg_press_digits_see_the_gather(
    page: Any, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, hooks = telephony_emulator, telephony_webhooks
    routed(emu, hooks)
    hooks.reply(
        f'<Response><Transfer><PhoneNumber transferAnswerUrl="{hooks.url_for("/transfer-answer")}">'
        "+15557770000</PhoneNumber></Transfer></Response>",
        event_type="initiate",
    )
    hooks.reply(
        f'<Response><Gather maxDigits="1" gatherUrl="{hooks.url_for("/gather")}">'
        "<SpeakSentence>Press one to take the call</SpeakSentence></Gather></Response>",
        event_type="transferAnswer",
    )
    page.fill("#inbound-from", CALLER)
    page.select_option("#inbound-to", emu.numbers[0])
    page.click("#inbound-place")

    # the inbound call, then the leg its <Transfer> placed, ringing the far end
    leg = page.locator("#calls tbody tr", has=page.locator("td.to", has_text="+15557770000"))
    expect(leg.locator("td.state")).to_have_text("ringing")
    leg.locator('button[data-action="answer"]').click()
    expect(leg.locator("td.state")).to_have_text("answered")
    expect(leg.locator("td.activity")).to_contain_text("<Gather>")  # the verb it runs now
    leg.locator("input.digits").fill("1")
    leg.locator('button[data-action="digits"]').click()

    leg.click()
    timeline = page.locator("#timeline")
    gather = timeline.locator('li.webhook[data-event-type="gather"]')
    expect(gather).to_have_count(1)
    expect(gather.locator("pre").first).to_contain_text('"digits": "1"')
    types = timeline.locator("li").evaluate_all("items => items.map(i => i.dataset.type)")
    assert types[:4] == ["CallPlaced", "TransferLegPlaced", "CallRinging", "CallAnswered"]
    reply = timeline.locator('li.webhook[data-event-type="transferAnswer"] pre .xml-tag')
    expect(reply.first).to_contain_text("<Response")


def test_a_conference_with_three_members_shows_them(
    page: Any, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, hooks = telephony_emulator, telephony_webhooks
    routed(emu, hooks)
    hooks.reply("<Response><Conference>standup</Conference></Response>", event_type="initiate")
    ids = [emu.place_inbound_call(emu.numbers[0], f"+1555000000{n}")["call_id"] for n in range(3)]
    conference = page.locator("#conferences .conference")
    expect(conference).to_have_count(1)
    expect(conference).to_contain_text("(3 members)")
    members = conference.locator("li").evaluate_all("items => items.map(i => i.dataset.callId)")
    assert sorted(members) == sorted(ids)
    expect(row(page, ids[0]).locator("td.activity")).to_contain_text("in conference")

    row(page, ids[1]).locator('button[data-action="hangup"]').click()
    expect(conference).to_contain_text("(2 members)")
    expect(row(page, ids[1]).locator("td.state")).to_have_text("disconnected")


def test_a_failing_webhook_shows_red_and_the_clock_is_driven_from_the_page(
    page: Any, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, hooks = telephony_emulator, telephony_webhooks
    routed(emu, hooks)
    hooks.reply("oops", status=500, content_type="text/plain", event_type="initiate")
    call_id = emu.place_inbound_call(emu.numbers[0], CALLER)["call_id"]
    row(page, call_id).click()
    failed = page.locator('#timeline li.failed[data-event-type="initiate"]')
    expect(failed).to_have_count(1)
    expect(failed).to_contain_text("500 http_status")
    expect(failed).to_have_css("color", "rgb(207, 34, 46)")
    expect(page.locator('#timeline li.webhook[data-outcome="delivered"]')).to_have_count(1)

    before = float(emu.clock()["time"])
    page.fill("#advance-seconds", "30")
    page.click("#advance")
    expect(page.locator("#clock-pending")).to_have_text("0")
    page.wait_for_function(f"() => state.clock && state.clock.time >= {before + 30}")
    assert float(emu.clock()["time"]) == before + 30

    page.fill("#rate-input", "0")
    page.click("#set-rate")
    expect(page.locator("#clock-rate")).to_have_text("0 (manual)")
    page.click("#idle")
    expect(page.locator("#error")).to_be_hidden()

    page.select_option("#sms-to", emu.numbers[1])
    page.fill("#sms-text", "hi there")
    page.click("#sms-send")
    received = page.locator('#messages li[data-direction="in"]')
    expect(received).to_have_count(1)
    expect(received).to_contain_text(f"{CALLER} → {emu.numbers[1]}: hi there")


def test_typing_digits_survives_live_updates_and_enter_presses_them(
    page: Any, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, hooks = telephony_emulator, telephony_webhooks
    routed(emu, hooks)
    hooks.reply(
        f'<Response><Gather maxDigits="2" gatherUrl="{hooks.url_for("/gather")}">'
        "<SpeakSentence>Two digits please</SpeakSentence></Gather></Response>",
        event_type="initiate",
    )
    call_id = emu.place_inbound_call(emu.numbers[0], CALLER)["call_id"]
    digits = row(page, call_id).locator("input.digits")
    digits.click()
    digits.press_sequentially("4")
    emu.place_inbound_call(emu.numbers[1], "+15557654321")  # the table is rebuilt meanwhile
    expect(page.locator("#calls tbody tr")).to_have_count(2)
    page.keyboard.type("2")
    expect(digits).to_have_value("42")
    page.keyboard.press("Enter")
    expect(row(page, call_id).locator("td.state")).to_have_text("disconnected")
    row(page, call_id).click()
    gather = page.locator('#timeline li.webhook[data-event-type="gather"] pre').first
    expect(gather).to_contain_text('"digits": "42"')


def test_a_fax_shows_as_sent_with_its_recipients(
    page: Any, telephony_emulator: TelephonyEmulator
) -> None:
    emu = telephony_emulator
    login = emu.ringcentral
    form = {
        "username": (None, f"{login.username.lstrip('+')}*{login.extension}"),
        "password": (None, login.password),
        "recipient": (None, "6505550123|Bob Smith"),
        "attachment": ("memo.txt", b"Please call back.", "text/plain"),
    }
    reply = requests.post(login.legacy_fax_url, files=form, timeout=30)
    assert reply.content == b"0"
    emu.run_until_idle()
    (fax,) = emu.faxes()
    shown = page.locator(f'#faxes li[data-fax-id="{fax["message_id"]}"]')
    expect(shown).to_contain_text(f"{fax['message_id']}: {fax['status']}, ")
    expect(shown).to_contain_text(f"+16505550123 ({fax['recipients'][0]['status']})")


def test_reject_and_busy_from_the_page_end_ringing_legs(
    page: Any, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, hooks = telephony_emulator, telephony_webhooks
    routed(emu, hooks)
    hooks.reply(
        "<Response><Transfer><PhoneNumber>+15557770001</PhoneNumber>"
        "<PhoneNumber>+15557770002</PhoneNumber></Transfer></Response>",
        event_type="initiate",
    )
    emu.place_inbound_call(emu.numbers[0], CALLER)
    legs = [
        page.locator("#calls tbody tr", has=page.locator("td.to", has_text=number))
        for number in ("+15557770001", "+15557770002")
    ]
    for leg in legs:
        expect(leg.locator("td.state")).to_have_text("ringing")
    legs[0].locator('button[data-action="reject"]').click()
    expect(legs[0].locator("td.activity")).to_have_text("ended: rejected")
    legs[1].locator('button[data-action="busy"]').click()
    expect(legs[1].locator("td.activity")).to_have_text("ended: busy")
