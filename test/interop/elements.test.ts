/**
 * What a page author gets with a standard SIP server: <vinteo-connector> + <vinteo-call> against Kamailio,
 * rtpengine and baresip. Both ends report: the browser's stats and DOM, and baresip's own counters and call list.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { VinteoCallElement, VinteoConnectorElement } from '../../components/index.js';
import { rtpTotals, waitUntil } from '../support/media.js';
import { baresip, interop, type StackInfo } from './stack-client.js';

let stack: StackInfo;

function shadowButton(el: Element, part: string): HTMLButtonElement {
  const button = el.shadowRoot?.querySelector<HTMLButtonElement>(`[part~="${part}"]`);
  if (!button) throw new Error(`no ${part} in ${el.tagName}`);
  return button;
}

/** A registered <vinteo-connector user="alice"> holding one <vinteo-call>. */
async function mount(callAttributes: { target?: string; autoAnswer?: boolean } = {}): Promise<VinteoCallElement> {
  const host = await fixture<VinteoConnectorElement>(html`
    <vinteo-connector server=${stack.wsUrl} domain=${stack.domain} user="alice" register>
      <vinteo-call target=${callAttributes.target ?? ''} ?auto-answer=${callAttributes.autoAnswer ?? false}></vinteo-call>
    </vinteo-connector>`);
  host.password = 'alice-secret';
  expect(await host.connect()).to.equal(true);
  return host.querySelector('vinteo-call') as VinteoCallElement;
}

/** Audio both ways and video both ways, each proven at the end that receives it. */
async function mediaBothWays(call: VinteoCallElement): Promise<void> {
  const pc = call.connector?.peerConnection as RTCPeerConnection;
  await waitUntil(
    async () => {
      const t = await rtpTotals(pc);
      return t.inbound.audio.packets > 20 && t.outbound.audio.packets > 20 && (await baresip.view()).audioInBitrate > 0;
    },
    'audio both ways (browser stats and baresip receive rate)',
    20_000,
  );
  const remote = call.shadowRoot?.querySelector('[part="remote-video"]') as HTMLVideoElement;
  await waitUntil(() => remote.videoWidth > 0, "baresip's video rendered in the element", 20_000);
  await waitUntil(async () => (await baresip.view()).videoDecoded, 'baresip to decode our video', 20_000);
}

/** The call ended: element idle, peer connection closed, captured tracks stopped, baresip holds no call. */
async function cleanOnBothEnds(
  call: VinteoCallElement,
  pc: RTCPeerConnection,
  local: MediaStreamTrack[],
): Promise<void> {
  await waitUntil(() => call.state === 'idle', 'the element to return to idle');
  expect(pc.connectionState).to.equal('closed');
  expect(local.length).to.be.greaterThan(0);
  expect(
    local.filter((t) => t.readyState !== 'ended'),
    'live local tracks',
  ).to.deep.equal([]);
  await waitUntil(async () => (await baresip.view()).activeCalls === 0, 'baresip to hold no call');
}

function inCallHandles(call: VinteoCallElement) {
  return {
    pc: call.connector?.peerConnection as RTCPeerConnection,
    local: call.connector?.localStream?.getTracks() ?? [],
  };
}

describe('interop: <vinteo-call> with Kamailio + rtpengine + baresip', function () {
  this.timeout(60_000);

  before(async () => {
    stack = await interop('start');
  });

  beforeEach(() => baresip.reset());

  afterEach(() => {
    document.querySelectorAll('vinteo-connector').forEach((el) => el.remove());
  });

  it('calls baresip with one click: audio and video both ways; hang-up button leaves both ends clean', async () => {
    const call = await mount({ target: 'baresip' });
    shadowButton(call, 'call-button').click();
    await waitUntil(() => call.state === 'active', 'state="active"', 15_000);
    await mediaBothWays(call);
    const { pc, local } = inCallHandles(call);
    shadowButton(call, 'hangup-button').click();
    await cleanOnBothEnds(call, pc, local);
  });

  it('auto-answers a call from baresip; media flows; baresip hangs up and both ends are clean', async () => {
    const call = await mount({ autoAnswer: true });
    const incoming = new Promise<CustomEvent>((resolve) =>
      call.addEventListener('vinteo-incoming-call', resolve as never, { once: true }),
    );
    await baresip.command('dial', `sip:alice@${stack.domain}`);
    expect((await incoming).detail.caller.user).to.equal('baresip');
    await waitUntil(() => call.state === 'active', 'auto-answered call', 15_000);
    await mediaBothWays(call);
    const { pc, local } = inCallHandles(call);
    const ended = new Promise<CustomEvent>((resolve) =>
      call.addEventListener('vinteo-call-ended', resolve as never, { once: true }),
    );
    await baresip.command('hangup');
    expect((await ended).detail.originator).to.equal('remote');
    await cleanOnBothEnds(call, pc, local);
  });

  it('answers a call from baresip with a click; media flows; hang-up button leaves both ends clean', async () => {
    const call = await mount();
    await baresip.command('dial', `sip:alice@${stack.domain}`);
    await waitUntil(() => call.state === 'ringing', 'the element to ring', 10_000);
    await call.updateComplete;
    shadowButton(call, 'answer-button').click();
    await waitUntil(() => call.state === 'active', 'answered call', 15_000);
    await mediaBothWays(call);
    const { pc, local } = inCallHandles(call);
    shadowButton(call, 'hangup-button').click();
    await cleanOnBothEnds(call, pc, local);
  });
});
