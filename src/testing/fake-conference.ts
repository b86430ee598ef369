/**
 * The conference part of the {@link FakeConnector}: a snapshot the test drives, with the same events (and the same
 * order) as the real connector: snapshot first (`conference:room-changed`, `conference:role-changed`,
 * `conference:changed`), then the `api:*` event, then derived events (`conference:admin-request`).
 *
 * Two ways to drive it:
 * * `simulateConference(patch)` sets any part of the snapshot directly (`room` is merged field by field) and emits
 *   only the `conference:*` events of the change (plus `conference:recv-session` when that changed);
 * * `simulateApiEvent(name, payload)` emits an `api:*` event and applies the effect the real connector gives it
 *   (enter-room and token → room status by the §3.9 rules, licence, role, content, moderator, admin request).
 * Room inputs, like the real ones, are ignored while there is no call.
 */
import type { ApiEvents, ConferenceEvents, ConferenceSnapshot, RoomState } from '../conference/types.js';
import { RoomModel } from '../conference/room-state.js';
import { PARTICIPANT } from '../conference/roles.js';
import { initialSnapshot, publishChange, sameData } from '../conference/snapshot.js';

export type ConferencePatch = Partial<Omit<ConferenceSnapshot, 'room'>> & { room?: Partial<RoomState> };

type Emit = <K extends keyof ConferenceEvents>(name: K, payload: ConferenceEvents[K]) => void;
type Effect<K extends keyof ApiEvents> = (payload: ApiEvents[K], fake: FakeConference) => void;
type Effects = { [K in keyof ApiEvents]?: Effect<K> };

const ADMIN_REQUESTS = {
  'api:admin:start-main-cam': ['camera', 'start'],
  'api:admin:stop-main-cam': ['camera', 'stop'],
  'api:admin:start-mic': ['mic', 'start'],
  'api:admin:stop-mic': ['mic', 'stop'],
} as const;

const adminEffect = ({ syncForced }: { syncForced: boolean }, fake: FakeConference) => fake.patch({ syncForced });

const EFFECTS: Effects = {
  'api:enter-room': (payload, fake) => fake.roomInput((room) => room.enterRoom(payload)),
  'api:conference:participant-token-issued': (payload, fake) => fake.roomInput((room) => room.tokenIssued(payload)),
  'api:use-license': ({ license }, fake) => fake.patch({ license }),
  'api:admin:start-main-cam': adminEffect,
  'api:admin:stop-main-cam': adminEffect,
  'api:admin:start-mic': adminEffect,
  'api:admin:stop-mic': adminEffect,
  'api:admin:force-sync-media-state': adminEffect,
  'api:participant:move-request-to-spectators': ({ canSendMedia, audioId, mode }, fake) =>
    fake.patch({ role: { type: 'spectator', canSendMedia, ...(audioId !== undefined ? { audioId } : {}), ...(mode ? { mode } : {}) } }),
  'api:participant:move-request-to-participants': (_p, fake) => fake.patch({ role: PARTICIPANT }),
  'api:contented-stream:available': ({ codec }, fake) => fake.patch({ content: codec ? { available: true, codec } : { available: true } }),
  'api:contented-stream:not-available': (_p, fake) => fake.patch({ content: { available: false } }),
  'api:participant:added-to-list-moderators': (_p, fake) => fake.patch({ moderator: true }),
  'api:participant:removed-from-list-moderators': (_p, fake) => fake.patch({ moderator: false }),
};

export class FakeConference {
  snapshot: ConferenceSnapshot = initialSnapshot();
  readonly #room = new RoomModel();
  readonly #emit: Emit;
  /** A token set with `simulateConference(…, {bearerToken})` (the room model's own token wins). */
  #patchedToken?: string;

  constructor(emit: Emit) {
    this.#emit = emit;
  }

  get bearerToken(): string | undefined {
    return this.#room.bearerToken ?? this.#patchedToken;
  }

  /** Sets part of the snapshot and emits the change; `room` is merged field by field unless `replaceRoom`. */
  patch(patch: ConferencePatch, replaceRoom = false): void {
    const previous = this.snapshot;
    const room = replaceRoom ? (patch.room as RoomState) : { ...previous.room, ...patch.room };
    const next: ConferenceSnapshot = { ...previous, ...patch, room };
    if ('license' in patch && patch.license === undefined) delete next.license;
    this.snapshot = next;
    if (!publishChange(previous, next, this.#emit)) {
      this.snapshot = previous;
      return;
    }
    if (next.recvSession !== previous.recvSession || next.recvQuality !== previous.recvQuality) {
      this.#emit('conference:recv-session', { state: next.recvSession, quality: next.recvQuality });
    }
  }

  /** Emits an `api:*` event after applying its effect on the snapshot. */
  apiEvent<K extends keyof ApiEvents>(name: K, payload: ApiEvents[K]): void {
    (EFFECTS[name] as Effect<K> | undefined)?.(payload, this);
    this.#emit(name, payload as ConferenceEvents[K]);
    if (name in ADMIN_REQUESTS) {
      const [device, action] = ADMIN_REQUESTS[name as keyof typeof ADMIN_REQUESTS];
      this.#emit('conference:admin-request', { device, action, syncForced: (payload as ApiEvents['api:admin:start-mic']).syncForced });
    }
  }

  /** Applies a room input by the real §3.9 rules and publishes the room. */
  roomInput(input: (room: RoomModel) => unknown): void {
    input(this.#room);
    this.#publishRoom();
  }

  callStarted(number: string, presentationCall: boolean): void {
    this.#room.startCall({ number, presentationCall });
    this.#publishRoom();
  }

  confirmed(): void { this.roomInput((room) => room.confirmed()); }
  hangingUp(): void { this.roomInput((room) => room.hangUp()); }

  /** The call ended: the snapshot goes back to its initial value (the receive quality is kept). */
  callEnded(): void {
    this.#room.reset();
    this.#patchedToken = undefined;
    const initial = initialSnapshot();
    this.patch({ ...initial, license: undefined, recvQuality: this.snapshot.recvQuality }, true);
  }

  /** Token for `simulateConference` patches that claim one (never part of the snapshot). */
  setPatchedToken(token: string | undefined): void {
    this.#patchedToken = token;
  }

  #publishRoom(): void {
    const room = this.#room.state;
    if (!sameData(room, this.snapshot.room)) this.patch({ room }, true);
  }
}
