/** The elements with the real connector against the local Vinteo server: what a page author gets. */
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { VinteoCallElement, VinteoConnectorElement, VinteoDialpadElement } from '../../components/index.js';
import { waitUntil } from '../support/media.js';
import { vinteoServer } from '../support/server.js';

let server: { wsUrl: string; domain: string };

function shadowButton(el: Element, part: string): HTMLButtonElement {
  const button = el.shadowRoot?.querySelector<HTMLButtonElement>(`[part~="${part}"]`);
  if (!button) throw new Error(`no ${part} in ${el.tagName}`);
  return button;
}

async function mount(extra = '') {
  const host = await fixture<VinteoConnectorElement>(html`
    <vinteo-connector server=${server.wsUrl} domain=${server.domain} display-name="Element Test" auto-connect>
      <vinteo-call target="1000"></vinteo-call>
      <vinteo-dialpad></vinteo-dialpad>
    </vinteo-connector>`);
  void extra;
  await waitUntil(() => host.state === 'connected', 'the connector to connect');
  return {
    host,
    call: host.querySelector('vinteo-call') as VinteoCallElement,
    pad: host.querySelector('vinteo-dialpad') as VinteoDialpadElement,
  };
}

describe('<vinteo-call> against the local Vinteo server', function () {
  this.timeout(40_000);

  before(async () => {
    server = await vinteoServer.info();
    await vinteoServer.reset();
  });

  afterEach(async () => {
    document.querySelectorAll('vinteo-connector').forEach((el) => el.remove());
    await vinteoServer.reset();
  });

  it('calls with one click; remote video renders frames and sound plays; hang-up cleans up', async () => {
    const { call } = await mount();
    const states: string[] = [];
    call.addEventListener('vinteo-call-state-change', (e) => states.push(e.detail.state));
    shadowButton(call, 'call-button').click();
    await waitUntil(() => call.getAttribute('state') === 'active', 'state="active"', 15_000);
    const remote = call.shadowRoot?.querySelector('[part="remote-video"]') as HTMLVideoElement;
    await waitUntil(
      () => remote.videoWidth > 0 && !remote.paused && (remote.srcObject as MediaStream).getAudioTracks().length === 1,
      'remote video to render with sound',
      15_000,
    );
    const local = (call.connector?.localStream as MediaStream).getTracks();
    const ended = new Promise((resolve) => call.addEventListener('vinteo-call-ended', resolve, { once: true }));
    shadowButton(call, 'hangup-button').click();
    await ended;
    expect(call.getAttribute('state')).to.equal('idle');
    expect(local.every((t) => t.readyState === 'ended')).to.equal(true);
    expect(states).to.include.members(['calling', 'active', 'idle']);
    expect(await vinteoServer.requests({ method: 'BYE' })).to.have.length(1);
  });

  it('mic and camera toggles mute the real tracks and reflect attributes', async () => {
    const { call } = await mount();
    await call.call();
    await waitUntil(() => call.state === 'active', 'active call');
    shadowButton(call, 'mic-button').click();
    await call.updateComplete;
    expect(call.hasAttribute('muted')).to.equal(true);
    expect(shadowButton(call, 'mic-button').getAttribute('aria-pressed')).to.equal('false');
    expect(call.connector?.localStream?.getAudioTracks()[0].enabled).to.equal(false);
    shadowButton(call, 'camera-button').click();
    await call.updateComplete;
    expect(call.hasAttribute('camera-off')).to.equal(true);
    call.toggleMic();
    call.toggleCamera();
  });

  it('the dialpad sends DTMF the server receives', async () => {
    const { call, pad } = await mount();
    await call.call();
    await waitUntil(() => call.state === 'active', 'active call');
    await pad.updateComplete;
    pad.dtmfMode = 'info';
    await pad.press('4');
    await waitUntil(
      async () => (await vinteoServer.dialogs()).some((d) => d.infoDigits.join('') === '4'),
      'server to get DTMF 4',
    );
  });

  it('shows an incoming call and answers it with a click', async () => {
    const host = await fixture<VinteoConnectorElement>(html`
      <vinteo-connector server=${server.wsUrl} domain=${server.domain} user="carol" register>
        <vinteo-call></vinteo-call>
      </vinteo-connector>`);
    host.password = 'carol-secret';
    await host.connect();
    expect(host.state).to.equal('registered');
    expect(host.outerHTML).not.to.contain('carol-secret');
    const call = host.querySelector('vinteo-call') as VinteoCallElement;
    const incoming = new Promise<CustomEvent>((resolve) =>
      call.addEventListener('vinteo-incoming-call', resolve as never, { once: true }),
    );
    await vinteoServer.callUser({ user: 'carol', from: 'alice', displayName: 'Alice' });
    expect((await incoming).detail.caller.user).to.equal('alice');
    await call.updateComplete;
    expect(call.shadowRoot?.querySelector('[part="incoming"]')?.textContent).to.contain('Alice');
    shadowButton(call, 'answer-button').click();
    await waitUntil(() => call.state === 'active', 'answered call', 15_000);
    const remote = call.shadowRoot?.querySelector('[part="remote-video"]') as HTMLVideoElement;
    await waitUntil(() => remote.videoWidth > 0, 'remote video after answering', 15_000);
  });

  it('a wrong password shows the error and fires vinteo-error once', async () => {
    const host = await fixture<VinteoConnectorElement>(
      html`<vinteo-connector server=${server.wsUrl} user="alice" register></vinteo-connector>`,
    );
    host.password = 'wrong-password-123';
    const errors: string[] = [];
    host.addEventListener('vinteo-error', (e) => errors.push(e.detail.code));
    await host.connect().catch(() => undefined);
    await host.updateComplete;
    expect(errors).to.deep.equal(['authentication-failed']);
    expect(host.shadowRoot?.querySelector('[part="status"]')?.textContent).to.match(/password/i);
    expect(host.shadowRoot?.innerHTML).not.to.contain('wrong-password-123');
  });
});
