"""One codec per stored resource: how a core object becomes its table row and back."""

from __future__ import annotations

from typing import Any, Generic, Protocol, TypeVar

from telephony_emulator.core import surface_state
from telephony_emulator.core.calls import Call, CallDirection, CallStatus
from telephony_emulator.core.conferences import Conference, Member
from telephony_emulator.core.media_store import MediaItem
from telephony_emulator.core.messages import (
    DeliveryStatus,
    FailureReason,
    Message,
    MessageDirection,
    Recipient,
)
from telephony_emulator.core.recordings import (
    Recording,
    RecordingState,
    Speech,
    Transcription,
)
from telephony_emulator.iso_time import from_stored, to_stored

T = TypeVar("T")
Row = dict[str, Any]


class Codec(Protocol[T]):
    """Maps one kind of item to the row of its table, by the item's key."""

    def key(self, item: T) -> str: ...

    def to_row(self, item: T) -> Row: ...

    def from_row(self, row: Row) -> T: ...


class Identified(Protocol):
    id: str


ItemT = TypeVar("ItemT", bound=Identified)


class _ById(Generic[ItemT]):
    def key(self, item: ItemT) -> str:
        return item.id


class CallCodec(_ById[Call]):
    """The ``call`` table's row; timestamps beyond the columns go in ``data``."""

    def to_row(self, call: Call) -> Row:
        state = call.surface_state  # inlined surface_state.to_data: this runs per write
        return {
            "id": call.id,
            "account_id": call.account_id,
            "surface": call.surface,
            "direction": call.direction.value,
            "from_number": call.from_,
            "to_number": call.to,
            "state": call.status.value,
            "parent_call_id": call.parent_id,
            "created_at": call.created_at,
            "ended_at": call.ended_at,
            "data": {
                "seq": call.seq,
                "application_id": call.application_id,
                "enqueued_at": to_stored(call.enqueued_at),
                "started_at": to_stored(call.started_at),
                "answered_at": to_stored(call.answered_at),
                "updated_at": to_stored(call.updated_at),
                "cause": call.cause,
                "error_message": call.error_message,
                "error_id": call.error_id,
                "tag": call.tag,
                "options": {} if state is None else state.to_data(),
            },
        }

    def from_row(self, row: Row) -> Call:
        data = row["data"]
        return Call(
            id=row["id"],
            account_id=row["account_id"],
            surface=row["surface"],
            direction=CallDirection(row["direction"]),
            from_=row["from_number"],
            to=row["to_number"],
            created_at=row["created_at"],
            seq=int(data.get("seq", 0)),
            application_id=data.get("application_id"),
            parent_id=row["parent_call_id"],
            status=CallStatus(row["state"]),
            enqueued_at=from_stored(data.get("enqueued_at")),
            started_at=from_stored(data.get("started_at")),
            answered_at=from_stored(data.get("answered_at")),
            ended_at=row["ended_at"],
            updated_at=from_stored(data.get("updated_at")),
            cause=data.get("cause"),
            error_message=data.get("error_message"),
            error_id=data.get("error_id"),
            tag=data.get("tag"),
            surface_state=surface_state.from_data(row["surface"], "call", data.get("options")),
        )


class RecordingCodec(_ById[Recording]):
    """The ``recording`` table's row: ids and start as columns, the rest in ``data``."""

    def to_row(self, recording: Recording) -> Row:
        transcription = (
            None if recording.transcription is None else recording.transcription.to_data()
        )
        return {
            "id": recording.id,
            "account_id": recording.account_id,
            "call_id": recording.call_id,
            "conference_id": recording.conference_id,
            "started_at": recording.started_at,
            "data": {
                "seq": recording.seq,
                "surface": recording.surface,
                "file_format": recording.file_format,
                "channels": recording.channels,
                "name": recording.name,
                "speech": {"text": recording.speech.text, "seconds": recording.speech.seconds},
                "state": recording.state.value,
                "ended_at": to_stored(recording.ended_at),
                "recorded": recording.recorded,
                "segment_start": recording.segment_start,
                "available": recording.available,
                "media_deleted": recording.media_deleted,
                "removed": recording.removed,
                "transcription": transcription,
                "options": surface_state.to_data(recording.surface_state),
            },
        }

    def from_row(self, row: Row) -> Recording:
        data = row["data"]
        transcription = data.get("transcription")
        speech = data.get("speech") or {}
        return Recording(
            id=row["id"],
            account_id=row["account_id"],
            surface=data["surface"],
            started_at=row["started_at"],
            file_format=data.get("file_format", "wav"),
            channels=int(data.get("channels", 1)),
            call_id=row["call_id"],
            conference_id=row["conference_id"],
            name=data.get("name"),
            speech=Speech(str(speech.get("text", "")), float(speech.get("seconds", 0.0))),
            state=RecordingState(data["state"]),
            ended_at=from_stored(data.get("ended_at")),
            recorded=float(data.get("recorded", 0.0)),
            segment_start=data.get("segment_start"),
            available=bool(data.get("available")),
            media_deleted=bool(data.get("media_deleted")),
            removed=bool(data.get("removed")),
            transcription=None
            if transcription is None
            else Transcription.from_data(transcription, data["surface"]),
            surface_state=surface_state.from_data(
                data["surface"], "recording", data.get("options")
            ),
            seq=int(data.get("seq", 0)),
        )


