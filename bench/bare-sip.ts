/**
 * The benchmarks' baseline: a bare sip.js 0.21 UserAgent with its defaults, given the same pre-captured stream as
 * ours (cloned outside the timed window), registering as alice and placing one INVITE.
 */
import { Inviter, Registerer, UserAgent, Web } from 'sip.js';

export interface BareAgent {
  ua: UserAgent;
  registerer: Registerer;
  /** ms from `ua.start()` to the REGISTER's 2xx. */
  registerMs: number;
}

/** Starts and registers a bare sip.js user agent that sends a clone of `stream`. */
export async function registeredBareAgent(domain: string, wsUrl: string, stream: MediaStream): Promise<BareAgent> {
  const local = stream.clone();
  const ua = new UserAgent({
    uri: UserAgent.makeURI(`sip:alice@${domain}`),
    authorizationUsername: 'alice',
    authorizationPassword: 'alice-secret',
    transportOptions: { server: wsUrl },
    logBuiltinEnabled: false,
    sessionDescriptionHandlerFactory: Web.defaultSessionDescriptionHandlerFactory(() => Promise.resolve(local)),
    sessionDescriptionHandlerFactoryOptions: {
      peerConnectionConfiguration: { iceServers: [] },
      iceGatheringTimeout: 1000,
    },
  });
  const t0 = performance.now();
  await ua.start();
  const registerer = new Registerer(ua);
  await new Promise<void>((resolve, reject) => {
    void registerer.register({
      requestDelegate: { onAccept: () => resolve(), onReject: () => reject(new Error('register')) },
    });
  });
  return { ua, registerer, registerMs: performance.now() - t0 };
}

/** An INVITE to `user` from the bare agent; resolves once the 2xx came, with the call's peer connection. */
export async function bareCall(
  agent: BareAgent,
  uri: string,
  video: boolean,
): Promise<{ inviter: Inviter; pc: RTCPeerConnection }> {
  const inviter = new Inviter(agent.ua, UserAgent.makeURI(uri) as never, {
    sessionDescriptionHandlerOptions: { constraints: { audio: true, video } },
  });
  let accepted = false;
  await inviter.invite({ requestDelegate: { onAccept: () => void (accepted = true) } });
  while (!accepted) await new Promise((r) => setTimeout(r, 5));
  const pc = (inviter.sessionDescriptionHandler as Web.SessionDescriptionHandler).peerConnection as RTCPeerConnection;
  return { inviter, pc };
}

/** Unregisters and stops the bare agent. */
export async function stopBareAgent(agent: BareAgent): Promise<void> {
  await agent.registerer.unregister().catch(() => undefined);
  await agent.ua.stop();
}
