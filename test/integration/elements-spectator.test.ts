/**
 * <vinteo-call> moved to the spectators by the local Vinteo server: the microphone really goes silent, the button
 * says "Unmute", and the media state the server gets (`x-vinteo-mic-state`) agrees; back to participant, all return.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { VinteoCallElement, VinteoConnectorElement } from '../../components/index.js';
import { waitUntil } from '../support/media.js';
import { type ServerInfo, vinteoServer } from '../support/server.js';

let server: ServerInfo;

async function mediaStates(since: number): Promise<string[]> {
  const infos = await vinteoServer.requests({ method: 'INFO', since });
  const header = (r: { headers: Record<string, string> }, name: string) =>
    Object.entries(r.headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return infos
    .filter((r) => r.fromUser === 'alice' && header(r, 'x-vinteo-mic-state') !== undefined)
    .map((r) => `mic ${header(r, 'x-vinteo-mic-state')} cam ${header(r, 'x-vinteo-maincam-state')}`);
}

describe('<vinteo-call> as a spectator (local Vinteo server)', function () {
  this.timeout(40_000);

  before(async () => {
    server = await vinteoServer.info();
  });

  afterEach(async () => {
    document.querySelectorAll('vinteo-connector').forEach((el) => el.remove());
    await vinteoServer.reset();
  });

  it('moved to the spectators: silent, "Unmute", x-vinteo-mic-state 0; back: the user’s switches and mic-state 1', async () => {
    const host = await fixture<VinteoConnectorElement>(html`
      <vinteo-connector server=${server.wsUrl} domain=${server.domain} user="alice" display-name="Alice Smith" register>
        <vinteo-call target="2000"></vinteo-call>
      </vinteo-connector>`);
    host.password = 'alice-secret';
    await host.connect();
    const call = host.querySelector('vinteo-call') as VinteoCallElement;
    await call.call();
    await waitUntil(() => call.getAttribute('room-status') === 'in-room', 'in the room', 15_000);
    const since = Date.now();
    await vinteoServer.setRole({ user: 'alice', role: 'spectator' });
    await waitUntil(() => call.getAttribute('phase') === 'spectator', 'phase="spectator"');
    await call.updateComplete;
    const mic = call.shadowRoot?.querySelector('[part~="mic-button"]') as HTMLButtonElement;
    expect([mic.textContent, mic.disabled, mic.getAttribute('aria-pressed')]).to.deep.equal(['Unmute', true, 'false']);
    const sent = call.connector?.localStream?.getAudioTracks() ?? [];
    expect(sent.length === 1 && !sent[0].enabled, 'the microphone track sends silence').to.equal(true);
    await waitUntil(async () => (await mediaStates(since)).length === 1, 'the media state INFO');
    expect(await mediaStates(since)).to.deep.equal(['mic 0 cam 0']);
    await vinteoServer.setRole({ user: 'alice', role: 'participant' });
    await waitUntil(() => call.getAttribute('phase') === 'in-room', 'back in the room');
    await waitUntil(async () => (await mediaStates(since)).length === 2, 'the second media state INFO');
    expect((await mediaStates(since))[1]).to.equal('mic 1 cam 1');
    expect(call.connector?.micEnabled).to.equal(true);
  });
});
