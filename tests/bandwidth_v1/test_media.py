"""Catapult media (§2.10) in the seed's README order: list, upload, download, delete; the old
gem's form-typed raw upload; recordings and transcripts as media; errors."""

from __future__ import annotations

import base64
import http.client
import json
from urllib.parse import urlsplit

import pytest
from pytest_telephony_emulator.control import TelephonyEmulator

from tests.bandwidth_v1.catapult_sdk import Catapult, CatapultError
from tests.bandwidth_v1.wire import call, user_url

SONG = bytes(range(256)) * 40


def test_seed_upload_list_download_delete(catapult: Catapult) -> None:
    # bandwidth.upload "greeting.mp3", File.new("greeting.mp3")
    catapult.account.upload_media_file("mysong.mp3", SONG, "audio/mpeg")
    catapult.account.upload_media_file("greeting.mp3", b"hello", "audio/mpeg")
    # media = bandwidth.media; medium.content_length; medium.media_name
    media = list(catapult.account.list_media_files())
    assert media == [
        {
            "media_name": "greeting.mp3",
            "content_length": 5,
            "content": user_url(catapult.login, "media", "greeting.mp3"),
        },
        {
            "media_name": "mysong.mp3",
            "content_length": len(SONG),
            "content": user_url(catapult.login, "media", "mysong.mp3"),
        },
    ]
    # data = bandwidth.download "mysong.mp3"
    assert catapult.account.download_media_file("mysong.mp3") == [SONG, "audio/mpeg"]
    # bandwidth.delete_media "greeting.mp3"
    catapult.account.delete_media_file("greeting.mp3")
    assert [item["media_name"] for item in catapult.account.list_media_files()] == ["mysong.mp3"]
    with pytest.raises(CatapultError) as raised:
        catapult.account.delete_media_file("greeting.mp3")
    assert (raised.value.status_code, raised.value.code, raised.value.message) == (
        404,
        "media-not-found",
        "Media greeting.mp3 not found",
    )


def test_the_old_gems_form_typed_upload_is_stored_raw(catapult: Catapult) -> None:
    # Faraday's default type with the file's bytes as the body (reference §10)
    body = b"a=1&b=2\x00\xff"
    url = user_url(catapult.login, "media", "greeting.mp3")
    response = call(
        catapult.login,
        "PUT",
        url,
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 200
    assert response.content == b""
    downloaded = call(catapult.login, "GET", url)
    assert downloaded.content == body
    assert downloaded.headers["Content-Type"] == "audio/mpeg"
    head = call(catapult.login, "HEAD", url)
    assert head.status_code == 200
    assert (head.headers["Content-Type"], head.headers["Content-Length"]) == (
        "audio/mpeg",
        str(len(body)),
    )


def test_an_upload_replaces_and_names_may_be_encoded(catapult: Catapult) -> None:
    catapult.account.upload_media_file("my file.wav", b"one", "audio/wav")
    catapult.account.upload_media_file("my file.wav", b"two!", "audio/x-wav")
    assert catapult.account.download_media_file("my file.wav") == [b"two!", "audio/x-wav"]
    [item] = catapult.account.list_media_files()
    assert item["content"] == user_url(catapult.login, "media", "my%20file.wav")


def test_media_pages_to_the_end(catapult: Catapult) -> None:
    for n in range(3):
        catapult.account.upload_media_file(f"f{n}.txt", b"x", "text/plain")
    first = call(catapult.login, "GET", user_url(catapult.login, "media"), params={"size": "2"})
    assert (
        first.headers["Link"] == f'<{user_url(catapult.login, "media")}?page=1&size=2>; rel="next"'
    )
    assert [i["mediaName"] for i in first.json()] == ["f0.txt", "f1.txt"]


def test_uploads_need_a_length(catapult: Catapult) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        yield b"abc"

    response = call(
        catapult.login, "PUT", user_url(catapult.login, "media", "x.bin"), data=chunks()
    )
    assert response.status_code == 400
    assert response.json()["message"] == "The Content-Length header is required"


def test_unknown_media_is_not_found(catapult: Catapult) -> None:
    response = call(catapult.login, "GET", user_url(catapult.login, "media", "nothing.wav"))
    assert response.status_code == 404
    assert response.json()["code"] == "media-not-found"


def test_recordings_are_media(catapult: Catapult, telephony_emulator: TelephonyEmulator) -> None:
    number = telephony_emulator.numbers[0]
    call_id = catapult.voice.create_call(
        number, "+15005551005", recording_enabled=True, callback_url=None
    )
    telephony_emulator.run_until_idle()
    names = [item["media_name"] for item in catapult.account.list_media_files()]
    assert names == [f"{call_id}-1.wav"]
    content, content_type = catapult.account.download_media_file(f"{call_id}-1.wav")
    assert content_type == "audio/vnd.wave"
    assert content[:4] == b"RIFF"


def test_cache_control_is_kept(catapult: Catapult) -> None:
    url = user_url(catapult.login, "media", "cached.wav")
    headers = {"Content-Type": "audio/wav", "Cache-Control": "max-age=60"}
    call(catapult.login, "PUT", url, data=b"RIFF", headers=headers)
    downloaded = call(catapult.login, "GET", url)
    assert downloaded.headers["Cache-Control"] == "max-age=60"


def test_uploads_above_65_mb_are_refused_before_the_body(catapult: Catapult) -> None:
    login = catapult.login
    parts = urlsplit(login.base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    token = base64.b64encode(f"{login.api_token}:{login.api_secret}".encode()).decode()
    connection.putrequest("PUT", f"/v1/users/{login.user_id}/media/huge.wav")
    connection.putheader("Authorization", f"Basic {token}")
    connection.putheader("Content-Type", "audio/wav")
    connection.putheader("Content-Length", str(65 * 1024 * 1024 + 1))
    connection.endheaders()
    response = connection.getresponse()
    body = json.loads(response.read())
    connection.close()
    assert response.status == 403
    assert (body["category"], body["code"]) == ("forbidden", "media-size-overflow")
