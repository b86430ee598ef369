/**
 * The presentation part of the {@link FakeConnector}: the same states, events and rules as the real connector
 * (commands one at a time, `invalid-state` for a second start, `presentation-refused` when permission is refused,
 * outside stops with their reason, reset on call end), with no SIP and no WebRTC. The default shared track is a fake
 * display track (a canvas, see `createFakeStream`).
 */
import { captureScreen } from '../media/capture.js';
import type { ShareCodec } from '../conference/types.js';
import { InvalidStateError, VinteoError } from '../errors.js';
import type { ConnectorEvents } from '../types.js';
import type {
  PresentationHandshake,
  PresentationOptions,
  PresentationSnapshot,
  PresentationState,
  PresentationStopReason,
  RemoteStreamsView,
} from '../presentation/types.js';
import { createFakeStream } from './fake-media.js';
import { PRESENTATION_TRANSITIONS } from '../presentation/presentation-states.js';
import { checkMove } from './transitions.js';

type Emit = <K extends keyof ConnectorEvents>(name: K, payload: ConnectorEvents[K]) => void;

export interface FakePresentationHost {
  emit: Emit;
  /** Throws `invalid-state` unless a call is active and we are not a spectator. */
  assertCanPresent(): void;
  handshake(): PresentationHandshake;
  permission(): 'granted' | 'refused';
  log(method: string, ...args: unknown[]): void;
}

export class FakePresentation {
  state: PresentationState = 'idle';
  track?: MediaStreamTrack;
  handshake?: PresentationHandshake;
  lastStopReason?: PresentationStopReason;
  view: RemoteStreamsView = {};
  readonly #host: FakePresentationHost;
  #tail: Promise<unknown> = Promise.resolve();
  #epoch = 0;

  constructor(host: FakePresentationHost) {
    this.#host = host;
  }

  get snapshot(): PresentationSnapshot {
    const snapshot: PresentationSnapshot = { state: this.state };
    if (this.handshake && this.state !== 'idle') snapshot.handshake = this.handshake;
    if (this.track && this.state !== 'idle' && this.state !== 'stopping') snapshot.track = this.track;
    if (this.lastStopReason) snapshot.lastStopReason = this.lastStopReason;
    return snapshot;
  }

  start(track: MediaStreamTrack | undefined, options: PresentationOptions = {}): Promise<void> {
    this.#host.log('startPresentation', track, options);
    try {
      if (this.state !== 'idle') throw new InvalidStateError('A presentation is already starting or active');
      this.#host.assertCanPresent();
    } catch (error) {
      return Promise.reject(error);
    }
    const epoch = this.#epoch;
    this.#to('starting');
    return this.#run(async () => {
      const shared = track ?? (await this.#capture(options));
      shared.contentHint = options.contentHint ?? 'detail';
      this.track = shared;
      this.handshake = this.#host.handshake();
      await Promise.resolve();
      if (epoch !== this.#epoch) throw new InvalidStateError('The call ended');
      if (this.#host.permission() === 'refused') {
        if (!track) shared.stop();
        const error = new VinteoError('presentation-refused', 'The server refused the presentation (403)', {
          statusCode: 403,
        });
        this.#settle('refused');
        this.#host.emit('presentation:failed', { error, reason: 'refused' });
        throw error;
      }
      this.#host.emit('presentation:start', { track: shared });
      shared.addEventListener('ended', () => this.#outside(shared, 'track-ended'), { once: true });
      this.#to('active');
      this.#host.emit('presentation:started', { track: shared });
    });
  }

  /** The screen (from `options.source`, as the real connector would) or a fake display track. A failed capture ends the start. */
  async #capture(options: PresentationOptions): Promise<MediaStreamTrack> {
    if (!options.source) return createFakeStream({ audio: false, width: 320, height: 180 }).getVideoTracks()[0];
    try {
      return await captureScreen(options.source);
    } catch (error) {
      this.#settle('error');
      this.#host.emit('presentation:failed', { error: error as VinteoError, reason: 'error' });
      throw error;
    }
  }

  update(track: MediaStreamTrack): Promise<void> {
    this.#host.log('updatePresentation', track);
    return this.#run(async () => {
      if (this.state !== 'active' || !this.track) throw new InvalidStateError('There is no presentation to update');
      const previous = this.track;
      this.#to('updating');
      this.#host.emit('presentation:updating', { track });
      this.track = track;
      if (previous !== track) previous.stop();
      track.addEventListener('ended', () => this.#outside(track, 'track-ended'), { once: true });
      this.#to('active');
      this.#host.emit('presentation:updated', { track });
    });
  }

  stop(reason: PresentationStopReason = 'local'): Promise<void> {
    if (reason === 'local') this.#host.log('stopPresentation');
    return this.#run(async () => {
      const track = this.track;
      if (this.state !== 'active' || !track) return;
      this.#to('stopping');
      this.#host.emit('presentation:end', { track, reason });
      track.stop();
      this.#settle(reason);
      this.#host.emit('presentation:ended', { reason });
    });
  }

  /** The call ended: back to idle at once, with `call-ended`. */
  callEnded(): void {
    this.#epoch += 1;
    const { state, track } = this;
    if (state === 'starting') {
      this.#settle('call-ended');
      this.#host.emit('presentation:failed', {
        error: new InvalidStateError('The call ended before the presentation started'),
        reason: 'call-ended',
      });
    } else if (state !== 'idle' && track) {
      if (state !== 'stopping') this.#host.emit('presentation:end', { track, reason: 'call-ended' });
      track.stop();
      this.#settle('call-ended');
      this.#host.emit('presentation:ended', { reason: 'call-ended' });
    }
    this.setView({});
  }

  /** We became a spectator: stop as the real connector does. */
  roleChanged(spectator: boolean): void {
    if (spectator && this.state !== 'idle') void this.stop('spectator');
  }

  /** Sets the remote streams view; `call:remote-streams-changed` only when the (main, content) pair changes. */
  setView(view: RemoteStreamsView): void {
    const changed = view.main !== this.view.main || view.content !== this.view.content;
    this.view = { ...view };
    if (changed) this.#host.emit('call:remote-streams-changed', { ...view });
  }

  setContent(stream: MediaStream | undefined, codec?: ShareCodec): void {
    const { main } = this.view;
    const view: RemoteStreamsView = main ? { main } : {};
    if (stream) view.content = stream;
    if (stream && codec) view.contentCodec = codec;
    this.setView(view);
  }

  #outside(track: MediaStreamTrack, reason: PresentationStopReason): void {
    if (this.track === track && this.state !== 'idle') void this.stop(reason);
  }

  #settle(reason: PresentationStopReason): void {
    this.track = undefined;
    this.lastStopReason = reason;
    this.#to('idle');
  }

  #to(state: PresentationState): void {
    const previous = this.state;
    if (previous === state) return;
    checkMove('the presentation', PRESENTATION_TRANSITIONS, previous, state);
    this.state = state;
    this.#host.emit('presentation:state', { state, previous });
  }

  #run(job: () => Promise<void>): Promise<void> {
    const result = this.#tail.then(job);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
