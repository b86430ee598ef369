/**
 * Our presentation (screen sharing) over the call (docs/protocol.md §11, §15): the permission/announce INFO first, then
 * the shared track on its own sender and one re-INVITE through the call's offer queue; update = the same INFO and a
 * replaceTrack; stop = the stop INFO and the track stopped (the m-line stays, its sender carries nothing).
 *
 * Commands run one after another (a start, then a stop asked meanwhile, then the next start). Stops from outside —
 * the server's order, a move to the spectators, the browser's "Stop sharing" (the track's `ended`) — queue a stop with
 * their reason. The end of the call resets everything at once (no INFO) and every pending step gives up. Every path
 * ends in `presentation:ended` {reason} or `presentation:failed` {error, reason} and a consistent state.
 *
 * Differences from the reference: a refused permission INFO emits `presentation:failed` (reason `refused`, error code
 * `presentation-refused`); the stop sets the sender to no track instead of leaving an ended track on it; the main
 * camera's transceiver is never used for the presentation.
 */
import type { CallSession } from '../call/call-session.js';
import * as outgoing from '../conference/outgoing-info.js';
import type { Role, RoomStatus } from '../conference/types.js';
import type { TappedEmitter } from '../emitter.js';
import { InvalidStateError, VinteoError, toVinteoError } from '../errors.js';
import type { ConnectorEvents } from '../types.js';
import type { LogSink } from '../util/logger.js';
import { StateMachine } from '../util/state-machine.js';
import type { ScreenSource } from '../media/capture.js';
import { applyHint, resolveSettings } from '../media/sender-params.js';
import {
  acquireTrack,
  attachPresentation,
  CallEnded,
  callOver,
  capPresentation,
  isRefusal,
  presentationSender,
  refusedOr,
  releasePresentation,
  type Current,
} from './presentation-media.js';
import { handshakeFor, startInfo, stopInfo } from './share-info.js';
import type {
  PresentationApi,
  PresentationOptions,
  PresentationSnapshot,
  PresentationState,
  PresentationStopReason,
} from './types.js';
import { PRESENTATION_TRANSITIONS } from './presentation-states.js';

/** What the presentation needs from the call layer, the conference and the connection. */
export interface PresentationCallPort {
  /** The established call's dialog; throws `invalid-state` when there is none. */
  activeSession(): CallSession;
  roomStatus(): RoomStatus;
  role(): Role;
  maxAvailableResolution(): { width: number; height: number } | undefined;
}

export interface PresentationManagerDeps {
  events: TappedEmitter<ConnectorEvents>;
  log: LogSink;
  call: PresentationCallPort;
  /** Default source of the shared track (default `navigator.mediaDevices.getDisplayMedia`). */
  getDisplayMedia?: ScreenSource;
}

export class PresentationManager implements PresentationApi {
  readonly #deps: PresentationManagerDeps;
  readonly #machine: StateMachine<PresentationState>;
  #tail: Promise<unknown> = Promise.resolve();
  #epoch = 0;
  #over = callOver();
  #current?: Current;
  #startQueued = false;
  #lastStopReason?: PresentationStopReason;
  #unwatch?: () => void;

