"""The legacy FaxOut page ``/faxapi.asp``: exact one-digit replies, and the fax it accepts is the
REST message store's fax."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from pytest_telephony_emulator.control import TelephonyEmulator

PDF_LIKE = ("memo.txt", b"Please call back.", "text/plain")
STORE = "/restapi/v1.0/account/~/extension/~/message-store"


@pytest.fixture
def emu(telephony_emulator: TelephonyEmulator) -> Iterator[TelephonyEmulator]:
    yield telephony_emulator
    telephony_emulator.run_until_idle()


def gem_form(emu: TelephonyEmulator, **overrides: Any) -> list[tuple[str, Any]]:
    """The fields as the ``ringcentral`` gem sends them: lower-case, ``<number>*<ext>``,
    nil fields as empty parts."""
    login = emu.ringcentral
    fields: dict[str, Any] = {
        "attachment": PDF_LIKE,
        "recipient": "6505550123|Bob Smith",
        "coverpage": "None",
        "coverpagetext": "",
        "resolution": "",
        "sendtime": "",
        "username": f"{login.username.lstrip('+')}*{login.extension}",
        "password": login.password,
        "ext": "",
    }
    fields.update(overrides)
    return [
        (name, value if isinstance(value, tuple) else (None, value))
        for name, value in fields.items()
        if value is not None
    ]


def post(emu: TelephonyEmulator, files: list[tuple[str, Any]]) -> requests.Response:
    return requests.post(emu.ringcentral.legacy_fax_url, files=files, timeout=30)


def store(emu: TelephonyEmulator, path: str = "") -> dict[str, Any]:
    platform = emu.ringcentral.sdk().platform()
    platform.login(jwt=emu.ringcentral.jwt)
    return platform.get(STORE + path).json_dict()  # type: ignore[no-any-return]


def test_an_accepted_fax_is_sent_and_in_the_message_store(emu: TelephonyEmulator) -> None:
    response = post(emu, gem_form(emu))
    assert (response.status_code, response.content) == (200, b"0")
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    (fax,) = emu.faxes()
    assert fax["origin"] == "ringcentral_legacy"
    emu.run_until_idle()
    record = store(emu, f"/{fax['message_id']}")
    assert record["messageStatus"] == "Sent"
    assert record["faxPageCount"] == 1
    assert record["coverIndex"] == 0
    assert record["faxResolution"] == "Low"
    assert [(r["phoneNumber"], r["name"]) for r in record["to"]] == [("+16505550123", "Bob Smith")]
    attachment = record["attachments"][0]
    assert (attachment["fileName"], attachment["contentType"]) == ("memo.txt", "text/plain")


def test_field_names_are_case_insensitive_and_the_extension_may_come_apart(
    emu: TelephonyEmulator,
) -> None:
    login = emu.ringcentral
    files = [
        ("Username", (None, login.username)),
        ("Extension", (None, login.extension)),
        ("Password", (None, login.password)),
        ("RECIPIENT", (None, "+16505550124")),
        ("Recipient", (None, "6505550125|Ann")),
        ("Coverpage", (None, "confidential")),
        ("CoverPageText", (None, "For your eyes")),
        ("Resolution", (None, "high")),
        ("Sendtime", (None, "19:03:30 08:00")),
        ("ATTACHMENT", PDF_LIKE),
    ]
    response = post(emu, files)
    assert (response.status_code, response.content) == (200, b"0")
    (fax,) = emu.faxes()
    record = store(emu, f"/{fax['message_id']}")
    assert [(r["phoneNumber"], r.get("name")) for r in record["to"]] == [
        ("+16505550124", None),
        ("+16505550125", "Ann"),
    ]
    assert (record["coverIndex"], record["coverPageText"], record["faxResolution"]) == (
        6,
        "For your eyes",
        "High",
    )
    emu.advance(600)  # scheduled for 2030: nothing is dialled yet
    assert [r["call_id"] for r in emu.fax(fax["message_id"])["recipients"]] == [None, None]
    platform = emu.ringcentral.sdk().platform()
    platform.login(jwt=emu.ringcentral.jwt)
    platform.delete(f"{STORE}/{fax['message_id']}")  # cancel it
    assert emu.fax(fax["message_id"])["status"] == "SendingFailed"


@pytest.mark.parametrize(
    ("overrides", "digit"),
    [
        ({"password": "wrong"}, b"1"),
        ({"username": "19995550000"}, b"1"),
        ({"password": None}, b"1"),
        ({"recipient": None}, b"3"),
        ({"recipient": " "}, b"3"),
        ({"attachment": None}, b"4"),
        ({"attachment": ("empty.txt", b"", "text/plain")}, b"4"),
        ({"attachment": ("tool.exe", b"MZ", "application/x-msdownload")}, b"5"),
        ({"recipient": "call me|Bob"}, b"5"),
    ],
)
def test_refusals_answer_their_digit_and_send_nothing(
    emu: TelephonyEmulator, overrides: dict[str, Any], digit: bytes
) -> None:
    response = post(emu, gem_form(emu, **overrides))
    assert (response.status_code, response.content) == (200, digit)
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert emu.faxes() == []


def test_a_body_that_is_not_multipart_is_a_generic_error(emu: TelephonyEmulator) -> None:
    login = emu.ringcentral
    form = {"username": login.username, "password": login.password, "recipient": "6505550123"}
    response = requests.post(login.legacy_fax_url, data=form, timeout=30)
    assert (response.status_code, response.content) == (200, b"5")
    broken = requests.post(
        login.legacy_fax_url,
        data=b'--b\r\nContent-Disposition: form-data; name="username"\r\n\r\nx',
        headers={"Content-Type": "multipart/form-data; boundary=b"},
        timeout=30,
    )
    assert (broken.status_code, broken.content) == (200, b"5")
    assert emu.faxes() == []
