/**
 * Leak probes for the memory suite: live timers, live DOM listeners (per target), live sip.js emitter listeners and
 * the peer connections a connector creates. Each probe records where a registration came from (a trimmed stack), so a
 * failing count says which code left it behind.
 */
import { UserAgent } from 'sip.js';
import { EmitterImpl } from 'sip.js/lib/api/emitter.js';

/** The first stack frames that are not this file: where a timer or listener was made. */
function origin(): string {
  const frames = (new Error().stack ?? '')
    .split('\n')
    .slice(1)
    .map((l) => l.trim());
  const outside = frames.filter((f) => !f.includes('/test/memory/probes.ts'));
  return outside
    .slice(0, 4)
    .map((f) =>
      f
        .replace(/^at /, '')
        .replace(/https?:\/\/[^/]+\//, '')
        .replace(/\?[^:)]*/, ''),
    )
    .join(' < ');
}

/** Groups origins and counts them, largest first. */
export function tally(origins: Iterable<string>): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const o of origins) counts.set(o, (counts.get(o) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

// ───────────── timers ─────────────

export interface LiveTimer {
  where: string;
  ms: number;
}

type ArmTimer = (handler: TimerHandler, ms?: number, ...args: unknown[]) => number;

export interface TimerProbe {
  /** Timeouts not yet fired or cleared, and intervals not cleared, with their origins and delays. */
  live(): { timeouts: LiveTimer[]; intervals: LiveTimer[] };
  uninstall(): void;
}

/** Wraps window.setTimeout / setInterval / clear* (mocha keeps its own references, so its timers are not counted). */
export function installTimerProbe(): TimerProbe {
  const original = {
    setTimeout: window.setTimeout,
    setInterval: window.setInterval,
    clearTimeout: window.clearTimeout,
    clearInterval: window.clearInterval,
  };
  const setTimer = original.setTimeout as unknown as ArmTimer;
  const setRepeat = original.setInterval as unknown as ArmTimer;
  const timeouts = new Map<number, LiveTimer>();
  const intervals = new Map<number, LiveTimer>();
  window.setTimeout = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
    const timer = { where: origin(), ms: Number(ms ?? 0) };
    const id = setTimer.call(
      window,
      (...a: unknown[]) => {
        timeouts.delete(id);
        if (typeof handler === 'function') (handler as (...x: unknown[]) => void)(...a);
      },
      ms,
      ...args,
    );
    timeouts.set(id, timer);
    return id;
  }) as typeof window.setTimeout;
  window.setInterval = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
    const id = setRepeat.call(window, handler, ms, ...args);
    intervals.set(id, { where: origin(), ms: Number(ms ?? 0) });
    return id;
  }) as typeof window.setInterval;
  window.clearTimeout = ((id?: number) => {
    if (id !== undefined) timeouts.delete(id);
    original.clearTimeout.call(window, id);
  }) as typeof window.clearTimeout;
  window.clearInterval = ((id?: number) => {
    if (id !== undefined) intervals.delete(id);
    original.clearInterval.call(window, id);
  }) as typeof window.clearInterval;
  return {
    live: () => ({
      timeouts: [...timeouts.values()].filter(notTestInfra),
      intervals: [...intervals.values()].filter(notTestInfra),
    }),
    uninstall: () => Object.assign(window, original),
  };
}

/** The runner's own timers (its command channel arms one per server command and never clears it). */
function notTestInfra(timer: LiveTimer): boolean {
  return !timer.where.includes('__web-dev-server') && !timer.where.includes('@web/test-runner');
}

/**
 * sip.js transaction timers (RFC 3261 §17 / RFC 6026: Timer M keeps an INVITE client transaction 64·T1 = 32 s after a
 * 2xx to absorb retransmissions; Timer K/J/D …). They are bounded by the RFC, not leaks; they are counted apart.
 */
export function isTransactionTimer(timer: LiveTimer): boolean {
  return timer.where.includes('sip.js/lib/core/transactions/');
}

// ───────────── DOM listeners ─────────────

interface Registration {
  type: string;
  listener: unknown;
  capture: boolean;
  where: string;
}

export interface ListenerProbe {
  /** Registrations still in place, per target, on targets `alive` accepts (default: every target). */
  live(alive?: (target: EventTarget) => boolean): Array<{ target: EventTarget; type: string; where: string }>;
  uninstall(): void;
}

/**
 * Wraps EventTarget.prototype.add/removeEventListener; `once` and `signal` removals are followed too. Targets are held
 * weakly, so the probe never keeps a peer connection, track or socket alive by watching it.
 */
