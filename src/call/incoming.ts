/**
 * The incoming call while it rings: taken when nothing else is going on (a second one gets 486 Busy), answered
 * (taken over by the call manager), declined, or cancelled by the caller. Emits `incoming-call:*` through `emit`.
 */
import type { Invitation } from 'sip.js';
import { SessionState } from 'sip.js';
import { InvalidStateError, VinteoError } from '../errors.js';
import type { CallerInfo, ConnectorEvents } from '../types.js';
import type { LogSink } from '../util/logger.js';
import { callerFrom } from './call-info.js';
import { untilTerminated } from './session-watch.js';

export interface Ringing {
  invitation: Invitation;
  caller: CallerInfo;
}

export interface IncomingHooks {
  /** Nothing else is going on: a call may ring. */
  idle: () => boolean;
  /** Move the call state: `ringing` when one rings, `idle` when it is gone (declined, cancelled). */
  toState: (state: 'ringing' | 'idle') => void;
  emit: <K extends keyof ConnectorEvents>(name: K, payload: ConnectorEvents[K]) => void;
  log: LogSink;
}

export class IncomingCalls {
  #hooks: IncomingHooks;
  #ringing?: Ringing;

  constructor(hooks: IncomingHooks) {
    this.#hooks = hooks;
  }

  get caller(): CallerInfo | undefined {
    return this.#ringing?.caller;
  }

  /** Handles an out-of-dialog INVITE from the UserAgent. */
  offer(invitation: Invitation): void {
    const caller = callerFrom(invitation);
    if (!this.#hooks.idle()) return this.#busy(invitation, caller);
    this.#ringing = { invitation, caller };
    untilTerminated(invitation, (state) => this.#onState(invitation, state));
    this.#hooks.toState('ringing');
    void invitation.progress().catch(() => undefined);
    this.#hooks.emit('incoming-call:ringing', { caller });
  }

  /** The ringing call, taken over to be answered (it no longer rings; the caller emits `incoming-call:answered`). */
  take(): Ringing {
    const ringing = this.#ringing;
    if (!ringing) throw new InvalidStateError('There is no incoming call to answer');
    this.#ringing = undefined;
    return ringing;
  }

  get isRinging(): boolean {
    return this.#ringing !== undefined;
  }

  async decline(statusCode: number): Promise<void> {
    const ringing = this.#ringing;
    if (!ringing) throw new InvalidStateError('There is no incoming call to decline');
    if (!Number.isInteger(statusCode) || statusCode < 400 || statusCode > 699) {
      throw new VinteoError('invalid-argument', 'decline status must be a 4xx–6xx SIP code');
    }
    this.#ringing = undefined;
    await ringing.invitation.reject({ statusCode }).catch((e) => this.#hooks.log('warn', 'reject failed', e));
    this.#hooks.toState('idle');
    this.#hooks.emit('incoming-call:declined', { caller: ringing.caller, statusCode });
  }

  /** The connection is gone for good: the ringing call is over. */
  drop(): void {
    if (this.#ringing) this.#onState(this.#ringing.invitation, SessionState.Terminated);
  }

  #busy(invitation: Invitation, caller: CallerInfo): void {
    void invitation.reject({ statusCode: 486 }).catch(() => undefined);
    this.#hooks.emit('warning', { message: `Rejected a second incoming call from ${caller.user} with 486 Busy` });
  }

  #onState(invitation: Invitation, state: SessionState): void {
    if (state !== SessionState.Terminated || this.#ringing?.invitation !== invitation) return;
    const caller = this.#ringing.caller;
    this.#ringing = undefined;
    this.#hooks.toState('idle');
    this.#hooks.emit('incoming-call:terminated', { caller });
  }
}