class ConferenceCodec(_ById[Conference]):
    """The ``conference`` table's row: the members and timing in ``data``."""

    def to_row(self, conference: Conference) -> Row:
        return {
            "id": conference.id,
            "account_id": conference.account_id,
            "created_at": conference.created_at,
            "data": {
                "seq": conference.seq,
                "surface": conference.surface,
                "name": conference.name,
                "tag": conference.tag,
                "completed_at": to_stored(conference.completed_at),
                "members": [member.to_data() for member in conference.members.values()],
                "options": surface_state.to_data(conference.surface_state),
            },
        }

    def from_row(self, row: Row) -> Conference:
        data = row["data"]
        members = [Member.from_data(item) for item in data.get("members") or ()]
        return Conference(
            id=row["id"],
            account_id=row["account_id"],
            surface=data["surface"],
            name=data["name"],
            created_at=row["created_at"],
            tag=data.get("tag"),
            completed_at=from_stored(data.get("completed_at")),
            members={member.call_id: member for member in members},
            surface_state=surface_state.from_data(
                data["surface"], "conference", data.get("options")
            ),
            seq=int(data.get("seq", 0)),
        )


class MessageCodec(_ById[Message]):
    """The ``message`` table's row: everything but the id and creation time in ``data``."""

    def to_row(self, message: Message) -> Row:
        return {
            "id": message.id,
            "account_id": message.account_id,
            "created_at": message.created_at,
            "data": {
                "seq": message.seq,
                "surface": message.surface,
                "direction": message.direction.value,
                "from": message.from_,
                "owner": message.owner,
                "recipients": [
                    {
                        "number": r.number,
                        "status": r.status.value,
                        "failure": None if r.failure is None else r.failure.value,
                        "updated_at": to_stored(r.updated_at),
                    }
                    for r in message.recipients
                ],
                "segments": message.segments,
                "application_id": message.application_id,
                "text": message.text,
                "media": list(message.media),
                "tag": message.tag,
                "priority": message.priority,
                "expiration": to_stored(message.expiration),
            },
        }

    def from_row(self, row: Row) -> Message:
        data = row["data"]
        return Message(
            id=row["id"],
            account_id=row["account_id"],
            surface=data["surface"],
            direction=MessageDirection(data["direction"]),
            from_=data["from"],
            owner=data["owner"],
            recipients=[
                Recipient(
                    number=item["number"],
                    status=DeliveryStatus(item["status"]),
                    failure=FailureReason(item["failure"]) if item.get("failure") else None,
                    updated_at=from_stored(item.get("updated_at")),
                )
                for item in data["recipients"]
            ],
            created_at=row["created_at"],
            segments=int(data["segments"]),
            application_id=data.get("application_id"),
            text=data.get("text", ""),
            media=tuple(data.get("media") or ()),
            tag=data.get("tag"),
            priority=data.get("priority", "default"),
            expiration=from_stored(data.get("expiration")),
            seq=int(data.get("seq", 0)),
        )


class MediaCodec(_ById[MediaItem]):
    """The ``media`` table's row: the bytes in ``content``, the rest in ``data``."""

    def to_row(self, item: MediaItem) -> Row:
        return {
            "id": item.id,
            "account_id": item.account_id,
            "content": item.content,
            "data": {
                "seq": item.seq,
                "name": item.name,
                "content_type": item.content_type,
                "uploaded_at": to_stored(item.uploaded_at),
                "cache_control": item.cache_control,
                "removed": item.removed,
            },
        }

    def from_row(self, row: Row) -> MediaItem:
        data = row["data"]
        return MediaItem(
            id=row["id"],
            account_id=row["account_id"],
            name=data["name"],
            content_type=data["content_type"],
            content=row["content"],
            uploaded_at=from_stored(data["uploaded_at"]),
            cache_control=data.get("cache_control"),
            removed=bool(data.get("removed")),
            seq=int(data.get("seq", 0)),
        )


CALL = CallCodec()
RECORDING = RecordingCodec()
CONFERENCE = ConferenceCodec()
MESSAGE = MessageCodec()
MEDIA = MediaCodec()
