"""The app under test, hosted by the plugin or on pytest-aiohttp's loop, runs an IVR flow."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

#: The same small IVR in three frameworks: the initiate webhook gathers one digit with a
#: root-relative gatherUrl (it resolves against the app's own URL), the gather says goodbye.
APPS = """
import json

MENU = (
    '<Response><Gather gatherUrl="/voice/gather" maxDigits="1">'
    "<SpeakSentence>Press 1 for sales</SpeakSentence></Gather></Response>"
)
seen = []


def answer(path, body):
    seen.append((path, body.get("eventType"), body.get("digits")))
    if path == "/voice/initiate":
        return MENU
    said = f"<SpeakSentence>You chose {body.get('digits')}</SpeakSentence>"
    return f"<Response>{said}<Hangup/></Response>"


def flask_app():
    from flask import Flask, request

    app = Flask("ivr")

    @app.post("/voice/<name>")
    def voice(name):
        return answer(request.path, request.get_json()), 200, {"Content-Type": "application/xml"}

    return app


def aiohttp_app():
    from aiohttp import web

    async def voice(request):
        text = answer(request.path, await request.json())
        return web.Response(text=text, content_type="application/xml")

    app = web.Application()
    app.router.add_post("/voice/{name}", voice)
    return app


def starlette_app():
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route

    async def voice(request):
        text = answer(request.url.path, await request.json())
        return Response(text, media_type="application/xml")

    return Starlette(routes=[Route("/voice/{name}", voice, methods=["POST"])])
"""

HOSTED = """
import pytest
from apps import aiohttp_app, flask_app, seen, starlette_app


@pytest.mark.parametrize("factory", [flask_app, aiohttp_app, starlette_app])
def test_ivr(telephony_emulator, telephony_host_app, factory):
    seen.clear()
    emu = telephony_emulator
    app = telephony_host_app(factory())
    emu.update_application(call_initiated_callback_url=app.url_for("/voice/initiate"))
    call = emu.place_inbound_call(emu.numbers[0], digits=[{"at": 2, "digits": "1"}])
    emu.run_until_idle()
    assert emu.call(call["call_id"])["state"] == "disconnected"
    assert [s[:2] for s in seen] == [("/voice/initiate", "initiate"), ("/voice/gather", "gather")]
    assert seen[1][2] == "1"
"""

ASYNC = """
from apps import aiohttp_app, seen


async def test_ivr_on_the_tests_own_loop(telephony_async, telephony_webhooks, aiohttp_server):
    seen.clear()
    emu = telephony_async
    server = await aiohttp_server(aiohttp_app())
    await emu.update_application(
        call_initiated_callback_url=str(server.make_url("/voice/initiate"))
    )
    call = await emu.place_inbound_call(emu.numbers[0], digits=[{"at": 2, "digits": "1"}])
    report = await emu.run_until_idle()
    assert report["live_calls"] == []
    assert (await emu.call(call["call_id"]))["state"] == "disconnected"
    assert [s[1] for s in seen] == ["initiate", "gather"]
    assert [d["event_type"] for d in await emu.ledger()] == ["initiate", "gather"]
    assert await telephony_webhooks.wait_for_async(count=0, timeout=0.1) == []
"""


def test_flask_aiohttp_and_starlette_apps_hosted_by_the_plugin(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(apps=APPS, test_hosted=HOSTED)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


def test_an_async_suite_on_pytest_aiohttps_loop(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nasyncio_mode = auto\n")
    pytester.makepyfile(apps=APPS, test_async=ASYNC)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


ROUTING = """
import urllib.request

MENU = (
    '<Response><Gather gatherUrl="/gather" maxDigits="1">'
    "<SpeakSentence>Hi</SpeakSentence></Gather></Response>"
)


def test_root_relative_gather_url_reaches_the_inbox(telephony_emulator, telephony_webhooks):
    emu, hooks = telephony_emulator, telephony_webhooks
    emu.update_application(call_initiated_callback_url=hooks.url_for("/initiate"))
    hooks.reply(MENU, event_type="initiate")
    emu.place_inbound_call(emu.numbers[0], digits=[{"at": 1, "digits": "5"}])
    emu.run_until_idle()
    gather, = hooks.wait_for("gather", timeout=5)
    assert (gather.path, gather.payload["digits"]) == ("/gather", "5")


def test_a_webhook_outside_every_inbox_fails_the_test(telephony_webhooks):
    root = telephony_webhooks.url.rsplit("/", 1)[0]
    request = urllib.request.Request(root + "/elsewhere", data=b'{"eventType": "answer"}')
    try:
        urllib.request.urlopen(request, timeout=5)
    except urllib.error.HTTPError as error:
        assert error.code == 404
"""


def test_webhook_routing_stays_in_the_inbox_and_strays_fail_the_test(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(test_routing=ROUTING)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*webhooks reached the receiver outside this test's inbox*",
            "*POST /elsewhere event=answer -> reached no inbox (404)*",
        ]
    )


RUNAWAY = """
LOOP = '<Response><Redirect redirectUrl="again"/></Response>'


def test_menu(telephony_emulator, telephony_webhooks):
    emu, hooks = telephony_emulator, telephony_webhooks
    emu.update_application(
        call_initiated_callback_url=hooks.url_for("/initiate"),
        call_status_callback_url=hooks.url_for("/status"),
    )
    hooks.reply(LOOP)  # a bug: every document redirects to another one
    emu.place_inbound_call(emu.numbers[0])
    emu.run_until_idle()
    hooks.wait_for("gather", timeout=1)
"""


def test_a_runaway_redirect_loop_fails_fast_saying_so(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_runaway=RUNAWAY)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--durations=0")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*waited 1 s for 1 webhook(s) of type gather, got 0*",
            "*event=disconnect cause=error (Ended by the emulator's loop guard: more than 100 "
            "BXML documents within one virtual second*",
        ]
    )
    durations = [line for line in result.outlines if "call " in line and "test_menu" in line]
    assert durations
    assert float(durations[0].split("s")[0]) < 10, durations