export function installListenerProbe(): ListenerProbe {
  const proto = EventTarget.prototype;
  const add = proto.addEventListener;
  const remove = proto.removeEventListener;
  const targets = new Set<WeakRef<EventTarget>>();
  const registrations = new WeakMap<EventTarget, Registration[]>();
  const forget = (target: EventTarget, type: string, listener: unknown, capture: boolean) => {
    const list = registrations.get(target);
    const index = list?.findIndex((r) => r.type === type && r.listener === listener && r.capture === capture) ?? -1;
    if (list && index >= 0) list.splice(index, 1);
  };
  proto.addEventListener = function (
    this: EventTarget,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ) {
    add.call(this, type, listener, options);
    if (!listener) return;
    const capture = typeof options === 'boolean' ? options : Boolean(options?.capture);
    let list = registrations.get(this);
    if (!list) {
      registrations.set(this, (list = []));
      targets.add(new WeakRef(this));
    }
    if (list.some((r) => r.type === type && r.listener === listener && r.capture === capture)) return;
    if (options && typeof options === 'object' && options.signal?.aborted) return;
    list.push({ type, listener, capture, where: origin() });
    const ref = new WeakRef(this);
    const drop = () => {
      const target = ref.deref();
      if (target) forget(target, type, listener, capture);
    };
    if (typeof options === 'object' && options.once) add.call(this, type, drop, { once: true, capture });
    if (typeof options === 'object' && options.signal) add.call(options.signal, 'abort', drop, { once: true });
  };
  proto.removeEventListener = function (
    this: EventTarget,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ) {
    remove.call(this, type, listener, options);
    forget(this, type, listener, typeof options === 'boolean' ? options : Boolean(options?.capture));
  };
  return {
    live: (alive = () => true) => {
      const out: Array<{ target: EventTarget; type: string; where: string }> = [];
      for (const ref of targets) {
        const target = ref.deref();
        if (!target) {
          targets.delete(ref);
          continue;
        }
        if (alive(target))
          for (const r of registrations.get(target) ?? []) out.push({ target, type: r.type, where: r.where });
      }
      return out;
    },
    uninstall: () => {
      proto.addEventListener = add;
      proto.removeEventListener = remove;
    },
  };
}

/** A target that can still fire: not a closed peer connection / channel / socket, not an ended track. */
export function stillAlive(target: EventTarget): boolean {
  if (target instanceof RTCPeerConnection) return target.signalingState !== 'closed';
  if (target instanceof MediaStreamTrack) return target.readyState !== 'ended';
  if (target instanceof WebSocket) return target.readyState !== WebSocket.CLOSED;
  if (typeof RTCDtlsTransport !== 'undefined' && target instanceof RTCDtlsTransport) return target.state !== 'closed';
  if (typeof RTCIceTransport !== 'undefined' && target instanceof RTCIceTransport) return target.state !== 'closed';
  if (target instanceof AbortSignal) return !target.aborted;
  // A node no longer in the page (a button the template swapped for another) is garbage once nothing holds it.
  if (target instanceof Node) return target.isConnected;
  return true;
}

export function describeTarget(target: EventTarget): string {
  if (target === window) return 'window';
  if (target === document) return 'document';
  if (target instanceof Element) return `<${target.localName}>`;
  return target.constructor?.name ?? 'EventTarget';
}

// ───────────── sip.js emitters ─────────────

export interface EmitterProbe {
  /** Listener counts of every sip.js emitter seen, with where its first listener came from. */
  emitters(): Array<{ emitter: EmitterImpl<unknown>; count: number; where: string }>;
  uninstall(): void;
}

/** Follows sip.js's EmitterImpl (UserAgent, Transport, Session … `stateChange` and friends), holding them weakly. */
export function installEmitterProbe(): EmitterProbe {
  const proto = EmitterImpl.prototype as unknown as {
    addListener: (this: EmitterImpl<unknown>, l: unknown, o?: unknown) => void;
  };
  const add = proto.addListener;
  const refs = new Set<WeakRef<EmitterImpl<unknown>>>();
  const where = new WeakMap<EmitterImpl<unknown>, string>();
  proto.addListener = function (this: EmitterImpl<unknown>, listener: unknown, options?: unknown) {
    if (!where.has(this)) {
      where.set(this, origin());
      refs.add(new WeakRef(this));
    }
    add.call(this, listener, options);
  };
  return {
    emitters: () => {
      const out: Array<{ emitter: EmitterImpl<unknown>; count: number; where: string }> = [];
      for (const ref of refs) {
        const emitter = ref.deref();
        if (!emitter) {
          refs.delete(ref);
          continue;
        }
        out.push({
          emitter,
          where: where.get(emitter) ?? '',
          count: (emitter as unknown as { listeners: unknown[] }).listeners.length,
        });
      }
      return out;
    },
    uninstall: () => {
      proto.addListener = add;
    },
  };
}

