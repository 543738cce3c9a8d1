"""``/ringout.asp``: exact bodies of every command and the status progressions of seed 002."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import AppClient

LOGIN = {"username": "8889363711", "password": "emulator-pass", "ext": "101"}
USER = {"username": "+16505550100", "password": "emulator-pass", "ext": "101"}
CALLBACK = "+16505551231"
DESTINATION = "+16505551230"
ACCOUNT = "9900000"


async def page(client: AppClient, method: str = "POST", **params: str) -> bytes:
    if method == "POST":
        response = await client.post("/ringout.asp", data=params)
    else:
        response = await client.get("/ringout.asp", params=params)
    assert response.status == 200
    assert response.content_type == "text/plain"
    return await response.read()


async def call(client: AppClient, to: str = DESTINATION, prompt: str = "0", **extra: str) -> str:
    body = await page(
        client, cmd="call", **USER, to=to, **{"from": CALLBACK}, clid="", prompt=prompt, **extra
    )
    assert body.startswith(b"OK ")
    session_id, ws = body.decode()[3:].split(" ")
    assert ws.startswith(".")
    return session_id


async def status(client: AppClient, session_id: str) -> str:
    return (await page(client, cmd="status", sessionid=session_id, ws="")).decode()


async def advance(client: AppClient, seconds: float) -> None:
    response = await client.post("/_emulator/clock/advance", json={"seconds": seconds})
    assert response.status == 200


async def scenario(client: AppClient, number: str, **rule: Any) -> None:
    response = await client.put(f"/_emulator/accounts/{ACCOUNT}/scenarios/{number}", json=rule)
    assert response.status == 200


async def legs(client: AppClient, session_id: str) -> dict[str, Any]:
    response = await client.get(f"/_emulator/ringouts/{session_id}")
    assert response.status == 200
    return dict(await response.json())


async def drive(client: AppClient, call_id: str, action: str, **body: str) -> None:
    response = await client.post(f"/_emulator/calls/{call_id}/{action}", json=body or None)
    assert response.status == 200, await response.text()


def groups(
    session_id: str, general: int, destination: int, callback: int, to: str = DESTINATION
) -> str:
    return f"OK {session_id} {general};{to};{destination};{CALLBACK};{callback}"


# -- list ---------------------------------------------------------------------------------


async def test_list_answers_the_forwarding_numbers_as_number_label_pairs(
    client: AppClient,
) -> None:
    body = await page(client, cmd="list", **USER)
    assert body == b"OK 6505553711;Home;6505551550;Business;6505551233;Mobile"


async def test_names_and_commands_in_any_case_by_get_or_post_with_extra_parameters(
    client: AppClient,
) -> None:
    expected = b"OK 6505553711;Home;6505551550;Business;6505551233;Mobile"
    login = {"UserName": "16505550100", "Password": "emulator-pass", "Ext": "101"}
    assert await page(client, "GET", Cmd="LIST", **login, extra="x", ws="") == expected
    assert await page(client, "POST", CMD="List", **login) == expected
    response = await client.get("/RingOut.ASP", params={"cmd": "list", **USER})
    assert await response.read() == expected


@pytest.mark.parametrize(
    "login",
    [
        {**USER, "password": "wrong"},
        {**USER, "ext": "102"},
        {"username": "+16505550199", "password": "emulator-pass", "ext": "101"},
        {},
    ],
    ids=["password", "extension", "number", "none"],
)
@pytest.mark.parametrize("command", ["list", "call"])
async def test_bad_credentials_answer_200_with_a_body_not_starting_with_ok(
    client: AppClient, command: str, login: dict[str, str]
) -> None:
    body = await page(client, cmd=command, **login, to=DESTINATION, **{"from": CALLBACK})
    assert body == b"Error: invalid username, extension or password"


async def test_unknown_or_missing_command_and_missing_numbers_are_errors(
    client: AppClient,
) -> None:
    assert await page(client, cmd="dial", **USER) == (
        b"Error: cmd must be one of list, call, status, cancel"
    )
    assert await page(client, **USER) == b"Error: cmd must be one of list, call, status, cancel"
    assert await page(client, cmd="call", **USER, **{"from": CALLBACK}) == (
        b"Error: to is not a valid phone number"
    )
    assert await page(client, cmd="call", **USER, to="12ab") == (
        b"Error: to is not a valid phone number"
    )
    assert await page(client, cmd="call", **USER, to=DESTINATION) == (
        b"Error: from is not a valid phone number"
    )
    assert await page(client, cmd="status") == b"Error: sessionid is required"


# -- status progressions ------------------------------------------------------------------


async def test_readme_progression_with_the_press_1_prompt(client: AppClient) -> None:
    session_id = await call(client, prompt="1")
    assert await status(client, session_id) == groups(session_id, 1, 1, 1)  # callback rings
    await advance(client, 1)
    assert await status(client, session_id) == groups(session_id, 1, 1, 0)  # callback answered
    await advance(client, 10)  # the prompt plays; nothing happens until 1 is pressed
    assert await status(client, session_id) == groups(session_id, 1, 1, 0)
    session = await legs(client, session_id)
    assert session["callee_call_id"] is None
    await drive(client, session["caller_call_id"], "digits", digits="5")  # ignored
    assert (await legs(client, session_id))["callee_call_id"] is None
    await drive(client, session["caller_call_id"], "digits", digits="1")
    session = await legs(client, session_id)
    assert session["callee_call_id"] is not None
    assert await status(client, session_id) == groups(session_id, 1, 1, 0)  # destination rings
    await advance(client, 1)
    assert await status(client, session_id) == groups(session_id, 0, 0, 0)  # both up
    await advance(client, 600)
    assert await status(client, session_id) == groups(session_id, 0, 0, 0)
    await drive(client, session["callee_call_id"], "hangup")
    # The destination hung up (Rejected); the callback's line was closed for it (Finished).
    assert await status(client, session_id) == groups(session_id, 0, 4, 6)
    await advance(client, 4.9)
    assert await status(client, session_id) == groups(session_id, 0, 4, 6)
    await advance(client, 0.1)
    assert await status(client, session_id) == f"OK {session_id}"
    callback = await (await client.get(f"/_emulator/calls/{session['caller_call_id']}")).json()
    assert (callback["state"], callback["to"]) == ("disconnected", CALLBACK)


async def test_scenario_presses_1_into_the_prompt(client: AppClient) -> None:
    await scenario(client, CALLBACK, digits=[{"digits": "1", "at": 2, "after": "gather"}])
    session_id = await call(client, prompt="1")
    await advance(client, 3)
    assert await status(client, session_id) == groups(session_id, 1, 1, 0)
    await advance(client, 1)
    assert await status(client, session_id) == groups(session_id, 0, 0, 0)


async def test_without_prompt_the_destination_is_dialled_on_answer(client: AppClient) -> None:
    session_id = await call(client)
    await advance(client, 1)
    assert (await legs(client, session_id))["callee_call_id"] is not None
    assert await status(client, session_id) == groups(session_id, 1, 1, 0)
    await advance(client, 1)
    assert await status(client, session_id) == groups(session_id, 0, 0, 0)
    await drive(client, (await legs(client, session_id))["caller_call_id"], "hangup")
    assert await status(client, session_id) == groups(session_id, 0, 6, 4)


@pytest.mark.parametrize(
    ("number", "seconds", "general", "callback"),
    [
        ("+15005550003", 1, 2, 4),  # seed 002: general Busy, callback Rejected
        ("+15005550001", 1, 2, 2),
        ("+15005550002", 30, 3, 3),
    ],
    ids=["rejects", "busy", "no-answer"],
)
async def test_callback_leg_failures(
    client: AppClient, number: str, seconds: float, general: int, callback: int
) -> None:
    body = await page(client, cmd="call", **USER, to=DESTINATION, **{"from": number})
    session_id = body.decode().split(" ")[1]
    await advance(client, seconds - 0.5)
    assert await status(client, session_id) == (f"OK {session_id} 1;{DESTINATION};1;{number};1")
    await advance(client, 0.5)
    assert await status(client, session_id) == (
        f"OK {session_id} {general};{DESTINATION};5;{number};{callback}"
    )
    assert (await legs(client, session_id))["callee_call_id"] is None
    await advance(client, 5)
    assert await status(client, session_id) == f"OK {session_id}"


@pytest.mark.parametrize(
    ("number", "seconds", "code"),
    [("+15005550001", 1, 2), ("+15005550002", 30, 3), ("+15005550003", 1, 4)],
    ids=["busy", "no-answer", "rejects"],
)
async def test_destination_failures(
    client: AppClient, number: str, seconds: float, code: int
) -> None:
    session_id = await call(client, to=number)
    await advance(client, 1 + seconds - 0.5)
    assert await status(client, session_id) == groups(session_id, 1, 1, 0, to=number)
    await advance(client, 0.5)
    assert await status(client, session_id) == groups(session_id, code, code, 0, to=number)
    session = await legs(client, session_id)
    callback = await (await client.get(f"/_emulator/calls/{session['caller_call_id']}")).json()
    assert callback["state"] == "disconnected"


@pytest.mark.parametrize(
    ("to", "code"),
    [("+442071234567", 7), ("+19005551234", 8), ("911", 8)],
    ids=["international", "premium", "n11"],
)
async def test_barred_destinations_are_not_dialled(client: AppClient, to: str, code: int) -> None:
    session_id = await call(client, to=to)
    await advance(client, 1)
    assert await status(client, session_id) == groups(session_id, 5, code, 0, to=to)
    assert (await legs(client, session_id))["callee_call_id"] is None


async def test_international_calling_and_blocked_numbers_follow_the_account_settings(
    client: AppClient,
) -> None:
    response = await client.patch(
        f"/_emulator/accounts/{ACCOUNT}/ringcentral",
        json={"international_calling": True, "blocked_numbers": [DESTINATION]},
    )
    assert response.status == 200
    allowed = await call(client, to="+442071234567")
    blocked = await call(client)
    await advance(client, 2)
    assert await status(client, allowed) == groups(allowed, 0, 0, 0, to="+442071234567")
    assert await status(client, blocked) == groups(blocked, 5, 8, 0)


async def test_prompt_never_answered_ends_the_call(client: AppClient) -> None:
    session_id = await call(client, prompt="1")
    await advance(client, 1 + 3 * (3 + 5) - 0.5)
    assert await status(client, session_id) == groups(session_id, 1, 1, 0)
    await advance(client, 0.5)
    assert await status(client, session_id) == groups(session_id, 5, 5, 6)


async def test_callback_hangs_up_during_the_prompt(client: AppClient) -> None:
    session_id = await call(client, prompt="1")
    await advance(client, 2)
    await drive(client, (await legs(client, session_id))["caller_call_id"], "hangup")
    assert await status(client, session_id) == groups(session_id, 2, 5, 4)


async def test_callback_hangs_up_while_the_destination_rings(client: AppClient) -> None:
    session_id = await call(client, to="+15005552010")  # answers after 10 s
    await advance(client, 3)
    session = await legs(client, session_id)
    await drive(client, session["caller_call_id"], "hangup")
    assert await status(client, session_id) == groups(session_id, 4, 4, 4, to="+15005552010")
    callee = await (await client.get(f"/_emulator/calls/{session['callee_call_id']}")).json()
    assert (callee["state"], callee["answered_at"]) == ("disconnected", None)


# -- cancel -------------------------------------------------------------------------------


async def test_cancel_while_the_callback_rings_really_cancels(client: AppClient) -> None:
    await scenario(client, CALLBACK, answer_after=20)
    session_id = await call(client)
    await advance(client, 2)
    assert await page(client, cmd="cancel", sessionid=session_id, ws="") == (
        f"OK {session_id}".encode()
    )
    assert await status(client, session_id) == groups(session_id, 4, 4, 4)
    session = await legs(client, session_id)
    callback = await (await client.get(f"/_emulator/calls/{session['caller_call_id']}")).json()
    assert (callback["state"], callback["cause"]) == ("disconnected", "cancel")
    await advance(client, 30)
    assert await status(client, session_id) == f"OK {session_id}"


async def test_cancel_while_the_destination_rings(client: AppClient) -> None:
    session_id = await call(client, to="+15005552010")
    await advance(client, 3)
    assert await page(client, cmd="cancel", sessionid=session_id) == f"OK {session_id}".encode()
    assert await status(client, session_id) == groups(session_id, 4, 4, 6, to="+15005552010")


async def test_cancel_of_a_connected_call_answers_the_same_and_changes_nothing(
    client: AppClient,
) -> None:
    session_id = await call(client)
    await advance(client, 2)
    assert await page(client, cmd="cancel", sessionid=session_id) == f"OK {session_id}".encode()
    assert await status(client, session_id) == groups(session_id, 0, 0, 0)
    await advance(client, 100)
    assert await status(client, session_id) == groups(session_id, 0, 0, 0)


async def test_unknown_sessions_read_as_completed(client: AppClient) -> None:
    assert await page(client, cmd="status", sessionid="242323", ws=".62") == b"OK 242323"
    assert await page(client, "GET", cmd="cancel", sessionid="242323") == b"OK 242323"


# -- the seed's gem ------------------------------------------------------------------------

STATUS_CODES = [
    "Success",
    "In Progress",
    "Busy",
    "No Answer",
    "Rejected",
    "Generic Error",
    "Finished",
    "International calls disabled",
    "Destination number prohibited",
]


def gem_response(body: bytes) -> str:
    """``RingCentral::Phone`` (tfe/ringcentral 0.2.0): anything not starting ``OK`` raises."""
    text = body.decode()
    if text[0:2] != "OK":
        raise RuntimeError(f"RingCentral response: {text}")
    return text[3:]


def gem_status(body: bytes) -> dict[str, str]:
    payload = gem_response(body)
    parts = payload.split(" ")
    if len(parts) < 2:
        return dict.fromkeys(("general", "destination", "callback"), "Call Completed")
    codes = parts[1].split(";")
    return {
        "general": STATUS_CODES[int(codes[0])],
        "destination": STATUS_CODES[int(codes[2])],
        "callback": STATUS_CODES[int(codes[4])],
    }


async def test_the_seed_gem_reads_the_readme_results(client: AppClient) -> None:
    listed = gem_response(await page(client, cmd="list", **USER)).split(";")
    assert dict(zip(listed[1::2], listed[0::2], strict=True)) == {
        "Home": "6505553711",
        "Mobile": "6505551233",
        "Business": "6505551550",
    }
    session_id, ws = gem_response(
        await page(
            client,
            cmd="call",
            **USER,
            to="6505551230",
            **{"from": "6505551231"},
            clid="8889363711",
            prompt="1",
        )
    ).split(" ")
    assert ws.startswith(".")

    async def gem(status_of: str) -> dict[str, str]:
        return gem_status(await page(client, cmd="status", sessionid=status_of, ws=""))

    progress = [await gem(session_id)]
    await advance(client, 1)
    progress.append(await gem(session_id))
    caller_call_id = (await legs(client, session_id))["caller_call_id"]
    await drive(client, caller_call_id, "digits", digits="1")
    await advance(client, 1)
    progress.append(await gem(session_id))
    await drive(client, caller_call_id, "hangup")
    await advance(client, 5)
    progress.append(await gem(session_id))
    assert progress == [
        {"general": "In Progress", "callback": "In Progress", "destination": "In Progress"},
        {"general": "In Progress", "callback": "Success", "destination": "In Progress"},
        {"general": "Success", "callback": "Success", "destination": "Success"},
        dict.fromkeys(("general", "callback", "destination"), "Call Completed"),
    ]
    rejected = gem_response(
        await page(client, cmd="call", **USER, to="6505551230", **{"from": "+15005550003"})
    ).split(" ")[0]
    await advance(client, 1)
    assert await gem(rejected) == {
        "general": "Busy",
        "callback": "Rejected",
        "destination": "Generic Error",
    }
    assert gem_response(await page(client, cmd="cancel", sessionid="242323")) == "242323"
    with pytest.raises(RuntimeError, match="RingCentral response: Error: invalid username"):
        gem_response(await page(client, cmd="list", **LOGIN))
