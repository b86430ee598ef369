/**
 * The conference part of the {@link FakeConnector}: a snapshot the test drives, with the same events (and the same
 * order) as the real connector: snapshot first (`conference:room-changed`, `conference:role-changed`,
 * `conference:changed`), then the `api:*` event, then derived events (`conference:admin-request`).
 *
 * Three ways to drive it:
 * * `command(infoCommand)` / `info(message)` / `notify(json)`: what the server says, decoded by the real codecs
 *   (`decodeInfo`, `decodeNotify`, `roleFrom`, the real `RoomModel`) and applied with the real manager's events in
 *   its order (the high-level `simulateRole`, `simulateAdminRequest`, `simulateLicense`, `simulateEnterRoom` …
 *   of FakeConnector go through here). The contract suite (test/shared/connector-contract.suite.ts) checks this
 *   order against the real connector with the local server;
 * * `simulateConference(patch)` sets any part of the snapshot directly (`room` is merged field by field) and emits
 *   only the `conference:*` events of the change (plus `conference:recv-session` when that changed);
 * * `simulateApiEvent(name, payload)` emits one `api:*` event and applies the effect the real connector gives it
 *   (enter-room and token → room status by the protocol.md §9 rules, licence, role, content, moderator, admin request).
 * Room inputs, like the real ones, are ignored while there is no call. Not modelled: the spectator's receive-only
 * session (set `recvSession` with `simulateConference`).
 */
import type { AdminRequest, ApiEvents, ConferenceEvents, ConferenceSnapshot, RoomState } from '../conference/types.js';
import { decodeInfo, type InfoCommand } from '../conference/info-codec.js';
import { decodeNotify, type NotifyEvent } from '../conference/notify-codec.js';
import { RoomModel } from '../conference/room-state.js';
import { PARTICIPANT, roleFrom } from '../conference/roles.js';
import { initialSnapshot, publishChange } from '../conference/snapshot.js';
import { sameData } from '../util/same-data.js';
import type { InfoMessage } from '../types.js';

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
    fake.patch({
      role: roleFrom({
        type: 'spectator',
        canSendMedia,
        ...(audioId !== undefined ? { audioId } : {}),
        ...(mode ? { mode } : {}),
      }),
    }),
  'api:participant:move-request-to-participants': (_p, fake) => fake.patch({ role: PARTICIPANT }),
  'api:contented-stream:available': ({ codec }, fake) =>
    fake.patch({ content: codec ? { available: true, codec } : { available: true } }),
  'api:contented-stream:not-available': (_p, fake) => fake.patch({ content: { available: false } }),
  'api:participant:added-to-list-moderators': (_p, fake) => fake.patch({ moderator: true }),
  'api:participant:removed-from-list-moderators': (_p, fake) => fake.patch({ moderator: false }),
};

export class FakeConference {
  snapshot: ConferenceSnapshot = initialSnapshot();
  /** Our display name as typed (the fake connector's `lastConfig.displayName`): the room keeps its echo as typed. */
  ownName: () => string | undefined = () => undefined;
  readonly #room = new RoomModel(Date.now, () => this.ownName());
  readonly #emit: Emit;
  readonly #warn: (message: string) => void;
  /** A token set with `simulateConference(…, {bearerToken})` (the room model's own token wins). */
  #patchedToken?: string;

