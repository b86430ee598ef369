/**
 * The video sending balancer (docs/connector.md "Sending quality"; the reference's §5.1, §3.14): caps the CAMERA's
 * sender — never the presentation's — by the encoded width (the bitrate table), the server's main-camera commands
 * (pause, resume, largest size) and `maxAvailableResolution`.
 *
 * `idle` → (call confirmed) `scheduled` → (`startDelayMs` later) `balancing` → `stopped` (a spectator, a receive
 * quality change) → `scheduled` … → `idle` at the end of the call. Commands of the server are remembered in every
 * state and the latest applies when balancing starts (the reference drops the early ones). Steps run in a
 * {@link LatestQueue}: a newer step supersedes a queued one; `setParameters` only when something differs.
 * While we are a spectator the conference's spectator caps own the senders, so the balancer leaves them alone.
 */
import type { LogSink } from '../util/logger.js';
import { Timer, type Clock } from '../util/clock.js';
import { StateMachine } from '../util/state-machine.js';
import type { BalancerOptions, BalancerParameters, StatsEvents } from '../stats/types.js';
import { LatestQueue } from './latest-queue.js';
import {
  decideParameters,
  parametersDiffer,
  resolveSendEncodings,
  scaleToFit,
  withParameters,
  type CameraCommand,
  type Size,
} from './policy.js';
import { TrackWatch, sizeOf } from './track-watch.js';

export type BalancerState = 'idle' | 'scheduled' | 'balancing' | 'stopped';
type BalancerEvents = Pick<
  StatsEvents,
  | 'video-balancer:balancing-scheduled'
  | 'video-balancer:balancing-started'
  | 'video-balancer:balancing-stopped'
  | 'video-balancer:parameters-updated'
>;

const TRANSITIONS = {
  idle: ['scheduled', 'stopped'],
  scheduled: ['balancing', 'stopped', 'idle'],
  balancing: ['stopped', 'idle'],
  stopped: ['scheduled', 'idle'],
} as const satisfies Record<BalancerState, readonly BalancerState[]>;

export const DEFAULT_START_DELAY_MS = 10_000;

/** What the balancer needs from the call. */
export interface BalancerPort {
  /** The current call's camera sender (`senders.mainVideo`), never the presentation's. */
  cameraSender(): RTCRtpSender | undefined;
  maxAvailableResolution(): Size | undefined;
  /** The codec of our outbound camera video in the latest stats sample, when there is one (no polling for it). */
  sampledCodec(): string | undefined;
}

export interface BalancerDeps {
  port: BalancerPort;
  emit: <K extends keyof BalancerEvents>(name: K, payload: BalancerEvents[K]) => void;
  clock: Clock;
  log: LogSink;
  /** Read when a call is confirmed (`ConnectionConfig.videoBalancer`). */
  options: () => BalancerOptions | undefined;
}

export class VideoBalancer {
  readonly #deps: BalancerDeps;
  readonly #machine: StateMachine<BalancerState>;
  readonly #timer: Timer;
  readonly #watch: TrackWatch;
  #queue: LatestQueue;
  #options: BalancerOptions = {};
  #command?: CameraCommand;
  #spectator = false;

