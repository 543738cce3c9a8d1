"""Fax through the REST API: the official SDK's multipart request, both multipart forms by raw
HTTP, the vendor's errors, outcomes per far-end rule and driver, and the message store."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests
from pypdf import PdfWriter

from tests.ringcentral_rest.conftest import RingCentralRest
from tests.specs import assert_matches

SPEC = "rc-public-openapi.yml"
FAX_PATH = "/restapi/v1.0/account/~/extension/~/fax"
STORE_PATH = "/restapi/v1.0/account/~/extension/~/message-store"
PAGE_SECONDS = 60


def pdf(pages: int) -> bytes:
    """A real PDF of ``pages`` blank letter pages."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@dataclass
class Fax:
    """Raw HTTP to the fax and message-store endpoints of one logged-in user."""

    rc: RingCentralRest
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def send(self, files: list[tuple[str, Any]], **kwargs: Any) -> requests.Response:
        return self.rc.http.post(
            self.rc.url + FAX_PATH, files=files, headers=self.headers, **kwargs
        )

    def send_json(self, envelope: dict[str, Any], *documents: tuple[str, bytes, str]) -> dict:
        files = [("json", ("request.json", json.dumps(envelope), "application/json"))]
        files += [("attachment", document) for document in documents]
        response = self.send(files)
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def raw(self, body: bytes, content_type: str) -> requests.Response:
        headers = {**self.headers, "Content-Type": content_type}
        return self.rc.http.post(self.rc.url + FAX_PATH, data=body, headers=headers)

    def get(self, path: str = "", **params: Any) -> requests.Response:
        return self.rc.http.get(
            self.rc.url + STORE_PATH + path, params=params, headers=self.headers
        )

    def record(self, message_id: int) -> dict[str, Any]:
        response = self.get(f"/{message_id}")
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def statuses(self, message_id: int) -> list[tuple[str, str, str | None]]:
        return [
            (item["phoneNumber"], item["messageStatus"], item.get("faxErrorCode"))
            for item in self.record(message_id)["to"]
        ]


@pytest.fixture
def fax(rc: RingCentralRest) -> Iterator[Fax]:
    yield Fax(rc, rc.jwt_login()["access_token"])
    rc.emu.run_until_idle()


def error_body(code: str, message: str, parameter: str | None = None) -> dict[str, Any]:
    item = {"errorCode": code, "message": message}
    if parameter is not None:
        item["parameterName"] = parameter
    return {"errorCode": code, "message": message, "errors": [item]}


# -- the official SDK -----------------------------------------------------------------------


@pytest.mark.parametrize("mixed", [False, True])
def test_sdk_fax_with_a_pdf_polls_to_sent(rc: RingCentralRest, mixed: bool) -> None:
    sdk = rc.login.sdk()
    platform = sdk.platform()
    platform.login(jwt=rc.login.jwt)
    document = pdf(3)
    builder = sdk.create_multipart_builder()
    builder.set_body(
        {"to": [{"phoneNumber": "+16505550199", "name": "Bob"}], "faxResolution": "High"}
    )
    builder.add(("report.pdf", document, "application/pdf"))
    builder.set_multipart_mixed(mixed)
    sent = platform.send_request(builder.request(FAX_PATH)).json_dict()

    base = f"{rc.url}/restapi/v1.0/account/{rc.login.account_id}/extension/{rc.login.extension_id}"
    message_id = sent["id"]
    uri = f"{base}/message-store/{message_id}"
    attachment_id = sent["attachments"][0]["id"]
    assert isinstance(message_id, int)
    assert sent == {
        "uri": uri,
        "id": message_id,
        "to": [
            {
                "recipientId": sent["to"][0]["recipientId"],
                "phoneNumber": "+16505550199",
                "name": "Bob",
                "messageStatus": "Queued",
            }
        ],
        "from": {"phoneNumber": rc.login.username, "name": "pytest account"},
        "type": "Fax",
        "creationTime": sent["creationTime"],
        "readStatus": "Unread",
        "priority": "Normal",
        "attachments": [
            {
                "id": attachment_id,
                "uri": f"{uri}/content/{attachment_id}",
                "type": "RenderedDocument",
                "contentType": "application/pdf",
                "filename": "report.pdf",
                "size": len(document),
            }
        ],
        "direction": "Outbound",
        "availability": "Alive",
        "messageStatus": "Queued",
        "faxResolution": "High",
        "faxPageCount": 0,
        "lastModifiedTime": sent["creationTime"],
    }
    assert_matches(SPEC, "FaxResponse", sent)

    polls = []
    while True:  # the official demo's loop: poll while Queued
        record = platform.get(f"{STORE_PATH}/{message_id}").json_dict()
        polls.append((record["messageStatus"], record["faxPageCount"]))
        if record["messageStatus"] != "Queued":
            break
        rc.advance(30)
    # Dialled at once, answered after 1 s, then three pages of 60 s each.
    assert polls == [("Queued", 0)] * 7 + [("Sent", 3)]
    assert record["to"][0]["messageStatus"] == "Sent"
    assert "faxErrorCode" not in record["to"][0]
    assert record["extensionId"] == rc.login.extension_id
    assert record["attachments"][0]["fileName"] == "report.pdf"
    assert_matches(SPEC, "GetMessageInfoResponse", record)

    content = platform.get(f"{STORE_PATH}/{message_id}/content/{attachment_id}")
    assert content.response().headers["Content-Type"] == "application/pdf"
    assert content.response().content == document


