"""The media store through the SDK's MediaApi and raw HTTP: upload, list, get, delete, limits."""

from __future__ import annotations

import json

import bandwidth
import pytest

from tests.bandwidth_messaging_v2.conftest import Messaging, Wire
from tests.specs import assert_matches


def upload(messaging: Messaging, name: str, data: bytes, content_type: str = "image/png") -> None:
    # The generated SDK sends its own default Content-Type unless ``_content_type`` is given.
    messaging.media.upload_media(messaging.account_id, name, data, _content_type=content_type)


def test_upload_get_and_delete_round_trip(messaging: Messaging, wire: Wire) -> None:
    upload(messaging, "folder/photo.png", b"\x89PNG\r\n", "image/png")
    answer = wire.send("GET", "/media/folder/photo.png")
    assert answer.status == 200
    assert answer.headers["Content-Type"] == "image/png"
    assert answer.body == b"\x89PNG\r\n"
    assert bytes(messaging.media.get_media(messaging.account_id, "folder/photo.png")) == (
        b"\x89PNG\r\n"
    )
    messaging.media.delete_media(messaging.account_id, "folder/photo.png")
    with pytest.raises(bandwidth.ApiException) as error:
        messaging.media.get_media(messaging.account_id, "folder/photo.png")
    assert error.value.status == 404
    body = json.loads(str(error.value.body))
    assert (body["status"], body["error"]) == (404, "Not Found")


def test_any_content_type_is_kept_and_an_upload_overwrites(
    messaging: Messaging, wire: Wire
) -> None:
    assert wire.send("PUT", "/media/doc", b"v1", content_type="text/vcard").status == 204
    assert (
        wire.send("PUT", "/media/doc", b"version 2", content_type="application/pdf").status == 204
    )
    answer = wire.send("GET", "/media/doc")
    assert (answer.headers["Content-Type"], answer.body) == ("application/pdf", b"version 2")
    (item,) = messaging.media.list_media(messaging.account_id)
    assert (item.media_name, item.content_length) == ("doc", 9)


def test_a_content_type_with_parameters_comes_back_as_uploaded(wire: Wire) -> None:
    kind = "text/plain; charset=iso-8859-1"
    assert (
        wire.send("PUT", "/media/note.txt", "caf\xe9".encode("latin-1"), content_type=kind).status
        == 204
    )
    answer = wire.send("GET", "/media/note.txt")
    assert (answer.headers["Content-Type"], answer.body) == (kind, b"caf\xe9")


def test_cache_control_is_kept(wire: Wire) -> None:
    headers = {"Cache-Control": "no-cache"}
    wire.send("PUT", "/media/a.txt", b"a", content_type="text/plain", headers=headers)
    assert wire.send("GET", "/media/a.txt").headers["Cache-Control"] == "no-cache"


def test_listing_pages_with_the_continuation_token(messaging: Messaging, wire: Wire) -> None:
    names = [f"img-{n:04d}.png" for n in range(1001)]
    for name in names:
        assert wire.send("PUT", f"/media/{name}", b"x", content_type="image/png").status == 204
    first = messaging.media.list_media_with_http_info(messaging.account_id)
    items = json.loads(first.raw_data)
    assert len(items) == 1000
    for item in items[:3]:
        assert_matches("bandwidth.yml", "media", item)
    assert items[0] == {
        "content": f"{messaging.emu.url}/api/v2/users/{messaging.account_id}/media/img-0000.png",
        "contentLength": 1,
        "mediaName": "img-0000.png",
    }
    token = first.headers["Continuation-Token"]
    rest = messaging.media.list_media_with_http_info(messaging.account_id, continuation_token=token)
    assert [item["mediaName"] for item in json.loads(rest.raw_data)] == ["img-1000.png"]
    assert "Continuation-Token" not in rest.headers


def test_the_size_limit_is_3_75_megabytes(wire: Wire) -> None:
    limit = 3_932_160
    assert wire.send("PUT", "/media/big", b"x" * limit, content_type="video/mp4").status == 204
    answer = wire.send("PUT", "/media/bigger", b"x" * (limit + 1), content_type="video/mp4")
    assert answer.status == 400
    assert answer.json == {
        "type": "request-validation",
        "description": "Media size must be 3932160 bytes (3.75 MB) or less",
    }


def test_deleting_missing_media_is_404(wire: Wire) -> None:
    answer = wire.send("DELETE", "/media/none")
    assert answer.status == 404
    assert answer.json["message"] == "Media none not found"


def test_media_expire_after_48_hours(messaging: Messaging, wire: Wire) -> None:
    wire.send("PUT", "/media/short-lived", b"x", content_type="image/gif")
    messaging.emu.advance(48 * 3600 - 1)
    assert wire.send("GET", "/media/short-lived").status == 200
    messaging.emu.advance(1)
    assert wire.send("GET", "/media/short-lived").status == 404
    assert messaging.media.list_media(messaging.account_id) == []


def test_accounts_do_not_see_each_others_media(messaging: Messaging, wire: Wire) -> None:
    wire.send("PUT", "/media/mine", b"x", content_type="image/gif")
    default = Wire(messaging.emu)
    answer = default.send(
        "GET", "/media/mine", auth=("emulator-user", "emulator-pass"), account_id="9900000"
    )
    assert answer.status == 404