  /** `warn`: a malformed or unknown server message (the real connector's `warning` event). */
  constructor(emit: Emit, warn: (message: string) => void = () => undefined) {
    this.#emit = emit;
    this.#warn = warn;
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
      this.#emit('conference:admin-request', {
        device,
        action,
        syncForced: (payload as ApiEvents['api:admin:start-mic']).syncForced,
      });
    }
  }

  /** A server INFO, decoded by the real codec (warnings become `warning` events), then applied as {@link command}. */
  info(message: InfoMessage): void {
    const { command, warnings } = decodeInfo(message);
    for (const warning of warnings) this.#warn(warning);
    if (command) this.command(command);
  }

  /** An `x-vinteo-notify` JSON (out-of-dialog NOTIFY or notify INFO), decoded by the real codec. */
  notify(json: string | undefined): void {
    const { event, warnings } = decodeNotify(json);
    for (const warning of warnings) this.#warn(warning);
    if (event) this.notifyEvent(event);
  }

  /** A decoded notification: its effect on the snapshot first, then its `api:*` event (the real manager's order). */
  notifyEvent(event: NotifyEvent): void {
    if (event.name === 'api:conference:participant-token-issued') this.#room.tokenIssued(event.payload);
    const moderator =
      event.name === 'api:participant:added-to-list-moderators'
        ? true
        : event.name === 'api:participant:removed-from-list-moderators'
          ? false
          : undefined;
    const room = this.#room.state;
    this.patch(
      { ...(sameData(room, this.snapshot.room) ? {} : { room }), ...(moderator === undefined ? {} : { moderator }) },
      false,
    );
    this.#emit(event.name, event.payload as ConferenceEvents[typeof event.name]);
  }

  /** A decoded server INFO, applied with the real manager's events in its order (snapshot, api:*, derived). */
  command(command: InfoCommand): void {
    switch (command.type) {
      case 'enter-room': {
        const { channels, type: _type, ...payload } = command;
        if (!this.#room.enterRoom(payload)) return;
        this.#publishRoom();
        this.#emit('api:enter-room', payload);
        if (channels) this.#emit('api:channels:all', channels);
        return;
      }
      case 'notify':
        return this.notify(command.json);
      case 'share-state': {
        if (command.state === 'YOUMUSTSTOPSENDCONTENT') return this.#emit('api:presentation:must-stop', {});
        const available = command.state === 'YOUCANRECEIVECONTENT';
        this.patch({ content: available && command.codec ? { available, codec: command.codec } : { available } });
        if (available) this.#emit('api:contented-stream:available', command.codec ? { codec: command.codec } : {});
        else this.#emit('api:contented-stream:not-available', {});
        return;
      }
      case 'main-cam': {
        if (command.command === 'ADMINSTARTMAINCAM' || command.command === 'ADMINSTOPMAINCAM') {
          return this.#admin({
            device: 'camera',
            action: command.command === 'ADMINSTARTMAINCAM' ? 'start' : 'stop',
            syncForced: command.sync === true,
          });
        }
        if (command.command !== 'MAXMAINCAMRESOLUTION' && command.sync !== undefined) {
          this.patch({ syncForced: command.sync });
          this.#emit('api:admin:force-sync-media-state', { syncForced: command.sync });
        }
        this.#emit(
          'api:main-cam-control',
          command.resolution
            ? { mainCam: command.command, resolution: command.resolution }
            : { mainCam: command.command },
        );
        return;
      }
      case 'mic':
        return this.#admin({
          device: 'mic',
          action: command.command === 'ADMINSTARTMIC' ? 'start' : 'stop',
          syncForced: command.sync === true,
        });
      case 'license':
        this.patch({ license: command.license });
        return this.#emit('api:use-license', { license: command.license });
      case 'participant':
        this.patch({ role: roleFrom(command) });
        return this.#emit('api:participant:move-request-to-participants', {});
      case 'spectator': {
        this.patch({ role: roleFrom(command) });
        const { canSendMedia, audioId, mode } = command;
        const withMode = mode ? { mode } : {};
        if (audioId !== undefined) {
          this.#emit('api:participant:move-request-to-spectators-with-audio-id', {
            canSendMedia,
            audioId,
            ...withMode,
          });
          this.#emit('api:participant:move-request-to-spectators', {
            canSendMedia,
            synthetic: false,
            audioId,
            ...withMode,
          });
        } else {
          this.#emit('api:participant:move-request-to-spectators-synthetic', { canSendMedia, ...withMode });
          this.#emit('api:participant:move-request-to-spectators', { canSendMedia, synthetic: true, ...withMode });
        }
        return;
      }
      case 'restart': {
        const { type: _type, ...payload } = command;
        return this.#emit('api:restart', payload);
      }
      case 'dtmf':
        return; // reported as call:dtmf → api:new-dtmf by the call half
    }
  }

  #admin(request: AdminRequest): void {
    const name = `api:admin:${request.action}-${request.device === 'camera' ? 'main-cam' : 'mic'}` as const;
    this.patch({ syncForced: request.syncForced });
    this.#emit(name, { syncForced: request.syncForced });
    this.#emit('conference:admin-request', request);
  }

  /** Applies a room input by the real protocol.md §9 rules and publishes the room. */
  roomInput(input: (room: RoomModel) => unknown): void {
    input(this.#room);
    this.#publishRoom();
  }

  callStarted(number: string, presentationCall: boolean): void {
    this.#room.startCall({ number, presentationCall });
    this.#publishRoom();
  }

  confirmed(): void {
    this.roomInput((room) => room.confirmed());
  }
  hangingUp(): void {
    this.roomInput((room) => room.hangUp());
  }

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
