/**
 * Memory: call/hang-up cycles with the real connector (and with <vinteo-call>) against the local Vinteo server leave
 * nothing behind — peer connections, tracks we captured, listeners (connector, DOM, sip.js) and timers. The probes
 * (probes.ts) record where each registration came from, so a failure names the code that leaked.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/call/vinteo-call.js';
import type { VinteoCallElement } from '../../components/index.js';
import { VinteoConnector } from '../../src/connector.js';
import { fakeMedia, rtpTotals, waitUntil } from '../support/media.js';
import { type ServerInfo, vinteoServer } from '../support/server.js';
import {
  collectGarbage,
  describeTarget,
  installEmitterProbe,
  installListenerProbe,
  installTimerProbe,
  installTrackProbe,
  installUserAgentProbe,
  isTransactionTimer,
  peerConnectionProbe,
  stillAlive,
  tally,
  type EmitterProbe,
  type ListenerProbe,
  type TimerProbe,
  type TrackProbe,
  type UserAgentProbe,
} from './probes.js';

const CYCLES = 100;
const ELEMENT_CYCLES = 20;

let server: ServerInfo;
let timers: TimerProbe;
let listeners: ListenerProbe;
let emitters: EmitterProbe;
let tracks: TrackProbe;
let agents: UserAgentProbe;

/** What a connector holds on to, in counts, with the origins of the DOM listeners and timers. */
function footprint(connector: VinteoConnector) {
  const live = timers.live();
  const ours = [...live.timeouts, ...live.intervals].filter((t) => !isTransactionTimer(t));
  return {
    listeners: connector.listenerCount(),
    dom: listeners
      .live(stillAlive)
      .map((l) => `${describeTarget(l.target)} '${l.type}' from ${l.where.split(' < ')[0]}`),
    timers: ours.map((t) => `${t.ms} ms from ${t.where.split(' < ').slice(0, 2).join(' < ')}`),
    transactionTimers: live.timeouts.filter(isTransactionTimer),
  };
}

/** Lines present in `now` more often than in `before` (a readable diff of two origin lists). */
function grown(before: string[], now: string[]): string[] {
  const base = new Map(tally(before));
  return tally(now)
    .filter(([k, n]) => n > (base.get(k) ?? 0))
    .map(([k, n]) => `+${n - (base.get(k) ?? 0)} ${k}`);
}

async function inboundPackets(pc: RTCPeerConnection): Promise<number> {
  const t = await rtpTotals(pc);
  return t.inbound.audio.packets + t.inbound.video.packets;
}

