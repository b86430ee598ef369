/**
 * The reconnection half of {@link FakeConnector}: the connection's outage (`reconnecting` … `reconnected` or
 * `gave-up`) and the call's (`call:reconnecting` … `call:resumed`, media problems), with the real connector's events
 * in the real connector's order. Driven by the `simulate*` helpers of FakeConnector; no timers (the test decides
 * when each step happens).
 */
import { NetworkError, type VinteoError } from '../errors.js';
import type { ReconnectReason } from '../connection/reconnect-policy.js';
import type {
  CallEndCause,
  CallInfo,
  CallState,
  ConnectionState,
  ConnectorEventName,
  ConnectorEvents,
} from '../types.js';

type MediaProblemReason = ConnectorEvents['call:media-problem']['reason'];

export interface FakeRecoveryPorts {
  emit<K extends ConnectorEventName>(name: K, payload: ConnectorEvents[K]): void;
  connectionState(): ConnectionState;
  setConnection(state: ConnectionState): void;
  server(): string;
  user(): string;
  callState(): CallState;
  call(): CallInfo | undefined;
  /** Ends the current call on the system's side with `cause` (and `statusCode`). */
  endCall(cause: CallEndCause, statusCode?: number): void;
}

/** What the call does once the connection is back (see `simulateReconnected`). */
export type CallAfterReconnect = 'resume' | 'keep' | 'dialog-lost';

interface Outage {
  since: number;
  attempt: number;
  reason: ReconnectReason;
  resumeTo: 'connected' | 'registered';
}

export class FakeRecovery {
  #ports: FakeRecoveryPorts;
  #outage?: Outage;
  /** When the call's outage began (set while `callReconnecting`). */
  #callSince?: number;
  #transportDown = false;
  #mediaSince?: number;

  constructor(ports: FakeRecoveryPorts) {
    this.#ports = ports;
  }

  get reconnecting(): boolean {
    return this.#outage !== undefined;
  }
  get callReconnecting(): boolean {
    return this.#callSince !== undefined;
  }

  /** The transport dropped while connected: `reconnecting`, the call kept, the first attempt in `delayMs` (default at once). */
  connectionLost(reason: ReconnectReason, delayMs = 0): void {
    const state = this.#ports.connectionState();
    if (this.#outage || (state !== 'connected' && state !== 'registered')) return;
    this.#outage = { since: Date.now(), attempt: 1, reason, resumeTo: state };
    this.#ports.setConnection('reconnecting');
    if (this.#activeCall()) {
      this.#transportDown = true;
      this.#enterCall('transport');
    }
    this.#ports.emit('auto-connect:reconnecting', { attempt: 1, delayMs, reason });
  }

  /**
   * The current attempt failed; the next one is scheduled `delayMs` from now, or (`null`, the policy's answer) none:
   * the loop gives up as the real one does (`attempts`: the attempts made, not the one the policy refused).
   */
  attemptFailed(error: VinteoError, delayMs: number | null): void {
    const outage = this.#outage;
    if (!outage) return;
    this.#ports.emit('auto-connect:attempt-failed', { attempt: outage.attempt, error });
    if (delayMs === null) return this.gaveUp(new NetworkError('The reconnection policy gave up'));
    outage.attempt++;
    this.#ports.emit('auto-connect:reconnecting', { attempt: outage.attempt, delayMs, reason: outage.reason });
  }

  /** The attempt succeeded: back to the state before the loss; then the call resumes, stays kept, or is lost. */
  reconnected(call: CallAfterReconnect): void {
    const outage = this.#outage;
    if (!outage) return;
    this.#outage = undefined;
    this.#ports.setConnection(outage.resumeTo);
    this.#ports.emit('connection:connected', { server: this.#ports.server() });
    if (outage.resumeTo === 'registered')
      this.#ports.emit('connection:registered', { user: this.#ports.user(), expires: 300 });
    this.#ports.emit('auto-connect:reconnected', { downtimeMs: Date.now() - outage.since, attempts: outage.attempt });
    if (!this.#transportDown || call === 'keep') return;
    if (call === 'dialog-lost') return this.#ports.endCall('dialog-lost', 481);
    this.#transportDown = false;
    this.#maybeResume();
  }

  /** The policy gave up: `auto-connect:gave-up`, the call ends, `disconnected` with the error. */
  gaveUp(error: VinteoError = new NetworkError('Could not reconnect to the server')): void {
    const outage = this.#outage;
    if (!outage) return;
    this.#ports.emit('auto-connect:gave-up', { attempts: outage.attempt, error });
    this.#outage = undefined;
    if (this.#ports.callState() !== 'idle') this.#ports.endCall('connection-error');
    this.#ports.setConnection('disconnected');
    this.#ports.emit('connection:disconnected', { error });
  }

  /** The call is kept through an outage of `reason` (no-op without an active call or when already kept). */
  keepCall(reason: 'transport' | 'media'): void {
    if (this.#activeCall()) this.#enterCall(reason);
  }

  /** The call is whole again, whatever kept it. */
  resumeCall(): void {
    this.#transportDown = false;
    this.#mediaSince = undefined;
    this.#maybeResume();
  }

  /** No inbound media (once per episode): `call:media-problem`, then the call is kept (`media`). */
  mediaProblem(reason: MediaProblemReason): void {
    const call = this.#activeCall();
    if (!call || this.#mediaSince !== undefined) return;
    this.#mediaSince = Date.now();
    this.#ports.emit('call:media-problem', { call, reason });
    this.#enterCall('media');
  }

  /** Media flows again: `call:media-recovered`, then `call:resumed` unless signalling is still down. */
  mediaRecovered(): void {
    const call = this.#activeCall();
    const since = this.#mediaSince;
    if (!call || since === undefined) return;
    this.#mediaSince = undefined;
    this.#ports.emit('call:media-recovered', { call, downtimeMs: Date.now() - since });
    this.#maybeResume();
  }

  /** The call ended: its outage ends with it (no `call:resumed`). */
  callEnded(): void {
    this.#callSince = undefined;
    this.#transportDown = false;
    this.#mediaSince = undefined;
  }

  /** `disconnect()`, a new `connect()` or a plain drop: the connection's outage stops without an event. */
  stop(): void {
    this.#outage = undefined;
  }

  #activeCall(): CallInfo | undefined {
    return this.#ports.callState() === 'active' ? this.#ports.call() : undefined;
  }

  #enterCall(reason: 'transport' | 'media'): void {
    const call = this.#activeCall();
    if (!call || this.#callSince !== undefined) return;
    this.#callSince = Date.now();
    this.#ports.emit('call:reconnecting', { call, reason });
  }

  #maybeResume(): void {
    const call = this.#activeCall();
    const since = this.#callSince;
    if (!call || since === undefined || this.#transportDown || this.#mediaSince !== undefined) return;
    this.#callSince = undefined;
    this.#ports.emit('call:resumed', { call, downtimeMs: Date.now() - since });
  }
}
