/**
 * Memory: one call kept through many WebSocket drops in a row (the local server's dropConnection, abrupt and clean in
 * turn). Every drop must end in a reconnection and a resumed call — the same call, on the same peer connection —
 * and none may leave a listener, a timer, a socket or a peer connection behind.
 */
import { expect } from '@open-wc/testing';
import { VinteoConnector } from '../../src/connector.js';
import { fakeMedia, rtpTotals, waitUntil } from '../support/media.js';
import { type ServerInfo, vinteoServer } from '../support/server.js';
import {
  describeTarget,
  installListenerProbe,
  installTimerProbe,
  installTrackProbe,
  installUserAgentProbe,
  isTransactionTimer,
  peerConnectionProbe,
  stillAlive,
  tally,
} from './probes.js';

const DROPS = 50;

async function inboundPackets(pc: RTCPeerConnection): Promise<number> {
  const t = await rtpTotals(pc);
  return t.inbound.audio.packets + t.inbound.video.packets;
}

function grown(before: string[], now: string[]): string[] {
  const base = new Map(tally(before));
  return tally(now)
    .filter(([k, n]) => n > (base.get(k) ?? 0))
    .map(([k, n]) => `+${n - (base.get(k) ?? 0)} ${k}`);
}

describe('memory: a call through repeated WebSocket drops', function () {
  this.timeout(240_000);
  let server: ServerInfo;

  before(async () => {
    server = await vinteoServer.info();
  });

  afterEach(() => vinteoServer.reset());

  it(`${DROPS} drops mid-call → ${DROPS} reconnections and resumptions of the same call; nothing left behind after the hang-up`, async () => {
    const timers = installTimerProbe();
    const listeners = installListenerProbe();
    const tracks = installTrackProbe();
    const agents = installUserAgentProbe();
    const pcs = peerConnectionProbe();
    const connector = new VinteoConnector({ log: () => undefined, createPeerConnection: pcs.create });
    const appStream = await fakeMedia();
    const dom = () =>
      listeners.live(stillAlive).map((l) => `${describeTarget(l.target)} '${l.type}' from ${l.where.split(' < ')[0]}`);
    const ourTimers = () => {
      const live = timers.live();
      return [...live.timeouts, ...live.intervals]
        .filter((t) => !isTransactionTimer(t))
        .map((t) => `${t.ms} ms from ${t.where.split(' < ').slice(0, 2).join(' < ')}`);
    };
    try {
      await connector.connect({ server: server.wsUrl, domain: server.domain, iceServers: [] });
      const base = { listeners: connector.listenerCount(), dom: dom(), timers: ourTimers() };
      await connector.startCall('echo', { mediaStream: appStream });
      const callId = connector.call?.id;
      const pc = connector.peerConnection as RTCPeerConnection;
      await waitUntil(async () => (await inboundPackets(pc)) > 0, 'media before the first drop', 10_000, 20);
      const downtimes: number[] = [];
      const started = performance.now();
      for (let i = 0; i < DROPS; i++) {
        const reconnected = connector.wait('auto-connect:reconnected', 20_000);
        const resumed = connector.wait('call:resumed', 20_000);
        const { dropped } = await vinteoServer.dropConnection({
          user: connector.user as string,
          mode: i % 2 ? 'clean' : 'abrupt',
        });
        expect(dropped, `drop ${i + 1} reached a connection`).to.equal(true);
        await reconnected;
        downtimes.push((await resumed).downtimeMs);
        expect(connector.call?.id, `the same call after drop ${i + 1}`).to.equal(callId);
        expect(connector.callState, `still active after drop ${i + 1}`).to.equal('active');
        expect(connector.peerConnection, `the same peer connection after drop ${i + 1}`).to.equal(pc);
        expect(agents.sessions(), `one session in the user agent after drop ${i + 1}`).to.equal(1);
      }
      const perDrop = (performance.now() - started) / DROPS;
      const before = await inboundPackets(pc);
      await waitUntil(
        async () => (await inboundPackets(pc)) > before,
        'media still flowing after the last drop',
        10_000,
        20,
      );
      const during = { listeners: connector.listenerCount(), dom: dom(), timers: ourTimers() };
      await connector.hangUp();
      await waitUntil(
        () => !listeners.live(stillAlive).some((l) => l.target instanceof MediaStreamTrack),
        "the call's remote tracks to end",
        5000,
        10,
      );
      const end = { listeners: connector.listenerCount(), dom: dom(), timers: ourTimers() };
      const sorted = [...downtimes].sort((a, b) => a - b);
      console.log(
        `memory: ${DROPS} drops, ${perDrop.toFixed(0)} ms per drop, call downtime median ${sorted[Math.floor(DROPS / 2)]} ms, max ${sorted.at(-1)} ms; ` +
          `connector listeners ${base.listeners} → ${during.listeners} (in call) → ${end.listeners}; DOM listeners ${base.dom.length} → ${during.dom.length} → ${end.dom.length}; ` +
          `our timers ${base.timers.length} → ${during.timers.length} → ${end.timers.length}; peer connections made ${pcs.created}`,
      );
      expect(pcs.created, 'one peer connection for the whole call').to.equal(1);
      expect(pcs.open(), 'open peer connections after the hang-up').to.have.length(0);
      expect(agents.sessions(), 'sessions the user agent still holds').to.equal(0);
      expect(tracks.live(appStream.getTracks()), 'live tracks the connector captured').to.have.length(0);
      expect(end.listeners, 'connector listeners').to.equal(base.listeners);
      expect(
        grown(base.dom, end.dom),
        "DOM listeners on live targets (the current WebSocket's four are in the baseline)",
      ).to.deep.equal([]);
      expect(grown(base.timers, end.timers), 'timers beyond the baseline').to.deep.equal([]);
    } finally {
      await connector.dispose();
      appStream.getTracks().forEach((t) => t.stop());
      timers.uninstall();
      listeners.uninstall();
      tracks.uninstall();
      agents.uninstall();
    }
  });
});