  constructor(deps: PresentationManagerDeps) {
    this.#deps = deps;
    this.#machine = new StateMachine<PresentationState>(
      'idle',
      PRESENTATION_TRANSITIONS,
      (state, previous) => this.#emit('presentation:state', { state, previous }),
      { name: 'presentation', log: deps.log },
    );
    this.#wire(deps.events);
  }

  get presentation(): PresentationSnapshot {
    const snapshot: PresentationSnapshot = { state: this.#machine.state };
    if (this.#current) snapshot.handshake = this.#current.handshake;
    if (this.#current && this.#machine.state !== 'stopping') snapshot.track = this.#current.track;
    if (this.#lastStopReason) snapshot.lastStopReason = this.#lastStopReason;
    return snapshot;
  }

  startPresentation(track?: MediaStreamTrack, options: PresentationOptions = {}): Promise<void> {
    if (this.#startQueued || this.#machine.is('starting', 'active', 'updating')) {
      return Promise.reject(new InvalidStateError('A presentation is already starting or active'));
    }
    if (
      track !== undefined &&
      !(track instanceof MediaStreamTrack && track.kind === 'video' && track.readyState === 'live')
    ) {
      return Promise.reject(new VinteoError('invalid-argument', 'startPresentation needs a live video track'));
    }
    let session: CallSession;
    try {
      session = this.#deps.call.activeSession();
      if (this.#deps.call.role().type === 'spectator') throw new InvalidStateError('A spectator cannot present');
    } catch (error) {
      return Promise.reject(toVinteoError(error));
    }
    const epoch = this.#epoch;
    if (this.#machine.is('idle')) this.#machine.to('starting');
    else this.#startQueued = true;
    return this.#run(() => this.#start(epoch, session, track, options));
  }

  updatePresentation(track: MediaStreamTrack): Promise<void> {
    if (!(track instanceof MediaStreamTrack && track.kind === 'video' && track.readyState === 'live')) {
      return Promise.reject(new VinteoError('invalid-argument', 'updatePresentation needs a live video track'));
    }
    if (this.#machine.is('idle') && !this.#startQueued)
      return Promise.reject(new InvalidStateError('There is no presentation to update'));
    const epoch = this.#epoch;
    return this.#run(() => this.#update(epoch, track));
  }

  stopPresentation(): Promise<void> {
    const epoch = this.#epoch;
    return this.#run(() => this.#stop(epoch, 'local'));
  }

  // ───────────── commands (run one at a time) ─────────────

  async #start(
    epoch: number,
    session: CallSession,
    given: MediaStreamTrack | undefined,
    options: PresentationOptions,
  ): Promise<void> {
    this.#startQueued = false;
    this.#assertEpoch(epoch);
    this.#machine.to('starting');
    let current: Current;
    try {
      const { track, owned } = await this.#guard(
        epoch,
        acquireTrack(given, options.source ?? this.#deps.getDisplayMedia, () => epoch !== this.#epoch),
      );
      const settings = resolveSettings(options, this.#deps.call.maxAvailableResolution());
      applyHint(track, settings);
      current = {
        session,
        handshake: handshakeFor(this.#deps.call.roomStatus()),
        track,
        settings,
        attached: false,
        owned,
        handedOver: options.stopTrack !== false,
      };
      this.#current = current;
      await this.#guard(epoch, outgoing.send(session, startInfo(current.handshake)));
    } catch (error) {
      throw this.#failStart(epoch, error, isRefusal(error) ? 'refused' : 'error');
    }
    this.#emit('presentation:start', { track: current.track });
    try {
      await this.#guard(
        epoch,
        session.offer(() => attachPresentation(current)),
      );
    } catch (error) {
      throw this.#failStart(epoch, error, 'renegotiation-failed');
    }
    await this.#cap(current);
    this.#assertEpoch(epoch);
    this.#watch(current.track);
    this.#machine.to('active');
    this.#emit('presentation:started', { track: current.track });
  }

  async #update(epoch: number, track: MediaStreamTrack): Promise<void> {
    this.#assertEpoch(epoch);
    const current = this.#current;
    if (!current || !this.#machine.is('active')) throw new InvalidStateError('There is no presentation to update');
    this.#machine.to('updating');
    this.#emit('presentation:updating', { track });
    const previous = current.track;
    try {
      applyHint(track, current.settings);
      await this.#guard(epoch, outgoing.send(current.session, startInfo(current.handshake)));
      await this.#guard(epoch, presentationSender(current).replaceTrack(track));
    } catch (error) {
      if (epoch !== this.#epoch) throw toVinteoError(error);
      const failure = refusedOr(error);
      await this.#release(current);
      this.#settle(isRefusal(error) ? 'refused' : 'error');
      this.#emit('presentation:failed', { error: failure, reason: this.#lastStopReason as PresentationStopReason });
      throw failure;
    }
    current.track = track;
    this.#watch(track);
    if (previous !== track && current.handedOver) previous.stop();
    await this.#cap(current);
    this.#assertEpoch(epoch);
    this.#machine.to('active');
    this.#emit('presentation:updated', { track });
  }

  async #stop(epoch: number, reason: PresentationStopReason): Promise<void> {
    const current = this.#current;
    if (epoch !== this.#epoch || !current || !this.#machine.is('active')) return;
    this.#machine.to('stopping');
    this.#unwatch?.();
    try {
      await this.#guard(epoch, outgoing.send(current.session, stopInfo(current.handshake)));
    } catch (error) {
      if (epoch !== this.#epoch) return;
      this.#warn('The stop-presentation INFO failed; the presentation is stopped anyway', error);
    }
    this.#emit('presentation:end', { track: current.track, reason });
    await this.#release(current);
    if (epoch !== this.#epoch) return;
    this.#settle(reason);
    this.#emit('presentation:ended', { reason });
  }

  /** The caps again once negotiated; a failure is only a warning. */
  async #cap(current: Current): Promise<void> {
    await capPresentation(current).catch((error: unknown) =>
      this.#warn('Could not cap the presentation sender', error),
    );
  }

  async #release(current: Current): Promise<void> {
    this.#unwatch?.();
    await releasePresentation(current);
  }

  /** A start failed: media undone, `presentation:failed` (unless the end of the call already reported it). */
  #failStart(epoch: number, error: unknown, reason: PresentationStopReason): VinteoError {
    const failure = reason === 'refused' ? refusedOr(error) : toVinteoError(error);
    if (epoch !== this.#epoch) return failure;
    const current = this.#current;
    void (current ? this.#release(current) : Promise.resolve()).then(() => undefined);
    this.#settle(reason);
    this.#emit('presentation:failed', { error: failure, reason });
    return failure;
  }

  /** Back to idle with the reason of the end. */
  #settle(reason: PresentationStopReason): void {
    this.#current = undefined;
    this.#lastStopReason = reason;
    this.#machine.to('idle');
  }

  // ───────────── outside events ─────────────

  #wire(events: TappedEmitter<ConnectorEvents>): void {
    events.tap('api:presentation:must-stop', () => this.#stopFromOutside('server'));
    events.tap('conference:role-changed', ({ role, previous }) => {
      if (role.type === 'spectator' && previous.type !== 'spectator') this.#stopFromOutside('spectator');
    });
    events.tap('call:ended', () => this.#callEnded());
    events.tap('call:failed', () => this.#callEnded());
  }

  #stopFromOutside(reason: PresentationStopReason): void {
    if (this.#machine.is('idle') && !this.#startQueued) return;
    const epoch = this.#epoch;
    void this.#run(() => this.#stop(epoch, reason)).catch((error: unknown) =>
      this.#warn(`Stopping the presentation (${reason}) failed`, error),
    );
  }

  /** Reacts to the browser's "Stop sharing" on the track we send now. */
  #watch(track: MediaStreamTrack): void {
    this.#unwatch?.();
    const onEnded = () => {
      if (this.#current?.track === track) this.#stopFromOutside('track-ended');
    };
    track.addEventListener('ended', onEnded);
    this.#unwatch = () => {
      track.removeEventListener('ended', onEnded);
      this.#unwatch = undefined;
    };
  }

  /** The call is over: no INFO, tracks stopped, state idle, every pending step gives up. */
  #callEnded(): void {
    this.#epoch += 1;
    this.#over.end();
    this.#over = callOver();
    const current = this.#current;
    const state = this.#machine.state;
    const queued = this.#startQueued;
    this.#startQueued = false;
    if (current) void this.#release(current);
    if (state === 'starting' || queued) {
      this.#settle('call-ended');
      this.#emit('presentation:failed', {
        error: new InvalidStateError('The call ended before the presentation started'),
        reason: 'call-ended',
      });
    } else if (current && state !== 'idle') {
      if (state !== 'stopping') this.#emit('presentation:end', { track: current.track, reason: 'call-ended' });
      this.#settle('call-ended');
      this.#emit('presentation:ended', { reason: 'call-ended' });
    }
  }

  // ───────────── plumbing ─────────────

  #run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(job);
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Settles with `promise`, or rejects as soon as the call of `epoch` is over. */
  #guard<T>(epoch: number, promise: Promise<T>): Promise<T> {
    if (epoch !== this.#epoch) {
      promise.catch(() => undefined);
      return Promise.reject(new CallEnded());
    }
    return Promise.race([promise, this.#over.promise]);
  }

  #assertEpoch(epoch: number): void {
    if (epoch !== this.#epoch) throw new CallEnded();
  }

  #emit<K extends keyof ConnectorEvents>(name: K, payload: ConnectorEvents[K]): void {
    this.#deps.events.emit(name, payload);
  }

  #warn(message: string, detail?: unknown): void {
    this.#deps.log('warn', message, detail);
    this.#emit('warning', detail === undefined ? { message } : { message, detail });
  }
}
