/**
 * Media faults and ICE restarts against the emulator's werift peers, in headless Chromium: stopMedia (RTP and
 * RTCP stop, ICE stays), an ICE-restart re-INVITE from a bare sip.js UserAgent, and the connector's
 * renegotiate({ iceRestart: true }) — media must come back on the new ICE pair (test/server/ice-restart.js).
 */
import { expect } from '@open-wc/testing';
import { VinteoConnector } from '../../src/connector.js';
import { canvasTrack, fakeMedia, rtpTotals, waitUntil } from '../support/media.js';
import { type ServerInfo, vinteoServer } from '../support/server.js';
import {
  call as callWith,
  callIdOf,
  dialogOf,
  gapMonitor,
  inbound,
  inboundGrows,
  pcOf,
  phone as phoneOn,
  received,
  reinvite,
  selectedPair,
  stopPhones,
} from '../support/sip-phone.js';

let server: ServerInfo;
const phone = (user?: string) => phoneOn(server, user);
const call = (p: Awaited<ReturnType<typeof phone>>, target?: string) => callWith(server, p, target);

before(async () => {
  server = await vinteoServer.info();
});

afterEach(async () => {
  await stopPhones();
  await vinteoServer.reset();
});

/** RTCP sender reports the browser got (remote-outbound-rtp reportsSent), all streams. */
async function senderReports(pc: RTCPeerConnection): Promise<number> {
  let reports = 0;
  (await pc.getStats()).forEach((s: Record<string, unknown>) => {
    if (s.type === 'remote-outbound-rtp') reports += Number(s.reportsSent ?? 0);
  });
  return reports;
}

/** Waits until `read` gives the same value over `quietMs`; returns that value. */
async function settled(read: () => Promise<number>, quietMs: number, what: string): Promise<number> {
  let last = await read();
  let since = Date.now();
  return waitUntil(
    async () => {
      const now = await read();
      if (now !== last) [last, since] = [now, Date.now()];
      return Date.now() - since >= quietMs ? { now } : undefined;
    },
    what,
    15_000,
    100,
  ).then((r) => (r as { now: number }).now);
}

describe('server faults: media', () => {
  it('stopMedia: the browser stops receiving RTP and RTCP, ICE and the dialog stay; resuming brings media back', async () => {
    const p = await phone();
    const inviter = await call(p);
    const pc = pcOf(inviter);
    const callId = callIdOf(inviter);
    await inboundGrows(pc, 25, 'audio before');
    await waitUntil(async () => (await senderReports(pc)) > 0, 'RTCP sender reports before', 15_000);
    await vinteoServer.stopMedia({ callId, stopped: true });
    const packets = await settled(async () => (await inbound(pc)).packets, 1500, 'inbound RTP to stop');
    const reports = await settled(() => senderReports(pc), 1500, 'sender reports to stop');
    const fromBrowser = await received(callId);
    await waitUntil(async () => (await received(callId)) > fromBrowser + 25, 'the server still receiving the browser');
    expect((await inbound(pc)).packets).to.equal(packets);
    expect(await senderReports(pc)).to.equal(reports);
    expect(pc.iceConnectionState).to.be.oneOf(['connected', 'completed']);
    expect((await dialogOf(callId)).state).to.equal('confirmed');
    await vinteoServer.stopMedia({ callId, stopped: false });
    const resumedMs = await inboundGrows(pc, 25, 'audio after resuming');
    console.log(`[measure] stopMedia resume: 25 packets in ${resumedMs} ms`);
  });
});

