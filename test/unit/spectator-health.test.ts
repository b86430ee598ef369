/**
 * The spectator's receive-only session keeps watching its media: with none for `problemMs` it re-offers over HTTP
 * with an ICE restart (the same rule as calls), and with still none at the bound the session fails (typed, never
 * the call). Real peer connections in the page answer through an injected `fetch` (recv-api.ts).
 */
import { expect } from '@open-wc/testing';
import { Spectator, type RecvState } from '../../src/conference/spectator.js';
import type { VinteoError } from '../../src/errors.js';
import { waitUntil } from '../support/media.js';
import { recvApi } from './recv-api.js';

/** Waits out a window in which something must NOT happen (an observation, not a synchronisation). */
function observe(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function spectator(api: ReturnType<typeof recvApi>) {
  const states: Array<{ state: RecvState; error?: VinteoError }> = [];
  const warnings: string[] = [];
  const s = new Spectator({
    settings: () => ({ apiUrl: 'http://127.0.0.1:9', iceServers: [] }),
    bearerToken: () => 'token-1',
    callPeerConnection: () => undefined,
    remote: { useRemoteSource: () => undefined, remoteSourceChanged: () => undefined },
    fetch: api.fetch,
    createPeerConnection: (config) => new RTCPeerConnection(config),
    onState: (state, error) => states.push({ state, error }),
    warn: (message) => warnings.push(message),
    health: { problemMs: 1000, timeoutMs: 3000, pollMs: 200 },
  });
  s.setRole({ type: 'spectator', audioId: 'a1', canSendMedia: false });
  s.setRoom({ status: 'in-room', tokenConference: '100', hasToken: true, isDirectPeerToPeer: false });
  return { s, states, warnings };
}

describe('spectator receive-only session health', function () {
  this.timeout(30_000);
  const apis: Array<ReturnType<typeof recvApi>> = [];
  afterEach(() => apis.splice(0).forEach((a) => a.close()));

  it('media stops: a re-offer with new ICE credentials is posted, media comes back, the session stays active', async () => {
    const api = recvApi();
    apis.push(api);
    const { s, states, warnings } = spectator(api);
    await waitUntil(() => states.some((x) => x.state === 'active'), 'the session active', 15_000);
    const firstUfrag = /a=ice-ufrag:(\S+)/.exec(api.requests[0].body.sdp)?.[1];
    await api.silence();
    await waitUntil(() => api.requests.length >= 2, 'a re-offer', 10_000);
    expect(warnings.some((w) => /lost its media/.test(w))).to.equal(true);
    expect(/a=ice-ufrag:(\S+)/.exec(api.requests[1].body.sdp)?.[1]).not.to.equal(firstUfrag);
    await observe(3500); // past the 3 s bound: the session must still be alive
    expect(states.map((x) => x.state)).not.to.include('failed');
    s.callEnded();
  });

  it('media never comes back: the session fails with recv-session-failed at the bound', async () => {
    const api = recvApi();
    apis.push(api);
    const { s, states } = spectator(api);
    await waitUntil(() => states.some((x) => x.state === 'active'), 'the session active', 15_000);
    api.mode = 'dead'; // the re-offer is answered, then the answering side is gone
    await api.silence();
    const failed = await waitUntil(() => states.find((x) => x.state === 'failed'), 'the session to fail', 15_000);
    expect(failed.error?.code).to.equal('recv-session-failed');
    s.callEnded();
  });
});
