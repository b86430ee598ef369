/**
 * Browser-side helpers for tests against the local server's faults: a bare sip.js UserAgent (the stack the
 * connector uses) that reconnects by hand, re-INVITEs, and inbound media read from getStats.
 */
import { Inviter, SessionState, UserAgent, type Invitation, type Session } from 'sip.js';
import type { SessionDescriptionHandler, SessionDescriptionHandlerOptions } from 'sip.js/lib/platform/web/index.js';
import { waitUntil } from './media.js';
import { type DialogSnapshot, type ServerInfo, vinteoServer } from './server.js';

const agents: UserAgent[] = [];

/** Stops every UserAgent made by `phone()` (call in afterEach). */
export async function stopPhones(): Promise<void> {
  await Promise.all(agents.splice(0).map((ua) => ua.stop().catch(() => undefined)));
}

export interface Phone {
  ua: UserAgent;
  disconnects: Array<Error | undefined>;
  invites: Invitation[];
}

export async function phone(server: ServerInfo, user = 'alice'): Promise<Phone> {
  const result: Phone = { ua: undefined as unknown as UserAgent, disconnects: [], invites: [] };
  result.ua = new UserAgent({
    uri: UserAgent.makeURI(`sip:${user}@${server.domain}`),
    transportOptions: { server: server.wsUrl },
    authorizationUsername: user,
    authorizationPassword: `${user}-secret`,
    logBuiltinEnabled: false,
    sessionDescriptionHandlerFactoryOptions: {
      iceGatheringTimeout: 1000,
      peerConnectionConfiguration: { iceServers: [] },
    },
    delegate: {
      onDisconnect: (error) => result.disconnects.push(error),
      onInvite: (invitation) => result.invites.push(invitation),
    },
  });
  agents.push(result.ua);
  await result.ua.start();
  return result;
}

/** An established audio call from `p` to a conference number (alone in it, the emulator echoes the audio). */
export async function call(server: ServerInfo, p: Phone, target = '4100'): Promise<Inviter> {
  const inviter = new Inviter(
    p.ua,
    UserAgent.makeURI(`sip:${target}@${server.domain}`) as NonNullable<ReturnType<typeof UserAgent.makeURI>>,
    {
      sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
    },
  );
  const established = stateOf(inviter, SessionState.Established);
  await inviter.invite();
  await established;
  return inviter;
}

export function stateOf(session: Session, wanted: SessionState, timeoutMs = 15_000): Promise<void> {
  if (session.state === wanted) return Promise.resolve();
  return within(
    new Promise<void>((resolve) => {
      const listener = (state: SessionState) => {
        if (state === wanted) {
          session.stateChange.removeListener(listener);
          resolve();
        }
      };
      session.stateChange.addListener(listener);
    }),
    timeoutMs,
    `session ${wanted}`,
  );
}

export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A re-INVITE in the session's dialog (optionally an ICE restart); resolves with the final status. sip.js's web
 * session description handler has no rollback, so a refused offer is rolled back here.
 */
export async function reinvite(session: Session, iceRestart = false): Promise<number> {
  const sessionDescriptionHandlerOptions: SessionDescriptionHandlerOptions = iceRestart
    ? { offerOptions: { iceRestart: true } }
    : {};
  const status = await within(
    new Promise<number>((resolve, reject) => {
      session
        .invite({
          sessionDescriptionHandlerOptions,
          requestDelegate: {
            onAccept: (r) => resolve(r.message.statusCode ?? 0),
            onReject: (r) => resolve(r.message.statusCode ?? 0),
          },
        })
        .catch(reject);
    }),
    15_000,
    're-INVITE final response',
  );
  if (status >= 300 && pcOf(session).signalingState === 'have-local-offer')
    await pcOf(session).setLocalDescription({ type: 'rollback' });
  return status;
}

export function pcOf(session: Session): RTCPeerConnection {
  return (session.sessionDescriptionHandler as SessionDescriptionHandler).peerConnection as RTCPeerConnection;
}

/** Inbound RTP in the browser (all kinds): bytes and packets. */
export async function inbound(pc: RTCPeerConnection): Promise<{ bytes: number; packets: number }> {
  const sum = { bytes: 0, packets: 0 };
  (await pc.getStats()).forEach((s: Record<string, unknown>) => {
    if (s.type !== 'inbound-rtp') return;
    sum.bytes += Number(s.bytesReceived ?? 0);
    sum.packets += Number(s.packetsReceived ?? 0);
  });
  return sum;
}

/** Watches inbound RTP packets every 50 ms; `stop()` gives the longest time without a new packet. */
export function gapMonitor(pc: RTCPeerConnection): { stop(): Promise<number> } {
  let last = -1;
  let lastChange = Date.now();
  let longest = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { packets } = await inbound(pc);
      const now = Date.now();
      if (packets !== last) [last, lastChange] = [packets, now];
      longest = Math.max(longest, now - lastChange);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return longest;
    },
  };
}

export async function dialogOf(callId: string): Promise<DialogSnapshot> {
  return waitUntil(
    async () => (await vinteoServer.dialogs()).find((d) => d.callId === callId),
    `server dialog ${callId}`,
  ) as Promise<DialogSnapshot>;
}

export const received = async (callId: string) => (await dialogOf(callId)).media.audio.packetsReceived;

export function callIdOf(inviter: Inviter): string {
  return inviter.request.callId;
}

/** Waits for inbound media to grow by `packets` from now. */
export async function inboundGrows(
  pc: RTCPeerConnection,
  packets = 25,
  what = 'inbound media',
  timeoutMs = 15_000,
): Promise<number> {
  const start = await inbound(pc);
  const began = Date.now();
  await waitUntil(async () => (await inbound(pc)).packets >= start.packets + packets, what, timeoutMs);
  return Date.now() - began;
}

/** The browser's selected candidate pair: its local candidate's ufrag and the bytes received on it. */
export async function selectedPair(
  pc: RTCPeerConnection,
): Promise<{ ufrag: string; bytesReceived: number; id: string } | undefined> {
  const stats = new Map<string, Record<string, unknown>>();
  (await pc.getStats()).forEach((s: Record<string, unknown>) => stats.set(String(s.id), s));
  const transport = [...stats.values()].find((s) => s.type === 'transport' && s.selectedCandidatePairId);
  const pair = stats.get(String(transport?.selectedCandidatePairId));
  if (!pair) return undefined;
  const local = stats.get(String(pair.localCandidateId));
  return {
    ufrag: String(local?.usernameFragment ?? ''),
    bytesReceived: Number(pair.bytesReceived ?? 0),
    id: String(pair.id),
  };
}