describe('ICE restart against the emulator (werift)', () => {
  it('an ICE-restart re-INVITE keeps media both ways', async () => {
    const p = await phone();
    const inviter = await call(p);
    const pc = pcOf(inviter);
    const callId = callIdOf(inviter);
    await inboundGrows(pc, 25, 'audio before');
    const ufrag = () => /a=ice-ufrag:(\S+)/.exec(pc.localDescription?.sdp ?? '')?.[1];
    const first = ufrag();
    const generation = (await dialogOf(callId)).ice.generation;
    const started = Date.now();
    const gaps = gapMonitor(pc);
    expect(await reinvite(inviter, true)).to.equal(200);
    expect(ufrag()).to.not.equal(first);
    const base = await inbound(pc);
    const fromBrowser = await received(callId);
    expect((await dialogOf(callId)).ice.generation, 'the server restarted its ICE').to.equal(generation + 1);
    await waitUntil(
      async () => (await dialogOf(callId)).ice.nominated,
      'the server to nominate a pair of the new generation',
      15_000,
    );
    await waitUntil(
      async () => (await selectedPair(pc))?.ufrag === ufrag(),
      'the browser to select a pair of the new ICE generation',
      15_000,
    );
    const onNewPair = (await selectedPair(pc))?.bytesReceived ?? 0;
    await waitUntil(
      async () => ((await selectedPair(pc))?.bytesReceived ?? 0) > onNewPair + 2000,
      'bytes on the new pair',
      15_000,
    );
    await waitUntil(
      async () => (await inbound(pc)).bytes > base.bytes + 2000,
      'inbound media after the ICE restart',
      15_000,
    );
    console.log(
      `[measure] ICE restart (sip.js, candidates in the offer): media on the new pair ${Date.now() - started} ms after the re-INVITE; longest inbound gap ${await gaps.stop()} ms`,
    );
    await waitUntil(
      async () => (await received(callId)) > fromBrowser + 25,
      'the server receiving after the ICE restart',
    );
  });
});

describe('ICE restart with the connector', () => {
  const connectors: VinteoConnector[] = [];
  const streams: MediaStream[] = [];
  afterEach(async () => {
    await Promise.all(connectors.splice(0).map((c) => c.disconnect().catch(() => undefined)));
    streams.splice(0).forEach((s) => s.getTracks().forEach((t) => t.stop()));
  });

  async function inCall(conference: string): Promise<VinteoConnector> {
    const c = new VinteoConnector({ log: () => undefined });
    connectors.push(c);
    await c.connect({ server: server.wsUrl, domain: server.domain, apiUrl: server.apiUrl, displayName: 'Guest' });
    const mic = await fakeMedia({ audio: true });
    const stream = new MediaStream([...mic.getAudioTracks(), canvasTrack()]);
    streams.push(mic, stream);
    await c.startCall(conference, { mediaStream: stream });
    return c;
  }

  it('renegotiate({ iceRestart: true }) keeps media both ways', async () => {
    const c = await inCall('4200');
    const pc = c.peerConnection as RTCPeerConnection;
    const ufrag = () => /a=ice-ufrag:(\S+)/.exec(pc.localDescription?.sdp ?? '')?.[1];
    await inboundGrows(pc, 25, 'media before');
    const first = ufrag();
    const [dialog] = (await vinteoServer.dialogs()).filter((d) => d.state === 'confirmed');
    const started = Date.now();
    const gaps = gapMonitor(pc);
    await c.renegotiate({ iceRestart: true });
    expect(ufrag()).to.not.equal(first);
    expect((await dialogOf(dialog.callId)).ice.generation, 'the server restarted its ICE').to.equal(
      dialog.ice.generation + 1,
    );
    await waitUntil(
      async () => (await dialogOf(dialog.callId)).ice.nominated,
      'the server to nominate a pair of the new generation',
      15_000,
    );
    await waitUntil(
      async () => (await selectedPair(pc))?.ufrag === ufrag(),
      'a pair of the new ICE generation',
      15_000,
    );
    const onNewPair = (await selectedPair(pc))?.bytesReceived ?? 0;
    const base = await rtpTotals(pc);
    await waitUntil(
      async () => ((await selectedPair(pc))?.bytesReceived ?? 0) > onNewPair + 5000,
      'bytes on the new pair',
      15_000,
    );
    console.log(
      `[measure] connector renegotiate({ iceRestart }): media on the new pair ${Date.now() - started} ms after the call; longest inbound gap ${await gaps.stop()} ms`,
    );
    await waitUntil(
      async () => {
        const t = await rtpTotals(pc);
        return (
          t.inbound.audio.bytes > base.inbound.audio.bytes &&
          t.inbound.video.bytes > base.inbound.video.bytes &&
          t.outbound.video.bytes > base.outbound.video.bytes
        );
      },
      'audio and video both ways after the ICE restart',
      15_000,
    );
  });
});
