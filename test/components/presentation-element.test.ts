/** <vinteo-presentation> and the content layout of <vinteo-call>, with the FakeConnector. */
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { VinteoCallElement, VinteoPresentationElement } from '../../components/index.js';
import { createFakeStream, FakeConnector } from '../../src/testing/index.js';
import type { PresentationOptions } from '../../src/index.js';
import { collect, hasPart, part } from './helpers.js';
import { endableTrack } from '../support/media.js';

async function inCall() {
  const fake = new FakeConnector();
  await fake.connect({ server: 'wss://x.example/ws' });
  await fake.startCall('1000', { mediaStream: createFakeStream() });
  const el = await fixture<VinteoPresentationElement>(
    html`<vinteo-presentation .connector=${fake}></vinteo-presentation>`,
  );
  return { el, fake };
}

const screenTrack = () => createFakeStream({ audio: false }).getVideoTracks()[0];

describe('<vinteo-presentation>', () => {
  it('idle outside a call: the share button is disabled', async () => {
    const el = await fixture<VinteoPresentationElement>(
      html`<vinteo-presentation .connector=${new FakeConnector()}></vinteo-presentation>`,
    );
    expect(part<HTMLButtonElement>(el, 'share-button').disabled).to.equal(true);
    expect(el.getAttribute('state')).to.equal('idle');
    await expect(el).to.be.accessible();
  });

  it('shares the picked screen with the quality hints; preview, state and start event; stop sends the reason', async () => {
    const { el, fake } = await inCall();
    el.contentHint = 'text';
    el.maxBitrate = 500_000;
    el.maxWidth = 1280;
    el.maxHeight = 720;
    const screen = screenTrack();
    el.getDisplayMedia = async () => new MediaStream([screen]);
    const starts = collect<CustomEvent>(el, 'vinteo-presentation-start');
    const stops = collect<CustomEvent>(el, 'vinteo-presentation-stop');
    part<HTMLButtonElement>(el, 'share-button').click();
    await fake.wait('presentation:started', 2000);
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('active');
    expect(starts.events[0].detail.track).to.equal(screen);
    const [start] = fake.calls.filter((c) => c.method === 'startPresentation');
    const { source, ...hints } = start.args[1] as PresentationOptions;
    expect(hints).to.deep.equal({
      contentHint: 'text',
      maxBitrate: 500_000,
      maxResolution: { width: 1280, height: 720 },
    });
    expect(source, "the page's picker is handed to the connector, which captures").to.equal(el.getDisplayMedia);
    expect((part<HTMLVideoElement>(el, 'preview').srcObject as MediaStream).getVideoTracks()[0]).to.equal(screen);
    part<HTMLButtonElement>(el, 'stop-button').click();
    await fake.wait('presentation:ended', 2000);
    await el.updateComplete;
    expect(stops.events.map((e) => e.detail.reason)).to.deep.equal(['local']);
    expect(el.getAttribute('state')).to.equal('idle');
    expect(hasPart(el, 'preview')).to.equal(false);
    expect(screen.readyState, 'the captured screen is released').to.equal('ended');
  });

  it('a refused share shows why, fires vinteo-presentation-error and releases the screen', async () => {
    const { el, fake } = await inCall();
    fake.presentationPermission = 'refused';
    const screen = screenTrack();
    el.getDisplayMedia = async () => new MediaStream([screen]);
    const errors = collect<CustomEvent>(el, 'vinteo-presentation-error');
    await el.share();
    await el.updateComplete;
    expect(errors.events.map((e) => [e.detail.code, e.detail.reason])).to.deep.equal([
      ['presentation-refused', 'refused'],
    ]);
    expect(part(el, 'status').textContent).to.equal('The moderator did not allow sharing');
    expect(screen.readyState).to.equal('ended');
    expect(el.getAttribute('state')).to.equal('idle');
  });

  it('a cancelled screen picker is a media-permission error and nothing is started', async () => {
    const { el, fake } = await inCall();
    el.getDisplayMedia = async () => {
      throw new DOMException('Permission denied', 'NotAllowedError');
    };
    const errors = collect<CustomEvent>(el, 'vinteo-presentation-error');
    const started = collect<CustomEvent>(el, 'vinteo-presentation-start');
    await el.share();
    expect(errors.events.map((e) => e.detail.code)).to.deep.equal(['media-permission']);
    expect(started.events, 'nothing is started').to.have.length(0);
    expect(fake.presentation.state).to.equal('idle');
  });

  it('stops from outside carry their reason: the server, the browser button, the call end (Russian strings)', async () => {
    const { el, fake } = await inCall();
    el.lang = 'ru';
    const stops = collect<CustomEvent>(el, 'vinteo-presentation-stop');
    await el.share(screenTrack());
    fake.simulatePresentationMustStop();
    await fake.wait('presentation:ended', 2000);
    await el.updateComplete;
    expect(part(el, 'status').textContent).to.equal('Модератор остановил ваш показ');
    const second = endableTrack();
    await el.share(second.track);
    second.end(); // the browser's "Stop sharing" (a trusted ended)
    await fake.wait('presentation:ended', 2000);
    await el.share(screenTrack());
    await fake.hangUp();
    await el.updateComplete;
    expect(stops.events.map((e) => e.detail.reason)).to.deep.equal(['server', 'track-ended', 'call-ended']);
  });

  it('shows content others share while it is available, unless hide-content', async () => {
    const { el, fake } = await inCall();
    const content = createFakeStream({ audio: false });
    fake.simulateContent(content, 'VP8');
    await el.updateComplete;
    expect(el.hasAttribute('receiving')).to.equal(true);
    expect(part<HTMLVideoElement>(el, 'content').srcObject).to.equal(content);
    el.hideContent = true;
    await el.updateComplete;
    expect(hasPart(el, 'content')).to.equal(false);
    fake.simulateContent(undefined);
    await el.updateComplete;
    expect(el.hasAttribute('receiving')).to.equal(false);
  });

  it('a bad content-hint is reported and falls back to detail', async () => {
    const { el } = await inCall();
    const errors = collect<CustomEvent>(el, 'vinteo-error');
    el.setAttribute('content-hint', 'blurry');
    await el.updateComplete;
    expect(errors.events[0].detail.code).to.equal('invalid-attribute');
  });

  it('max-bitrate="-1", max-width="0", max-height="abc": invalid-attribute each, and the defaults are kept', async () => {
    const fake = new FakeConnector();
    await fake.connect({ server: 'wss://x.example/ws' });
    await fake.startCall('1000', { mediaStream: createFakeStream() });
    const { events, stop } = collect<CustomEvent>(document, 'vinteo-error');
    const el = await fixture<VinteoPresentationElement>(html`<vinteo-presentation .connector=${fake}
      max-bitrate="-1" max-width="0" max-height="abc"></vinteo-presentation>`);
    stop();
    expect(events.map((e) => e.detail.code)).to.deep.equal([
      'invalid-attribute',
      'invalid-attribute',
      'invalid-attribute',
    ]);
    const messages = events.map((e) => e.detail.message).join(' | ');
    expect(messages).to.contain('max-bitrate="-1"').and.contain('"1000000"');
    expect(messages).to.contain('max-width="0"').and.contain('max-height="abc"').and.contain('no limit');
    expect(part(el, 'error').textContent).to.contain('max-height');
    await el.share(screenTrack());
    const [start] = fake.calls.filter((c) => c.method === 'startPresentation');
    expect(start.args[1]).to.deep.equal({ contentHint: 'detail' });
  });

  it('a valid max-bitrate is no error; changing it to a bad value later is (Russian text with lang="ru")', async () => {
    const el =
      await fixture<VinteoPresentationElement>(html`<vinteo-presentation lang="ru" .connector=${new FakeConnector()} max-bitrate="2000000"
      max-width="1920" max-height="1080"></vinteo-presentation>`);
    expect(hasPart(el, 'error')).to.equal(false);
    const errors = collect<CustomEvent>(el, 'vinteo-error');
    el.setAttribute('max-width', '-10');
    await el.updateComplete;
    errors.stop();
    expect(errors.events.map((e) => e.detail.code)).to.deep.equal(['invalid-attribute']);
    expect(part(el, 'error').textContent).to.contain('max-width="-10"').and.contain('без ограничения');
  });
});