describe('memory: call/hang-up cycles leave nothing behind', function () {
  this.timeout(240_000);

  before(async () => {
    server = await vinteoServer.info();
    timers = installTimerProbe();
    listeners = installListenerProbe();
    emitters = installEmitterProbe();
    tracks = installTrackProbe();
    agents = installUserAgentProbe();
  });

  after(() => {
    timers.uninstall();
    listeners.uninstall();
    emitters.uninstall();
    tracks.uninstall();
    agents.uninstall();
  });

  afterEach(() => vinteoServer.reset());

  it(`${CYCLES} calls with the connector: 0 open peer connections, 0 live tracks of ours, listeners and timers back to baseline (the app's own mediaStream stays live: the app owns it)`, async () => {
    const pcs = peerConnectionProbe();
    const connector = new VinteoConnector({ log: () => undefined, createPeerConnection: pcs.create });
    const appStream = await fakeMedia();
    try {
      await connector.connect({ server: server.wsUrl, domain: server.domain, iceServers: [] });
      const base = footprint(connector);
      const baseEmitters = new Map(emitters.emitters().map((e) => [e.emitter, e.count]));
      const remote: MediaStreamTrack[] = [];
      const started = performance.now();
      for (let i = 0; i < CYCLES; i++) {
        await connector.startCall('echo', { mediaStream: appStream });
        const pc = connector.peerConnection as RTCPeerConnection;
        await waitUntil(async () => (await inboundPackets(pc)) > 0, `inbound RTP in call ${i + 1}`, 10_000, 20);
        remote.push(...connector.remoteTracks);
        await connector.hangUp();
        expect(pcs.open(), `open peer connections after call ${i + 1}`).to.have.length(0);
        expect(connector.listenerCount(), `connector listeners after call ${i + 1}`).to.equal(base.listeners);
        expect(agents.sessions(), `sessions the user agent holds after call ${i + 1}`).to.equal(0);
      }
      const perCycle = (performance.now() - started) / CYCLES;
      // Chromium ends a closed peer connection's receiver tracks a moment after close(): wait for it (a bounded wait
      // that fails if they never end), then RemoteTracks' 'ended' listeners are gone with them.
      await waitUntil(
        () => remote.every((t) => t.readyState === 'ended'),
        "the last call's remote tracks to end",
        5000,
        10,
      );
      const end = footprint(connector);
      await collectGarbage();
      const reachable = pcs.reachable();
      console.log(
        `memory: ${CYCLES} calls, ${perCycle.toFixed(0)} ms per call; connector listeners ${base.listeners} → ${end.listeners}; ` +
          `DOM listeners on live targets ${base.dom.length} → ${end.dom.length}; our timers ${base.timers.length} → ${end.timers.length}; ` +
          `sip.js transaction timers ${end.transactionTimers.length} (≤ 32 s each); closed peer connections still reachable after GC ${reachable}/${pcs.created}`,
      );

      expect(pcs.created, 'one peer connection per call').to.equal(CYCLES);
      expect(pcs.open(), 'open peer connections after the last hang-up').to.have.length(0);
      expect(tracks.live(appStream.getTracks()), 'live tracks the connector captured or cloned').to.have.length(0);
      expect(remote, 'remote tracks seen (audio + video per call)').to.have.length.at.least(2 * CYCLES);
      expect(
        appStream.getTracks().every((t) => t.readyState === 'live'),
        "the app's own stream is never stopped",
      ).to.equal(true);
      expect(end.listeners, 'connector listeners').to.equal(base.listeners);
      expect(grown(base.dom, end.dom), 'DOM listeners on live targets, beyond the baseline').to.deep.equal([]);
      expect(
        grown(base.timers, end.timers),
        'timers beyond the baseline (keep-alive and wake check are the legit ones)',
      ).to.deep.equal([]);
      expect(
        end.transactionTimers.filter((t) => t.ms > 32_000),
        'sip.js transaction timers longer than 64·T1',
      ).to.deep.equal([]);
      const longLived = emitters.emitters().filter((e) => baseEmitters.has(e.emitter));
      expect(
        longLived.map((e) => e.count - (baseEmitters.get(e.emitter) ?? 0)).filter((d) => d !== 0),
        'listeners added to the user agent / transport emitters',
      ).to.deep.equal([]);
      // Peer connections stay reachable only while sip.js keeps their finished INVITE transaction (Timer M, 32 s), plus a
      // few that Blink itself still holds for a pending state-change task; anything retained by our code would add ~CYCLES.
      expect(reachable, 'closed peer connections reachable after GC').to.be.at.most(end.transactionTimers.length + 10);
    } finally {
      await connector.dispose();
      appStream.getTracks().forEach((t) => t.stop());
    }
  });

  it('a finished call leaves no listener on its sip.js session (CallManager adds stateChange listeners it never removes: +1 per call)', async () => {
    const connector = new VinteoConnector({ log: () => undefined });
    const appStream = await fakeMedia();
    try {
      await connector.connect({ server: server.wsUrl, domain: server.domain, iceServers: [] });
      const before = new Set(emitters.emitters().map((e) => e.emitter));
      for (let i = 0; i < 5; i++) {
        await connector.startCall('echo', { mediaStream: appStream });
        await connector.hangUp();
      }
      // sip.js keeps each finished Inviter reachable for Timer M (32 s), so its emitters are still here to be counted.
      const left = emitters.emitters().filter((e) => !before.has(e.emitter) && e.count > 0);
      expect(
        left.map((e) => `${e.count} listener(s) from ${e.where.split(' < ')[0]}`),
        'listeners left on finished sessions',
      ).to.deep.equal([]);
    } finally {
      await connector.dispose();
      appStream.getTracks().forEach((t) => t.stop());
    }
  });

  it(`${ELEMENT_CYCLES} calls by clicking <vinteo-call>'s buttons: the element's own camera released each time, nothing left behind`, async () => {
    const pcs = peerConnectionProbe();
    const connector = new VinteoConnector({ log: () => undefined, createPeerConnection: pcs.create });
    await connector.connect({ server: server.wsUrl, domain: server.domain, iceServers: [] });
    const el = await fixture<VinteoCallElement>(
      html`<vinteo-call target="echo" .connector=${connector}></vinteo-call>`,
    );
    const button = (part: string) => {
      const found = el.shadowRoot?.querySelector<HTMLButtonElement>(`[part~="${part}"]`);
      if (!found) throw new Error(`no ${part}`);
      return found;
    };
    try {
      await el.updateComplete;
      // The element captures through connector.devices, which from its first capture follows `devicechange` (one
      // listener for the connector's life, by design): start that before the baseline, so growth means a leak.
      await connector.devices.refresh();
      const base = footprint(connector);
      for (let i = 0; i < ELEMENT_CYCLES; i++) {
        button('call-button').click();
        await waitUntil(() => el.state === 'active' && connector.peerConnection, `call ${i + 1} active`, 10_000, 10);
        await waitUntil(
          async () => (await inboundPackets(connector.peerConnection as RTCPeerConnection)) > 0,
          `inbound RTP in call ${i + 1}`,
          10_000,
          20,
        );
        await el.updateComplete;
        button('hangup-button').click();
        await waitUntil(() => el.state === 'idle' && connector.callState === 'idle', `call ${i + 1} ended`, 10_000, 10);
        await el.updateComplete;
        expect(tracks.live(), `camera and microphone the element captured, after call ${i + 1}`).to.have.length(0);
        expect(pcs.open(), `open peer connections after call ${i + 1}`).to.have.length(0);
        expect(agents.sessions(), `sessions the user agent holds after call ${i + 1}`).to.equal(0);
      }
      await waitUntil(
        () => !listeners.live(stillAlive).some((l) => l.target instanceof MediaStreamTrack),
        "the last call's remote tracks to end",
        5000,
        10,
      );
      const end = footprint(connector);
      console.log(
        `memory: ${ELEMENT_CYCLES} element calls; connector listeners ${base.listeners} → ${end.listeners}; DOM listeners ${base.dom.length} → ${end.dom.length}; our timers ${base.timers.length} → ${end.timers.length}`,
      );
      expect(pcs.created).to.equal(ELEMENT_CYCLES);
      expect(end.listeners, "connector listeners (the element's subscriptions)").to.equal(base.listeners);
      expect(grown(base.dom, end.dom), 'DOM listeners on live targets, beyond the baseline').to.deep.equal([]);
      expect(grown(base.timers, end.timers), 'timers beyond the baseline').to.deep.equal([]);
    } finally {
      el.remove();
      await connector.dispose();
    }
  });
});
