/**
 * A fake connector for tests of apps and elements: no SIP, no WebRTC. Commands change state the way the real
 * connector does and are logged in `calls` (passwords redacted); `simulate*` methods play the server's part.
 *
 * Conference (see fake-conference.ts for the rules): `conference` follows the call (room `connecting` on start,
 * `disconnecting` on hang-up, back to the initial snapshot when the call ends); drive it with
 * `simulateEnterRoom(room, {participantName, bearerToken})`, `simulatePurgatory()`, `simulateTokenIssued(conf, jwt)`,
 * `simulateRole(role)`, `simulateLicense(license)`, `simulateAdminRequest({device, action, syncForced})`,
 * `simulateApiEvent(name, payload)` (any `api:*` event, with its effect on the snapshot) and
 * `simulateConference(patch, {bearerToken})` (any snapshot state directly, e.g. `{recvSession: 'failed'}`).
 * Conference commands (`sendMediaState` …) are logged and need an active call; `askPermissionToEnableCamera`
 * rejects with `permission-denied` when `cameraPermission` is `'denied'`.
 *
 * Presentation (see fake-presentation.ts): `startPresentation(track?)` shares `track` or a fake display track (a
 * canvas), needs an active call and a participant role, and goes `starting` → `active` with the real events;
 * `presentationPermission = 'refused'` (or `simulatePresentationRefused()` for the next start) makes it reject with
 * `presentation-refused` and emit `presentation:failed` {reason: 'refused'}. Outside stops: `simulatePresentationMustStop()`
 * (reason `server`), a move to the spectators (`simulateRole`, reason `spectator`), `track.dispatchEvent(new Event('ended'))`
 * on the shared track (reason `track-ended`), the end of the call (reason `call-ended`). Incoming content:
 * `simulateContent(stream | undefined, codec?)` (with `api:contented-stream:*` and `conference.content`),
 * `simulateRemoteStreamsView({main, content, contentCodec})`; `simulateRemoteTracks` sets `remoteStreamsView.main`.
 */
import type { AdminRequest, ApiEvents, Channels, License, RecvQuality, Role } from '../conference/types.js';
import type { ConferencePatch } from './fake-conference.js';
import { VinteoError } from '../errors.js';
import { subscribeSnapshot, type SessionSnapshot, type SnapshotSource } from '../session-snapshot.js';
import type { VinteoConnectorApi } from '../types.js';
import { FakeConnectorCore } from './fake-connector-core.js';

export type { FakeCall, FakeConnectorOptions } from './fake-connector-core.js';

export class FakeConnector extends FakeConnectorCore implements VinteoConnectorApi {
  /** Connection, call and conference state in one object. */
  get snapshot(): SessionSnapshot {
    return { connection: this.connectionState, call: this.callState, callReconnecting: this.callReconnecting, conference: this.conference };
  }

  subscribe<T>(selector: (snapshot: SessionSnapshot) => T, listener: (value: T, previous: T) => void, equals?: (a: T, b: T) => boolean): () => void {
    return subscribeSnapshot(this as SnapshotSource, selector, listener, equals);
  }

  // ───────────── conference commands ─────────────

  async sendChannels(channels: Channels): Promise<void> { this.conferenceCommand('sendChannels', channels); }

  /** Logged with the state it reports (default: the current mic/camera flags). */
  async sendMediaState(state?: { camera: boolean; mic: boolean }): Promise<void> {
    this.conferenceCommand('sendMediaState', state ?? { camera: this.cameraEnabled, mic: this.micEnabled });
  }

  async sendRefusal(device: 'camera' | 'mic'): Promise<void> { this.conferenceCommand('sendRefusal', device); }

  async askPermissionToEnableCamera(): Promise<void> {
    this.conferenceCommand('askPermissionToEnableCamera');
    if (this.cameraPermission === 'denied') throw new VinteoError('permission-denied', 'The moderator did not allow the camera', { statusCode: 603 });
  }

  async setRecvQuality(quality: RecvQuality): Promise<void> {
    this.log('setRecvQuality', quality);
    if (!['low', 'medium', 'high', 'auto'].includes(quality)) throw new VinteoError('invalid-argument', 'quality must be low, medium, high or auto');
    this.conferenceModel.patch({ recvQuality: quality });
  }

  /** The server orders us to stop presenting (YOUMUSTSTOPSENDCONTENT): `api:presentation:must-stop`, reason `server`. */
  simulatePresentationMustStop(): void {
    this.simulateApiEvent('api:presentation:must-stop', {});
  }

  // ───────────── the conference server's part ─────────────

  /** The server puts us in `room` (status by the §3.9 rules: with a token for it `in-room`, else `room-pending-auth` …). */
  simulateEnterRoom(room: string, options: { participantName?: string; bearerToken?: string; isDirectPeerToPeer?: boolean } = {}): void {
    const { participantName = 'Guest', ...rest } = options;
    this.simulateApiEvent('api:enter-room', { room, participantName, ...rest });
  }

  /** The server parks us in the waiting room. */
  simulatePurgatory(participantName = 'Guest'): void {
    this.simulateEnterRoom('purgatory', { participantName });
  }

  /** A bearer token for `conference` (`in-room` once we are in that room). */
  simulateTokenIssued(conference: string, jwt = 'fake.jwt.token', participant = this.conference.room.participantName ?? 'Guest'): void {
    this.simulateApiEvent('api:conference:participant-token-issued', { conference, participant, jwt });
  }

  /** A partstate command: the role changes and the same `api:participant:*` events as the real connector follow. */
  simulateRole(role: Role): void {
    if (role.type === 'participant') return this.simulateApiEvent('api:participant:move-request-to-participants', {});
    const { canSendMedia, audioId, mode } = role;
    const withMode = mode ? { mode } : {};
    if (audioId !== undefined) {
      this.simulateApiEvent('api:participant:move-request-to-spectators', { canSendMedia, synthetic: false, audioId, ...withMode });
      this.emit('api:participant:move-request-to-spectators-with-audio-id', { canSendMedia, audioId, ...withMode });
    } else {
      this.simulateApiEvent('api:participant:move-request-to-spectators', { canSendMedia, synthetic: true, ...withMode });
      this.emit('api:participant:move-request-to-spectators-synthetic', { canSendMedia, ...withMode });
    }
  }

  simulateLicense(license: License): void {
    this.simulateApiEvent('api:use-license', { license });
  }

  /** An admin media command: `api:admin:*`, `syncForced` in the snapshot, then `conference:admin-request`. */
  simulateAdminRequest(request: AdminRequest): void {
    const name = `api:admin:${request.action}-${request.device === 'camera' ? 'main-cam' : 'mic'}` as const;
    this.simulateApiEvent(name, { syncForced: request.syncForced });
  }

  /** Emits an `api:*` event with the effect the real connector gives it on `conference`. */
  simulateApiEvent<K extends keyof ApiEvents>(name: K, payload: ApiEvents[K]): void {
    this.conferenceModel.apiEvent(name, payload);
  }

  /** Sets any part of `conference` directly (`room` merged field by field); `bearerToken` sets the private token. */
  simulateConference(patch: ConferencePatch, options: { bearerToken?: string } = {}): void {
    if ('bearerToken' in options) this.conferenceModel.setPatchedToken(options.bearerToken);
    this.conferenceModel.patch(patch);
  }
}
