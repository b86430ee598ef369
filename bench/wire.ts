/**
 * The SIP messages every WebSocket of the page sends and receives, with their `performance.now()` times (a send when
 * `send()` is called, a receipt when the first 'message' listener runs), and the figures the call-setup benchmarks
 * read from them. Import this module before anything opens a WebSocket.
 */
export interface WireMessage {
  t: number;
  dir: 'out' | 'in';
  line: string;
  text: string;
}

export const wire: WireMessage[] = [];

const firstLine = (text: string) => text.slice(0, text.indexOf('\r\n'));
const sendOriginal = WebSocket.prototype.send;
WebSocket.prototype.send = function send(this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
  if (typeof data === 'string') wire.push({ t: performance.now(), dir: 'out', line: firstLine(data), text: data });
  return sendOriginal.call(this, data);
};
const addListenerOriginal = WebSocket.prototype.addEventListener;
WebSocket.prototype.addEventListener = function addEventListener(
  this: WebSocket,
  type: string,
  listener: EventListenerOrEventListenerObject,
  options?: boolean | AddEventListenerOptions,
) {
  if (type !== 'message' || typeof listener !== 'function')
    return addListenerOriginal.call(this, type, listener, options);
  const traced = (ev: MessageEvent) => {
    if (typeof ev.data === 'string')
      wire.push({ t: performance.now(), dir: 'in', line: firstLine(ev.data), text: ev.data });
    listener.call(this, ev);
  };
  return addListenerOriginal.call(this, type, traced as EventListener, options);
} as typeof WebSocket.prototype.addEventListener;

export interface InviteTimes {
  /** Call-ID of the first INVITE sent since `since`. */
  callId: string;
  /** startCall()/invite() → first INVITE handed to the WebSocket. */
  offer: number;
  /** startCall()/invite() → the INVITE's 200 OK received on the WebSocket. */
  toOk: number;
  /** First INVITE sent → its 200 OK received (the 407 round trip, the server and the far end). */
  wireToOk: number;
  /** First INVITE sent → 407/401 received. */
  challenge: number;
  /** 407/401 received → INVITE with credentials sent (page side). */
  resend: number;
  /** m-lines and ICE candidates in the first offer. */
  mlines: number;
  candidates: number;
}

const isInviteResponse = (m: WireMessage, status: RegExp) =>
  m.dir === 'in' && status.test(m.line) && /^CSeq:\s*\d+ INVITE/im.test(m.text);

/** The first INVITE transaction after `since` (an invite() call), from the wire log. */
export function inviteTimes(since: number): InviteTimes {
  const after = wire.filter((m) => m.t >= since);
  const invites = after.filter((m) => m.dir === 'out' && m.line.startsWith('INVITE '));
  const [first, second] = invites;
  const challenge = after.find((m) => isInviteResponse(m, /^SIP\/2\.0 40[17] /));
  const ok = after.find((m) => isInviteResponse(m, /^SIP\/2\.0 200 /));
  const sdp = first?.text ?? '';
  return {
    callId: /^Call-ID:\s*(\S+)/im.exec(sdp)?.[1] ?? '',
    offer: first ? first.t - since : NaN,
    toOk: ok ? ok.t - since : NaN,
    wireToOk: ok && first ? ok.t - first.t : NaN,
    challenge: first && challenge ? challenge.t - first.t : NaN,
    resend: challenge && second ? second.t - challenge.t : NaN,
    mlines: (sdp.match(/^m=/gm) ?? []).length,
    candidates: (sdp.match(/^a=candidate:/gm) ?? []).length,
  };
}

export function quantile(values: number[], q: number): number {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  if (q === 0.5) {
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  }
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
}

/** `median / p90` of one figure over samples, in ms with one decimal. */
export function medianP90<T>(samples: T[], key: keyof T): string {
  const values = samples.map((s) => Number(s[key]));
  return `${quantile(values, 0.5).toFixed(1)} / ${quantile(values, 0.9).toFixed(1)}`;
}