export interface UserAgentProbe {
  /** Sessions (calls, invitations) the started user agents still hold, summed. */
  sessions(): number;
  uninstall(): void;
}

/** Remembers (weakly) every sip.js UserAgent that starts, to read the sessions it keeps (its `_sessions` map). */
export function installUserAgentProbe(): UserAgentProbe {
  const proto = UserAgent.prototype;
  const start = proto.start;
  const agents = new Set<WeakRef<UserAgent>>();
  proto.start = function (this: UserAgent) {
    if (![...agents].some((ref) => ref.deref() === this)) agents.add(new WeakRef(this));
    return start.call(this);
  };
  return {
    sessions: () =>
      [...agents].reduce(
        (n, ref) => n + Object.keys((ref.deref() as unknown as { _sessions?: object })?._sessions ?? {}).length,
        0,
      ),
    uninstall: () => {
      proto.start = start;
    },
  };
}

// ───────────── peer connections and tracks ─────────────

export interface PeerConnectionProbe {
  create: (config: RTCConfiguration) => RTCPeerConnection;
  /** How many were made. */
  readonly created: number;
  /** Those not closed yet. */
  open(): RTCPeerConnection[];
  /** Those still reachable (call `collectGarbage()` first for a meaningful answer). */
  reachable(): number;
}

/** For `VinteoConnectorOptions.createPeerConnection`: remembers (weakly) every peer connection it makes. */
export function peerConnectionProbe(): PeerConnectionProbe {
  const refs: Array<WeakRef<RTCPeerConnection>> = [];
  const live = () => refs.map((r) => r.deref()).filter((pc): pc is RTCPeerConnection => pc !== undefined);
  return {
    create: (config) => {
      const pc = new RTCPeerConnection(config);
      refs.push(new WeakRef(pc));
      return pc;
    },
    get created() {
      return refs.length;
    },
    open: () => live().filter((pc) => pc.signalingState !== 'closed' || pc.connectionState !== 'closed'),
    reachable: () => live().length,
  };
}

/** Full collections (needs Chromium with `--js-flags=--expose-gc`; see wtr-files.config.mjs), with tasks between. */
export async function collectGarbage(): Promise<void> {
  const gc = (window as unknown as { gc?: () => void }).gc;
  if (!gc)
    throw new Error('gc() is not exposed: run the memory suite in its group (Chromium with --js-flags=--expose-gc)');
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

export interface TrackProbe {
  /** Tracks made by getUserMedia / getDisplayMedia / clone() that are still live, minus `except`. */
  live(except?: MediaStreamTrack[]): MediaStreamTrack[];
  uninstall(): void;
}

/** Follows every track the page captures or clones. */
export function installTrackProbe(): TrackProbe {
  const devices = navigator.mediaDevices;
  const original = {
    getUserMedia: devices.getUserMedia,
    getDisplayMedia: devices.getDisplayMedia,
    clone: MediaStreamTrack.prototype.clone,
  };
  const tracks = new Set<WeakRef<MediaStreamTrack>>();
  const follow =
    (capture: (c?: MediaStreamConstraints) => Promise<MediaStream>) => async (constraints?: MediaStreamConstraints) => {
      const stream = await capture.call(devices, constraints);
      stream.getTracks().forEach((t) => tracks.add(new WeakRef(t)));
      return stream;
    };
  devices.getUserMedia = follow(original.getUserMedia);
  devices.getDisplayMedia = follow(
    original.getDisplayMedia as (c?: MediaStreamConstraints) => Promise<MediaStream>,
  ) as typeof devices.getDisplayMedia;
  MediaStreamTrack.prototype.clone = function (this: MediaStreamTrack) {
    const copy = original.clone.call(this);
    tracks.add(new WeakRef(copy));
    return copy;
  };
  return {
    live: (except = []) =>
      [...tracks]
        .map((r) => r.deref())
        .filter((t): t is MediaStreamTrack => t?.readyState === 'live' && !except.includes(t)),
    uninstall: () => {
      devices.getUserMedia = original.getUserMedia;
      devices.getDisplayMedia = original.getDisplayMedia;
      MediaStreamTrack.prototype.clone = original.clone;
    },
  };
}
