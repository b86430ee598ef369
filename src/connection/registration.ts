/**
 * REGISTER for one connection: register (with a bounded wait), un-register quietly, and tell the manager when a
 * registration was lost without anyone asking (a refresh refused or unanswered), so it can reconnect.
 */
import type { Registerer, UserAgent } from 'sip.js';
import { RegistererState } from 'sip.js';
import { AuthenticationError, NetworkError, VinteoError, toVinteoError } from '../errors.js';
import type { LogSink } from '../util/logger.js';
import { withTimeout } from '../util/wait.js';
import type { ResolvedConnectionConfig } from './config.js';
import type { SipStack } from './sip-stack.js';

export interface RegistrationDeps {
  stack: SipStack;
  log: LogSink;
  /** A registration we had was lost while we wanted it (a refresh refused or unanswered). Not for a first REGISTER that fails. */
  onLost: () => void;
}

export class Registration {
  readonly #deps: RegistrationDeps;
  #registerer?: Registerer;
  #wanted = false;

  constructor(deps: RegistrationDeps) {
    this.#deps = deps;
  }

  get registered(): boolean {
    return this.#registerer?.state === RegistererState.Registered;
  }

  /** REGISTERs (a new registerer when the old one still waits for an answer); rejects with a typed error. */
  async register(ua: UserAgent, config: ResolvedConnectionConfig, timeoutMs: number): Promise<void> {
    this.#wanted = true;
    const registerer = this.#usable(ua, config);
    await withTimeout(
      send(registerer),
      timeoutMs,
      () => new NetworkError('The server did not answer REGISTER in time', { code: 'connect-timeout' }),
    );
  }

  /** Un-REGISTERs if registered and the transport is up (bounded to 3 s), then forgets the registerer. */
  async unregister(ua: UserAgent | undefined): Promise<boolean> {
    this.#wanted = false;
    const registerer = this.#registerer;
    this.#registerer = undefined;
    if (!registerer) return false;
    const wasRegistered = registerer.state === RegistererState.Registered;
    if (ua?.isConnected() && wasRegistered) {
      await withTimeout(sendUnregister(registerer), 3000, () => new Error('unregister timed out')).catch((e) =>
        this.#deps.log('warn', 'unregister failed', e),
      );
    }
    void registerer.dispose().catch(() => undefined);
    return wasRegistered;
  }

  /** Forgets the registerer without sending anything (the user agent is gone). */
  forget(): void {
    this.#wanted = false;
    this.#registerer = undefined;
  }

  #usable(ua: UserAgent, config: ResolvedConnectionConfig): Registerer {
    const current = this.#registerer;
    if (
      current &&
      !(current as unknown as { waiting: boolean }).waiting &&
      current.state !== RegistererState.Terminated
    )
      return current;
    const registerer = this.#deps.stack.createRegisterer(ua, {
      expires: config.registerExpires,
      extraHeaders: config.registerHeaders,
    });
    let wasRegistered = false;
    registerer.stateChange.addListener((state) => {
      const lost = wasRegistered && state !== RegistererState.Registered;
      wasRegistered = state === RegistererState.Registered;
      if (lost && this.#wanted && this.#registerer === registerer) this.#deps.onLost();
    });
    this.#registerer = registerer;
    return registerer;
  }
}

function send(registerer: Registerer): Promise<void> {
  return new Promise((resolve, reject) => {
    registerer
      .register({
        requestDelegate: {
          onAccept: () => resolve(),
          onReject: (response) => reject(registerError(response.message)),
        },
      })
      .catch((error: unknown) => reject(toVinteoError(error, 'network')));
  });
}

function sendUnregister(registerer: Registerer): Promise<void> {
  return new Promise((resolve, reject) => {
    registerer
      .unregister({ requestDelegate: { onAccept: () => resolve(), onReject: () => resolve() } })
      .catch((error: unknown) => reject(error));
  });
}

interface ResponseLike {
  statusCode?: number;
  reasonPhrase?: string;
  getHeader(name: string): string | undefined;
}

/** 401/403/407 → authentication (never retried); 408 and transport errors → network; 5xx keeps `Retry-After`. */
export function registerError(message: ResponseLike): VinteoError {
  const status = message.statusCode ?? 0;
  const reason = message.reasonPhrase ?? '';
  if (status === 401 || status === 403 || status === 407) {
    return new AuthenticationError(`Registration refused: wrong user or password (${status})`, { statusCode: status });
  }
  if (status === 408)
    return new NetworkError('The server did not answer REGISTER in time', { code: 'request-timeout' });
  if (status === 503 && !message.getHeader('via'))
    return new NetworkError('REGISTER could not be sent: the connection is down');
  const retryAfterMs = retryAfter(message.getHeader('retry-after'));
  return new VinteoError('rejected', `Registration refused: ${status} ${reason}`.trim(), {
    statusCode: status,
    retryAfterMs,
  });
}

function retryAfter(value: string | undefined): number | undefined {
  const seconds = Number.parseInt(value ?? '', 10);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 3600) * 1000 : undefined;
}