  constructor(deps: BalancerDeps) {
    this.#deps = deps;
    this.#machine = new StateMachine<BalancerState>(
      'idle',
      TRANSITIONS,
      (state, previous) => this.#entered(state, previous),
      { name: 'video-balancer', log: deps.log },
    );
    this.#timer = new Timer(deps.clock);
    this.#watch = new TrackWatch({ clock: deps.clock, onChange: () => this.#step() });
    this.#queue = this.#newQueue();
  }

  get state(): BalancerState {
    return this.#machine.state;
  }
  /** The latest main-camera command of the server in this call. */
  get command(): CameraCommand | undefined {
    return this.#command;
  }

  callConfirmed(): void {
    this.#options = this.#deps.options() ?? {};
    if (this.#options.enabled === false) return;
    this.#fitAtOnce();
    if (this.#spectator) this.#machine.to('stopped');
    else this.#schedule();
  }

  /** The call ended or failed: nothing is put back (the sender is gone), the call's commands are forgotten. */
  callEnded(): void {
    this.#halt();
    this.#queue.close();
    this.#queue = this.#newQueue();
    this.#command = undefined;
    this.#spectator = false;
    this.#machine.to('idle');
  }

  /** `api:main-cam-control`: remembered always, applied now only while balancing. */
  mainCamControl(command: CameraCommand): void {
    this.#command = { ...command };
    if (this.#machine.is('balancing')) this.#step();
  }

  /** Our role changed: a spectator's senders belong to the spectator caps; a participant again is balanced again. */
  roleChanged(spectator: boolean): void {
    this.#spectator = spectator;
    if (spectator && this.#machine.is('scheduled', 'balancing')) {
      this.#halt();
      this.#machine.to('stopped');
    } else if (!spectator && this.#machine.is('stopped')) this.#schedule();
  }

  /** The spectator's receive quality changed: stop (parameters back by track resolution), then start over. */
  recvQualityChanged(): void {
    if (!this.#machine.is('scheduled', 'balancing')) return;
    this.#halt();
    this.#step(true);
    this.#machine.to('stopped');
    if (!this.#spectator) this.#schedule();
  }

  /** Our own stream replacement or device switch: follow the (maybe new) track and balance for it. */
  localStreamChanged(): void {
    if (!this.#machine.is('balancing')) return;
    this.#watch.watch(this.#deps.port.cameraSender()?.track ?? undefined);
    this.#step();
  }

  /**
   * Until balancing starts, the camera already fits `maxAvailableResolution` (`resolveSendEncodings`: an encoding keeps
   * a larger scale of its own); bitrates are left to the first balancing step.
   */
  #fitAtOnce(): void {
    const limit = this.#deps.port.maxAvailableResolution();
    const queue = this.#queue;
    if (!limit) return;
    void queue.push(async () => {
      const sender = this.#deps.port.cameraSender();
      const params = sender?.getParameters();
      if (queue !== this.#queue || !sender?.track || !params?.encodings?.length) return;
      const encodings =
        resolveSendEncodings(params.encodings, scaleToFit(sizeOf(sender.track), limit)) ?? params.encodings;
      if (encodings.every((e, i) => e.scaleResolutionDownBy === params.encodings[i].scaleResolutionDownBy)) return;
      params.encodings = encodings;
      await sender.setParameters(params);
    });
  }

  #schedule(): void {
    const delayMs = Math.max(0, this.#options.startDelayMs ?? DEFAULT_START_DELAY_MS);
    if (!this.#machine.to('scheduled')) return;
    this.#deps.emit('video-balancer:balancing-scheduled', { delayMs });
    this.#timer.start(delayMs, () => this.#machine.to('balancing'));
  }

  #entered(state: BalancerState, previous: BalancerState): void {
    if (state === 'balancing') return this.#start();
    if ((state === 'stopped' || state === 'idle') && previous !== 'idle' && previous !== 'stopped')
      this.#deps.emit('video-balancer:balancing-stopped', {});
  }

  #start(): void {
    this.#deps.emit('video-balancer:balancing-started', {});
    this.#watch.watch(this.#deps.port.cameraSender()?.track ?? undefined);
    this.#step();
  }

  #halt(): void {
    this.#timer.clear();
    this.#watch.stop();
  }

  #step(restoring = false): void {
    const queue = this.#queue;
    void queue.push(() => this.#apply(queue, restoring));
  }

  async #apply(queue: LatestQueue, restoring: boolean): Promise<void> {
    const sender = this.#deps.port.cameraSender();
    const track = sender?.track;
    if (queue !== this.#queue || !sender || !track || track.kind !== 'video') return;
    const codec = this.#codecOf(sender);
    if (this.#ignored(codec)) return this.#deps.log('debug', `video-balancer: ${codec} is left alone (ignoreForCodec)`);
    const wanted = this.#decide(track, codec, restoring);
    const params = sender.getParameters();
    if (!params.encodings?.length || !parametersDiffer(params, wanted)) return;
    await sender.setParameters(withParameters(params, wanted));
    this.#deps.emit('video-balancer:parameters-updated', wanted);
  }

  #decide(track: MediaStreamTrack, codec: string | undefined, restoring: boolean): BalancerParameters {
    const maxAvailableResolution = this.#deps.port.maxAvailableResolution();
    return decideParameters({ command: this.#command, track: sizeOf(track), maxAvailableResolution, codec, restoring });
  }

  #codecOf(sender: RTCRtpSender): string | undefined {
    return this.#deps.port.sampledCodec() ?? sender.getParameters().codecs?.[0]?.mimeType;
  }

  #ignored(codec: string | undefined): boolean {
    const ignore = this.#options.ignoreForCodec?.trim().toLowerCase();
    return Boolean(ignore && codec?.toLowerCase().includes(ignore));
  }

  #newQueue(): LatestQueue {
    return new LatestQueue((error) =>
      this.#deps.log('warn', 'video-balancer: could not set the camera sender parameters', error),
    );
  }
}
