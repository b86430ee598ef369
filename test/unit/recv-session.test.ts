import { expect } from '@open-wc/testing';
import { RecvSessionError, VinteoError } from '../../src/errors.js';
import {
  RecvSession,
  effectiveQuality,
  offerUrl,
  type RecvTarget,
  type RecvTimings,
} from '../../src/conference/recv-session.js';
import { recvApi } from './recv-api.js';

const TARGET: RecvTarget = {
  apiUrl: 'http://127.0.0.1:9/',
  tokenConference: 'Conf 1',
  token: 'secret.jwt',
  audioId: 'a/1',
  quality: 'medium',
};
const FAST: Partial<RecvTimings> = {
  stepTimeoutMs: 5000,
  retryDelayMs: 10,
  maxAttempts: 10,
  iceGatheringTimeoutMs: 500,
};

async function rejection(promise: Promise<unknown>): Promise<VinteoError> {
  try {
    await promise;
  } catch (error) {
    return error as VinteoError;
  }
  throw new Error('expected a rejection');
}

describe('receive-only session (§3.12)', () => {
  let cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const c of cleanups) c();
    cleanups = [];
  });

  function setUp(api: ReturnType<typeof recvApi>, timings: Partial<RecvTimings> = FAST) {
    const changes: string[] = [];
    const session = new RecvSession({
      iceServers: [],
      fetch: api.fetch,
      createPeerConnection: (c) => new RTCPeerConnection(c),
      timings,
      onTracksChanged: (change, track) => changes.push(`${change}:${track.kind}`),
    });
    cleanups.push(
      () => session.close(),
      () => api.close(),
    );
    return { session, changes };
  }

  it('auto is served as high; the URL encodes conference and audio id', () => {
    expect(effectiveQuality('auto')).to.equal('high');
    expect(effectiveQuality('low')).to.equal('low');
    expect(offerUrl(TARGET)).to.equal('http://127.0.0.1:9/api/v2/rtp2webrtc/offer/Conf%201?quality=medium&audio=a%2F1');
  });

  it('offers five recvonly m-lines by POST with the bearer token and plays the answer’s audio and video', async () => {
    const api = recvApi();
    const { session, changes } = setUp(api);
    await session.negotiate(TARGET, true);
    const [request] = api.requests;
    expect(request.method).to.equal('POST');
    expect(request.url).to.equal(offerUrl(TARGET));
    expect(request.headers).to.deep.equal({ 'Content-Type': 'application/json', Authorization: 'Bearer secret.jwt' });
    expect(request.body.type).to.equal('offer');
    const mlines = request.body.sdp.match(/^m=\w+/gm);
    expect(mlines).to.deep.equal(['m=audio', 'm=video', 'm=video', 'm=video', 'm=video']);
    expect(request.body.sdp.match(/a=recvonly/g)).to.have.length(5);
    expect(session.peerConnection.connectionState).to.equal('connected');
    expect(session.remote.tracks.map((t) => t.kind)).to.deep.equal(['audio', 'video']);
    expect(changes).to.have.members(['added:audio', 'added:video']);
  });

  it('retries a refused offer 500 ms apart by default, here quickly, and succeeds', async () => {
    const api = recvApi({ failFirst: 3 });
    const { session } = setUp(api);
    await session.negotiate(TARGET, true);
    expect(api.requests).to.have.length(4);
  });

  it('gives up after maxAttempts with recv-session-failed (the token is not in the message)', async () => {
    const api = recvApi({ failFirst: 100 });
    const { session } = setUp(api, { ...FAST, maxAttempts: 3 });
    const error = await rejection(session.negotiate(TARGET, true));
    expect(error).to.be.instanceOf(RecvSessionError);
    expect(error.code).to.equal('recv-session-failed');
    expect(error.message).to.match(/3 attempts.*HTTP 503/);
    expect(error.message).to.not.include('secret');
    expect(api.requests).to.have.length(3);
  });

  it('a malformed answer counts as a failed attempt', async () => {
    const api = recvApi({ mode: 'garbage' });
    const { session } = setUp(api, { ...FAST, maxAttempts: 2 });
    const error = await rejection(session.negotiate(TARGET, true));
    expect(error.message).to.match(/type: "answer"/);
    expect(api.requests).to.have.length(2);
  });

  it('each POST has a timeout, then it is retried', async () => {
    const api = recvApi({ mode: 'hang' });
    const { session } = setUp(api, { ...FAST, maxAttempts: 2, stepTimeoutMs: 200 });
    const error = await rejection(session.negotiate(TARGET, true));
    expect(error.message).to.match(/timed out/);
    expect(api.requests).to.have.length(2);
  });

  it('times out when the connection never comes up', async () => {
    const api = recvApi({ mode: 'dead' });
    const { session } = setUp(api, { ...FAST, stepTimeoutMs: 700 });
    const error = await rejection(session.negotiate(TARGET, true));
    expect(error.code).to.equal('recv-session-failed');
    expect(error.message).to.match(/Timed out .* connect/);
  });

  it('times out when connected but no media arrives (the reference waited forever)', async () => {
    const api = recvApi({ mode: 'no-media' });
    const { session } = setUp(api, { ...FAST, stepTimeoutMs: 1500 });
    const error = await rejection(session.negotiate(TARGET, true));
    expect(error.message).to.match(/audio and video/);
  });

  it('a newer negotiation cancels the pending one; close cancels too', async () => {
    const api = recvApi({ mode: 'hang' });
    const { session } = setUp(api);
    const first = rejection(session.negotiate(TARGET, true));
    await new Promise((r) => setTimeout(r, 50));
    api.mode = 'media';
    const second = session.negotiate({ ...TARGET, quality: 'low' }, true);
    expect((await first).code).to.equal('canceled');
    await second;
    expect(api.requests.at(-1)?.url).to.include('quality=low');
    api.mode = 'hang';
    const third = rejection(session.negotiate(TARGET, false));
    await new Promise((r) => setTimeout(r, 50));
    session.close();
    expect((await third).code).to.equal('canceled');
  });

  it('renegotiates on the same connection without losing the tracks', async () => {
    const api = recvApi();
    const { session } = setUp(api);
    await session.negotiate(TARGET, true);
    const before = session.remote.tracks.map((t) => t.id);
    await session.negotiate({ ...TARGET, quality: 'high' }, false);
    expect(api.requests).to.have.length(2);
    expect(api.requests[1].url).to.include('quality=high');
    expect(session.peerConnection.connectionState).to.equal('connected');
    expect(session.remote.tracks.length).to.equal(before.length);
  });
});
