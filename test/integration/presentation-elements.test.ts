/**
 * Screen sharing as a page author gets it: two pages' worth of elements in one conference of the local emulator.
 * A shares with <vinteo-presentation>; B's <vinteo-call> shows the content next to the conference video, whose
 * frames keep decoding; A stops and B's layout returns to one video.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { VinteoCallElement, VinteoConnectorElement, VinteoPresentationElement } from '../../components/index.js';
import { canvasTrack, fakeMedia, rtpTotals, waitUntil } from '../support/media.js';
import { type ServerInfo, vinteoServer } from '../support/server.js';

let server: ServerInfo;
const streams: MediaStream[] = [];

async function participant(user: string) {
  const host = await fixture<VinteoConnectorElement>(html`
    <vinteo-connector server=${server.wsUrl} domain=${server.domain} api-url=${server.apiUrl} user=${user} display-name=${user} register>
      <vinteo-call target="3000"></vinteo-call>
      <vinteo-presentation hide-content></vinteo-presentation>
    </vinteo-connector>`);
  host.password = `${user}-secret`;
  expect(await host.connect()).to.equal(true);
  const call = host.querySelector('vinteo-call') as VinteoCallElement;
  const presentation = host.querySelector('vinteo-presentation') as VinteoPresentationElement;
  const mic = await fakeMedia({ audio: true });
  call.mediaStream = new MediaStream([...mic.getAudioTracks(), canvasTrack(user === 'alice' ? '#a33' : '#33a')]);
  streams.push(mic, call.mediaStream);
  await call.call();
  await waitUntil(() => call.getAttribute('room-status') === 'in-room', `${user} in the room`, 15_000);
  return { call, presentation };
}

const video = (el: Element, part: string) => el.shadowRoot?.querySelector<HTMLVideoElement>(`[part~="${part}"]`);

describe('screen sharing between two participants (elements, local emulator)', function () {
  this.timeout(60_000);

  before(async () => {
    server = await vinteoServer.info();
    await vinteoServer.reset();
  });

  after(async () => {
    document.querySelectorAll('vinteo-connector').forEach((el) => el.remove());
    streams.splice(0).forEach((s) => s.getTracks().forEach((t) => t.stop()));
    await vinteoServer.reset();
  });

  it('A shares, B sees the content decoded beside the camera video; A stops and B is back to one video', async () => {
    const a = await participant('alice');
    const b = await participant('bob');
    const pcB = b.call.connector?.peerConnection as RTCPeerConnection;
    await waitUntil(async () => (await rtpTotals(pcB)).inbound.video.framesDecoded > 5, "A's camera at B", 15_000);
    const started = new Promise((resolve) =>
      a.presentation.addEventListener('vinteo-presentation-start', resolve, { once: true }),
    );
    await a.presentation.share(canvasTrack('#3c3'));
    await started;
    expect(a.presentation.getAttribute('state')).to.equal('active');
    await waitUntil(
      () => b.call.shadowRoot?.querySelector('[part="stage"]')?.hasAttribute('data-content'),
      "content in B's layout",
      15_000,
    );
    await waitUntil(() => (video(b.call, 'content-video')?.videoWidth ?? 0) > 0, "A's screen decoded at B", 15_000);
    const before = (await rtpTotals(pcB)).inbound.video.framesDecoded;
    await waitUntil(
      async () => (await rtpTotals(pcB)).inbound.video.framesDecoded > before + 20,
      'camera and content frames keep decoding at B',
    );
    const stopped = new Promise<CustomEvent>((resolve) =>
      a.presentation.addEventListener('vinteo-presentation-stop', resolve as never, { once: true }),
    );
    await a.presentation.stop();
    expect((await stopped).detail.reason).to.equal('local');
    await waitUntil(
      () => !b.call.shadowRoot?.querySelector('[part="stage"]')?.hasAttribute('data-content'),
      "B's layout back to one video",
      10_000,
    );
    expect(video(b.call, 'content-video')).to.equal(null);
    await waitUntil(() => (video(b.call, 'remote-video')?.videoWidth ?? 0) > 0, "A's camera still rendered at B");
    const mainView = video(b.call, 'remote-video')?.srcObject as MediaStream;
    expect(
      mainView
        .getVideoTracks()
        .map((t) => t.id)
        .some((id) => id.includes('dual')),
      'the stopped content line is not in the camera view',
    ).to.equal(false);
  });
});
