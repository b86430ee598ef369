/**
 * In-dialog SIP INFO both ways between the connector and a far end that prints exactly what it saw: sipp
 * (test/interop/sipp/uas-info.xml) behind Kamailio, media through rtpengine. The far end answers, sends an INFO
 * with custom headers, waits for one INFO from the browser, then for the BYE.
 */
import { expect } from '@open-wc/testing';
import { VinteoConnector } from '../../src/connector.js';
import { getHeader } from '../../src/util/headers.js';
import type { InfoMessage } from '../../src/types.js';
import { fakeMedia, waitUntil } from '../support/media.js';
import { interop } from './stack-client.js';

interface SippMessage {
  direction: 'sent' | 'received';
  firstLine: string;
  method?: string;
  status?: number;
  headers: Array<[string, string]>;
  body: string;
}
interface SippLog {
  messages: SippMessage[];
  exit: { code: number | null } | null;
}
interface SippResult {
  code: number | null;
  signal: string | null;
  killed: boolean;
  messages: SippMessage[];
  output: string;
}

/** Every value of a header in a sipp message (names compared case-insensitively, as SIP does). */
function values(message: SippMessage, name: string): string[] {
  return message.headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
}

/** The first message sipp logged with this method (or status) in this direction. */
async function sippSaw(
  direction: SippMessage['direction'],
  what: string | number,
  timeoutMs = 10_000,
): Promise<SippMessage> {
  return waitUntil(
    async () => {
      const log = await interop<SippLog>('sippLog');
      if (log.exit) throw new Error(`sipp ended (exit ${log.exit.code}) before it ${direction} ${what}`);
      return log.messages.find(
        (m) => m.direction === direction && (typeof what === 'number' ? m.status === what : m.method === what),
      );
    },
    `sipp to have ${direction} ${what}`,
    timeoutMs,
  );
}

describe('interop: in-dialog INFO with sipp behind Kamailio', function () {
  this.timeout(60_000);
  let stack: { wsUrl: string; domain: string };
  let connector: VinteoConnector | undefined;
  let stream: MediaStream | undefined;

  before(async () => {
    stack = await interop('start');
  });

  afterEach(async () => {
    await connector?.dispose();
    connector = undefined;
    stream?.getTracks().forEach((t) => t.stop());
    stream = undefined;
    // Kills sipp only if it is still running (a failed test); a finished scenario has exited by itself.
    const leftover = await interop<SippResult | null>('sippStop');
    if (leftover?.killed) console.log(`sipp had to be stopped:\n${leftover.output.slice(-3000)}`);
  });

  it("INFO both ways: sipp's custom headers and body reach call:info; ours reach sipp exactly; BYE answered", async () => {
    await interop('sippStart', { scenario: 'uas-info.xml', timeoutS: 50 });
    const c = (connector = new VinteoConnector({ log: () => undefined }));
    await c.connect({
      server: stack.wsUrl,
      domain: stack.domain,
      register: true,
      user: 'alice',
      password: 'alice-secret',
    });
    const infos: InfoMessage[] = [];
    c.on('call:info', (message) => infos.push(message));
    stream = await fakeMedia();

    // The browser offers audio + video; sipp answers PCMU audio and rejects video with port 0.
    await c.startCall('sipp', { mediaStream: stream });
    expect(c.callState).to.equal('active');
    const invite = await sippSaw('received', 'INVITE');
    expect(invite.body).to.match(/^m=video /m);
    expect((await sippSaw('sent', 200)).body).to.match(/^m=video 0 /m);

    // (b) sipp → browser: the INFO as sipp sent it, compared with what the connector emitted.
    const sent = await sippSaw('sent', 'INFO');
    const [received] = await waitUntil(() => (infos.length ? infos : undefined), 'call:info from sipp', 10_000);
    expect(infos).to.have.length(1);
    expect(received.contentType).to.equal('application/vinteo.test');
    expect(received.body).to.equal(sent.body);
    expect(received.body.trim()).to.equal('{"from":"sipp","n":1}');
    expect(getHeader(received.headers, 'X-Vinteo-Test')).to.equal('hello');
    expect(received.headers['X-Vinteo-Test'], 'header name as received').to.equal('hello');
    expect(received.headers['X-Vinteo-Conference-ID'], 'header name as received (not re-capitalised)').to.equal(
      'conf-42; lang=ru',
    );
    await sippSaw('received', 200);

    // (a) browser → sipp: Content-Type, custom header and body exactly as given to sendInfo.
    const body = JSON.stringify({ channels: [{ id: 1, name: 'main' }], note: 'тест' });
    const response = await c.sendInfo('application/vinteo.webrtc.channels', body, [
      'X-Vinteo-Something: value; with=params',
      'X-Second: 2',
    ]);
    expect(response.statusCode).to.equal(200);
    const info = await sippSaw('received', 'INFO');
    expect(values(info, 'Content-Type')).to.deep.equal(['application/vinteo.webrtc.channels']);
    expect(values(info, 'X-Vinteo-Something')).to.deep.equal(['value; with=params']);
    expect(values(info, 'X-Second')).to.deep.equal(['2']);
    expect(info.body).to.equal(body);
    expect(values(info, 'Content-Length')).to.deep.equal([String(new TextEncoder().encode(body).length)]);

    // Hang up: sipp sees the BYE, answers 200 and finishes its one call successfully (exit code 0).
    const ended = c.wait('call:ended', 10_000);
    await c.hangUp();
    expect((await ended).originator).to.equal('local');
    await sippSaw('received', 'BYE');
    const result = await interop<SippResult>('sippStop', { waitMs: 5000 });
    expect(result.killed, result.output.slice(-2000)).to.equal(false);
    expect(result.code, result.output.slice(-2000)).to.equal(0);
    const afterBye = result.messages.slice(result.messages.findIndex((m) => m.method === 'BYE'));
    expect(
      afterBye.some((m) => m.direction === 'sent' && m.status === 200 && /BYE/.test(values(m, 'CSeq')[0] ?? '')),
    ).to.equal(true);
  });
});