# -- both multipart forms by raw HTTP -------------------------------------------------------


def test_plain_fields_form(fax: Fax) -> None:
    response = fax.send(
        [
            ("to", (None, "6505550123")),
            ("to", (None, "+1 (650) 555-0124")),
            ("faxResolution", (None, "High")),
            ("coverIndex", (None, "2")),
            ("coverPageText", (None, "Please sign")),
            ("isoCode", (None, "US")),
            ("attachment", ("note.txt", b"Hello fax", "text/plain")),
            ("attachment", ("scan.png", b"\x89PNG fake", "image/png")),
        ]
    )
    assert response.status_code == 200, response.text
    sent = response.json()
    assert [(r["phoneNumber"], r["messageStatus"]) for r in sent["to"]] == [
        ("+16505550123", "Queued"),
        ("+16505550124", "Queued"),
    ]
    assert (sent["coverIndex"], sent["coverPageText"], sent["faxResolution"]) == (
        2,
        "Please sign",
        "High",
    )
    assert [(a["filename"], a["contentType"]) for a in sent["attachments"]] == [
        ("note.txt", "text/plain"),
        ("scan.png", "image/png"),
    ]
    assert_matches(SPEC, "FaxResponse", sent)
    fax.rc.emu.run_until_idle()
    record = fax.record(sent["id"])
    # Two one-page documents for each recipient.
    assert (record["messageStatus"], record["faxPageCount"]) == ("Sent", 2)