describe('<vinteo-call> with shared content', () => {
  it('lays content and camera out side by side, or content first; back to one video when it ends', async () => {
    const fake = new FakeConnector();
    const call = await fixture<VinteoCallElement>(html`<vinteo-call .connector=${fake} target="1000"></vinteo-call>`);
    call.mediaStream = createFakeStream();
    await call.call();
    const camera = createFakeStream();
    const content = createFakeStream({ audio: false });
    fake.simulateRemoteTracks([...camera.getTracks(), ...content.getTracks()]);
    fake.simulateContent(content, 'VP8');
    await call.updateComplete;
    const stage = part(call, 'stage');
    expect(stage.hasAttribute('data-content')).to.equal(true);
    expect(stage.getAttribute('data-layout')).to.equal('side-by-side');
    expect(part<HTMLVideoElement>(call, 'content-video').srcObject).to.equal(content);
    const main = part<HTMLVideoElement>(call, 'remote-video').srcObject as MediaStream;
    expect(
      main.getVideoTracks().map((t) => t.id),
      'the camera video stays in its own view',
    ).to.deep.equal(camera.getVideoTracks().map((t) => t.id));
    call.layout = 'content-first';
    await call.updateComplete;
    expect(stage.getAttribute('data-layout')).to.equal('content-first');
    fake.simulateContent(undefined);
    await call.updateComplete;
    expect(stage.hasAttribute('data-content')).to.equal(false);
    expect(hasPart(call, 'content-video')).to.equal(false);
  });
});