def test_docs_form_data_fields_with_empty_file_names(fax: Fax) -> None:
    """The docs' example sends every field as a part with ``filename=""``."""
    boundary = "Boundary_14_2952358_1361963763144"

    def part(name: str, value: bytes, extra: str = "Content-Type: text/plain") -> bytes:
        head = f'Content-Disposition: form-data; name="{name}"; filename=""\r\n{extra}\r\n\r\n'
        return f"--{boundary}\r\n".encode() + head.encode() + value + b"\r\n"

    body = (
        part("coverIndex", b"0")
        + part("faxResolution", b"Low")
        + part("to", b"18005554567")
        + part("to", b"18005554568")
        + f"--{boundary}\r\n".encode()
        + b'Content-Disposition: form-data; name="attachment"; filename="fax.pdf"\r\n'
        + b"Content-Type: application/pdf\r\n\r\n"
        + pdf(2)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = fax.raw(body, f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 200, response.text
    sent = response.json()
    assert [r["phoneNumber"] for r in sent["to"]] == ["+18005554567", "+18005554568"]
    assert (sent["coverIndex"], sent["faxResolution"]) == (0, "Low")
    fax.rc.emu.run_until_idle()
    assert fax.record(sent["id"])["faxPageCount"] == 2


def test_multipart_mixed_with_an_unnamed_json_part(fax: Fax) -> None:
    """The docs' multipart/mixed example: a JSON part without a name, then the documents."""
    boundary = "Boundary_1_14413901_1361871080888"
    envelope = {"to": [{"phoneNumber": "+16505550150"}], "coverPageText": "From raw HTTP"}
    body = (
        f"--{boundary}\r\nContent-Type: application/json\r\n\r\n{json.dumps(envelope)}\r\n"
        f"--{boundary}\r\nContent-Type: text/plain\r\n"
        'Content-Disposition: attachment; filename="file.txt"\r\n\r\nHello world!\r\n'
        f"--{boundary}--\r\n"
    ).encode()
    response = fax.raw(body, f"multipart/mixed; boundary={boundary}")
    assert response.status_code == 200, response.text
    sent = response.json()
    assert sent["coverPageText"] == "From raw HTTP"
    assert sent["faxResolution"] == "Low"
    assert [(a["filename"], a["contentType"], a["size"]) for a in sent["attachments"]] == [
        ("file.txt", "text/plain", 12)
    ]
    content = fax.get(f"/{sent['id']}/content/{sent['attachments'][0]['id']}")
    assert (content.status_code, content.content) == (200, b"Hello world!")
    assert content.headers["Content-Type"] == "text/plain"


# -- errors ---------------------------------------------------------------------------------

TEXT = ("a.txt", b"text", "text/plain")
TO = {"to": [{"phoneNumber": "+16505550111"}]}


@pytest.mark.parametrize(
    ("files", "status", "body"),
    [
        (
            [("json", ("request.json", json.dumps(TO), "application/json")),
             ("attachment", ("empty.txt", b"", "text/plain"))],
            400,
            error_body("MSG-347", "Attachment body is empty"),
        ),
        (
            [("json", ("request.json", json.dumps(TO), "application/json")),
             ("attachment", ("tool.exe", b"MZ", "application/x-msdownload"))],
            415,
            error_body("MSG-348", "Unsupported attachment media type"),
        ),
        (
            [("json", ("request.json", json.dumps(TO), "application/json")),
             ("attachment", ("blob", b"??", "application/octet-stream"))],
            415,
            error_body("MSG-348", "Unsupported attachment media type"),
        ),
        (
            [("json", ("request.json", "{not json", "application/json")),
             ("attachment", TEXT)],
            400,
            error_body("MSG-349", "Unable to parse fax envelope"),
        ),
        (
            [("json", ("request.json", "[1, 2]", "application/json")), ("attachment", TEXT)],
            400,
            error_body("MSG-349", "Unable to parse fax envelope"),
        ),
        (
            [("json", ("request.json", "{}", "application/json")), ("attachment", TEXT)],
            400,
            error_body("CMN-101", "Parameter [to] value is invalid.", "to"),
        ),
        (
            [("to", (None, "not a number")), ("attachment", TEXT)],
            400,
            error_body("CMN-101", "Parameter [to] value is invalid.", "to"),
        ),
        (
            [("attachment", TEXT)],
            400,
            error_body("CMN-101", "Parameter [to] value is invalid.", "to"),
        ),
        (
            [("to", (None, "+16505550111"))],
            400,
            error_body("CMN-101", "Parameter [attachment] value is invalid.", "attachment"),
        ),
        (
            [("to", (None, "+16505550111")), ("faxResolution", (None, "Medium")),
             ("attachment", TEXT)],
            400,
            error_body("CMN-101", "Parameter [faxResolution] value is invalid.", "faxResolution"),
        ),
        (
            [("to", (None, "+16505550111")), ("coverIndex", (None, "14")), ("attachment", TEXT)],
            400,
            error_body("CMN-101", "Parameter [coverIndex] value is invalid.", "coverIndex"),
        ),
        (
            [("to", (None, "+16505550111")), ("sendTime", (None, "tomorrow")),
             ("attachment", TEXT)],
            400,
            error_body("CMN-101", "Parameter [sendTime] value is invalid.", "sendTime"),
        ),
        (
            [("to", (None, "+16505550111")), ("coverPageText", (None, "x" * 1025)),
             ("attachment", TEXT)],
            400,
            error_body("CMN-101", "Parameter [coverPageText] value is invalid.", "coverPageText"),
        ),
    ],
)  # fmt: skip
def test_bad_requests_get_the_vendor_error_and_change_nothing(
    fax: Fax, files: list[tuple[str, Any]], status: int, body: dict[str, Any]
) -> None:
    response = fax.send(files)
    assert (response.status_code, response.json()) == (status, body)
    assert fax.get().json()["records"] == []
    assert fax.rc.emu.faxes() == []


def test_a_body_that_is_not_multipart_is_an_unparsable_envelope(fax: Fax) -> None:
    response = fax.raw(json.dumps(TO).encode(), "application/json")
    assert (response.status_code, response.json()) == (
        400,
        error_body("MSG-349", "Unable to parse fax envelope"),
    )
    truncated = fax.raw(
        b"--xyz\r\nContent-Type: application/json\r\n\r\n{", "multipart/form-data; boundary=xyz"
    )
    assert truncated.status_code == 400
    assert truncated.json()["errorCode"] == "MSG-349"


def test_without_a_token(fax: Fax) -> None:
    response = fax.rc.http.post(fax.rc.url + FAX_PATH, files=[("attachment", TEXT)])
    assert response.status_code == 401
    assert response.json()["errorCode"] == "OAU-123"


# -- outcomes per far-end rule --------------------------------------------------------------


def test_each_recipient_fails_or_succeeds_per_its_far_end(fax: Fax) -> None:
    recipients = [
        "+16505550100",  # answers: sent
        "+15005550001",  # busy
        "+15005550002",  # never answers
        "+15005550003",  # rejects
        "+15005550004",  # an answering machine
        "+15005551090",  # hangs up 90 s after answering: one page of two went through
        "+15005551030",  # hangs up before the first page is through
        "+442071234567",  # international, not enabled for the account
        "+19005550123",  # premium rate: prohibited
    ]
    sent = fax.send_json(
        {"to": [{"phoneNumber": number} for number in recipients]},
        ("two.pdf", pdf(2), "application/pdf"),
    )
    fax.rc.advance(0)
    # The numbers that cannot be dialled fail at once; the message stays Queued meanwhile.
    assert fax.statuses(sent["id"])[-2:] == [
        ("+442071234567", "SendingFailed", "InternationalDisabled"),
        ("+19005550123", "SendingFailed", "ProhibitedNumber"),
    ]
    assert fax.record(sent["id"])["messageStatus"] == "Queued"
    fax.rc.emu.run_until_idle()
    assert fax.statuses(sent["id"]) == [
        ("+16505550100", "Sent", None),
        ("+15005550001", "SendingFailed", "LineBusy"),
        ("+15005550002", "SendingFailed", "NoAnswer"),
        ("+15005550003", "SendingFailed", "CallDeclined"),
        ("+15005550004", "SendingFailed", "NoFaxMachine"),
        ("+15005551090", "SendingFailed", "SentPartially"),
        ("+15005551030", "SendingFailed", "CallerHungUp"),
        ("+442071234567", "SendingFailed", "InternationalDisabled"),
        ("+19005550123", "SendingFailed", "ProhibitedNumber"),
    ]
    record = fax.record(sent["id"])
    assert (record["messageStatus"], record["faxPageCount"]) == ("SendingFailed", 2)
    assert_matches(SPEC, "GetMessageInfoResponse", record)
    # The dialled recipients' calls are the engine's; the others were never dialled.
    state = fax.rc.emu.fax(sent["id"])
    dialled = [r["call_id"] is not None for r in state["recipients"]]
    assert dialled == [True] * 7 + [False] * 2
    assert [r["pages_sent"] for r in state["recipients"]] == [2, 0, 0, 0, 0, 1, 0, 0, 0]


def test_each_dialled_recipient_is_an_outgoing_fax_in_the_call_log(fax: Fax) -> None:
    recipients = ["+16505550100", "+15005550001", "+15005551090", "+442071234567"]
    sent = fax.send_json(
        {"to": [{"phoneNumber": number} for number in recipients]},
        ("two.pdf", pdf(2), "application/pdf"),
    )
    fax.rc.emu.run_until_idle()
    log_path = "/restapi/v1.0/account/~/extension/~/call-log"
    response = fax.rc.http.get(
        fax.rc.url + log_path, params={"view": "Detailed"}, headers=fax.headers
    )
    assert response.status_code == 200, response.text
    log = response.json()
    assert_matches(SPEC, "CallLogResponse", log)
    # One record per dialled recipient; the international number was never dialled.
    records = {record["to"]["phoneNumber"]: record for record in log["records"]}
    assert sorted(records) == sorted(recipients[:3])
    outcomes = {
        number: (r["type"], r["action"], r["direction"], r["result"], r["reason"])
        for number, r in records.items()
    }
    assert outcomes == {
        "+16505550100": ("Fax", "Outgoing Fax", "Outbound", "Sent", "Accepted"),
        "+15005550001": ("Fax", "Outgoing Fax", "Outbound", "Fax Not Sent", "Line Busy"),
        "+15005551090": (
            "Fax",
            "Outgoing Fax",
            "Outbound",
            "Fax Partially Sent",
            "Fax Partially Sent",
        ),
    }
    delivered = records["+16505550100"]
    login = fax.rc.login
    extension = (
        f"{fax.rc.url}/restapi/v1.0/account/{login.account_id}/extension/{login.extension_id}"
    )
    assert delivered["duration"] == 2 * PAGE_SECONDS + 1  # answered after 1 s, two pages
    assert delivered["message"] == {
        "id": str(sent["id"]),
        "type": "Fax",
        "uri": f"{extension}/message-store/{sent['id']}",
    }
    (leg,) = delivered["legs"]
    assert (leg["legType"], leg["master"], leg["result"]) == ("FaxSent", True, "Sent")
    # type=Fax keeps only these; type=Voice none of them; one record reads back by its id.
    only_fax = fax.rc.http.get(
        fax.rc.url + log_path, params={"type": "Fax"}, headers=fax.headers
    ).json()
    assert len(only_fax["records"]) == 3
    voice = fax.rc.http.get(
        fax.rc.url + log_path, params={"type": "Voice"}, headers=fax.headers
    ).json()
    assert voice["records"] == []
    one = fax.rc.http.get(f"{fax.rc.url}{log_path}/{delivered['id']}", headers=fax.headers).json()
    assert (one["id"], one["result"], "legs" in one) == (delivered["id"], "Sent", False)


def test_call_drivers_and_the_fax_driver(fax: Fax) -> None:
    emu = fax.rc.emu
    for number in ("+16505550201", "+16505550202", "+16505550203"):
        emu.set_scenario(number, "no_answer")
    sent = fax.send_json(
        {"to": [{"phoneNumber": n} for n in ("+16505550201", "+16505550202", "+16505550203")]},
        ("three.pdf", pdf(3), "application/pdf"),
    )
    emu.advance(0)
    calls = [r["call_id"] for r in emu.fax(sent["id"])["recipients"]]
    assert emu.call(calls[0])["surface"] == "ringcentral_fax"
    emu.busy(calls[0])
    emu.answer(calls[1])
    emu.answer(calls[2])
    emu.advance(PAGE_SECONDS * 2 + 1)
    emu.hangup(calls[1])
    state = emu.fail_fax(sent["id"], 2, "NotAccepted")
    assert [(r["status"], r["error_code"], r["pages_sent"]) for r in state["recipients"]] == [
        ("SendingFailed", "LineBusy", 0),
        ("SendingFailed", "SentPartially", 2),
        ("SendingFailed", "NotAccepted", 2),
    ]
    assert emu.call(calls[2])["state"] == "disconnected"
    assert fax.record(sent["id"])["messageStatus"] == "SendingFailed"


# -- the message store ----------------------------------------------------------------------


def test_delete_cancels_a_scheduled_fax_then_purges(fax: Fax) -> None:
    later = "2030-03-19T08:00:00.000Z"
    sent = fax.send_json({**TO, "sendTime": later}, TEXT)
    fax.rc.advance(1800)
    assert fax.record(sent["id"])["messageStatus"] == "Queued"
    deleted = fax.rc.http.delete(fax.rc.url + f"{STORE_PATH}/{sent['id']}", headers=fax.headers)
    assert (deleted.status_code, deleted.content) == (204, b"")
    record = fax.record(sent["id"])
    assert (record["availability"], record["messageStatus"]) == ("Deleted", "SendingFailed")
    assert record["to"][0] == {
        "recipientId": record["to"][0]["recipientId"],
        "phoneNumber": "+16505550111",
        "messageStatus": "SendingFailed",
    }
    assert fax.rc.emu.fax(sent["id"])["recipients"][0]["call_id"] is None
    content_path = f"/{sent['id']}/content/{sent['attachments'][0]['id']}"
    assert fax.get(content_path).content == b"text"  # a deleted message keeps its attachments

    again = fax.rc.http.delete(fax.rc.url + f"{STORE_PATH}/{sent['id']}", headers=fax.headers)
    assert again.status_code == 204
    gone = fax.get(f"/{sent['id']}")
    assert (gone.status_code, gone.json()) == (
        404,
        error_body("CMN-102", "Resource for parameter [messageId] is not found", "messageId"),
    )
    assert fax.get(content_path).status_code == 404


def test_delete_purge_and_restore(fax: Fax) -> None:
    first = fax.send_json(TO, TEXT)
    second = fax.send_json(TO, TEXT)
    url = fax.rc.url + STORE_PATH
    assert fax.rc.http.delete(f"{url}/{first['id']}", headers=fax.headers).status_code == 204
    assert [r["id"] for r in fax.get().json()["records"]] == [second["id"]]
    assert [r["id"] for r in fax.get(availability="Deleted").json()["records"]] == [first["id"]]
    restored = fax.rc.http.patch(
        f"{url}/{first['id']}", json={"availability": "Alive"}, headers=fax.headers
    )
    assert restored.json()["availability"] == "Alive"
    purged = fax.rc.http.delete(
        f"{url}/{second['id']}", params={"purge": "true"}, headers=fax.headers
    )
    assert purged.status_code == 204
    assert fax.get(f"/{second['id']}").status_code == 404
    bad = fax.rc.http.delete(f"{url}/{first['id']}", params={"purge": "yes"}, headers=fax.headers)
    assert bad.json() == error_body("CMN-101", "Parameter [purge] value is invalid.", "purge")


def test_read_status(fax: Fax) -> None:
    sent = fax.send_json(TO, TEXT)
    url = f"{fax.rc.url}{STORE_PATH}/{sent['id']}"
    updated = fax.rc.http.put(url, json={"readStatus": "Read"}, headers=fax.headers)
    assert (updated.status_code, updated.json()["readStatus"]) == (200, "Read")
    assert_matches(SPEC, "GetMessageInfoResponse", updated.json())
    assert [r["id"] for r in fax.get(readStatus="Read").json()["records"]] == [sent["id"]]
    assert fax.get(readStatus="Unread").json()["records"] == []
    bad = fax.rc.http.put(url, json={"readStatus": "Seen"}, headers=fax.headers)
    assert (bad.status_code, bad.json()) == (
        400,
        error_body("CMN-101", "Parameter [readStatus] value is invalid.", "readStatus"),
    )
    broken = fax.rc.http.put(url, data=b"{", headers=fax.headers)
    assert (broken.status_code, broken.json()) == (
        400,
        error_body("CMN-103", "JSON can't be parsed."),
    )


def test_list_filters_and_paging(fax: Fax) -> None:
    ids = [fax.send_json(TO, TEXT)["id"] for _ in range(3)]
    listed = fax.get(perPage=2, messageType="Fax", direction="Outbound")
    assert listed.status_code == 200
    page = listed.json()
    assert_matches(SPEC, "GetMessageList", page)
    assert [r["id"] for r in page["records"]] == [ids[2], ids[1]]  # newest first
    assert page["paging"] == {
        "page": 1,
        "perPage": 2,
        "pageStart": 0,
        "pageEnd": 1,
        "totalPages": 2,
        "totalElements": 3,
    }
    assert set(page["navigation"]) == {"firstPage", "nextPage", "lastPage"}
    second = fax.get(page=2, perPage=2).json()
    assert [r["id"] for r in second["records"]] == [ids[0]]
    assert fax.get(messageType="SMS").json()["records"] == []
    assert fax.get(direction="Inbound").json()["records"] == []
    assert fax.get(messageType=["SMS", "Fax"]).json()["paging"]["totalElements"] == 3
    invalid = fax.get(messageType="Email")
    assert (invalid.status_code, invalid.json()) == (
        400,
        error_body("CMN-101", "Parameter [messageType] value is invalid.", "messageType"),
    )
    assert fax.get(dateFrom="2099-01-01T00:00:00Z").json()["records"] == []
    assert fax.get(dateTo="nonsense").json()["errorCode"] == "CMN-101"
    # By default the list covers the last 24 hours.
    fax.rc.advance(25 * 3600)
    fax.token = fax.rc.jwt_login()["access_token"]
    assert fax.get().json()["records"] == []
    old = fax.get(dateFrom="2000-01-01T00:00:00.000Z").json()
    assert old["paging"]["totalElements"] == 3


def test_unknown_ids_and_other_tenants(fax: Fax, telephony_control: Any) -> None:
    sent = fax.send_json(TO, TEXT)
    assert fax.get("/123").json() == error_body(
        "CMN-102", "Resource for parameter [messageId] is not found", "messageId"
    )
    assert fax.get(f"/{sent['id']}/content/999").json() == error_body(
        "CMN-102", "Resource for parameter [attachmentId] is not found", "attachmentId"
    )
    from pytest_telephony_emulator.control import TelephonyEmulator

    other = TelephonyEmulator(fax.rc.url, telephony_control, telephony_control.create_account())
    with requests.Session() as http:
        stranger = Fax(RingCentralRest(other, http), "")
        stranger.token = stranger.rc.jwt_login()["access_token"]
        assert stranger.get(f"/{sent['id']}").status_code == 404
        assert stranger.get().json()["records"] == []
