import { expect } from '@open-wc/testing';
import { dtmfRelayBody, parseDtmfRelay, parseTones } from '../../src/call/dtmf.js';
import { causeForStatus, errorForStatus } from '../../src/call/end-cause.js';
import { inviteHeaders, targetUri } from '../../src/call/invite-headers.js';
import { orderCodecs } from '../../src/media/local-media.js';
import { OfferQueue, RequestPendingError } from '../../src/call/offer-queue.js';
import { AuthenticationError, CallRejectedError, InvalidStateError, VinteoError } from '../../src/errors.js';
import { getHeader } from '../../src/util/headers.js';
import { atLeast, logs, redact, type LogLevel } from '../../src/util/logger.js';
import { StateMachine } from '../../src/util/state-machine.js';

describe('INVITE headers', () => {
  it('sends mic/camera state and the purgatory flag for guests, in order', () => {
    expect(
      inviteHeaders({
        micEnabled: true,
        cameraEnabled: false,
        registered: false,
        sessionId: 's1',
        presentationCall: true,
        remoteAddress: '1.2.3.4',
        extraHeaders: ['X-App: a'],
      }),
    ).to.deep.equal([
      'X-Vinteo-Mic-State: 1',
      'X-Vinteo-MainCam-State: 0',
      'X-Vinteo-Purgatory-Call: yes',
      'X-Vinteo-Session: s1',
      'X-Vinteo-Presentation-Call: yes',
      'X-Vinteo-Remote: 1.2.3.4',
      'X-App: a',
    ]);
    expect(inviteHeaders({ micEnabled: false, cameraEnabled: true, registered: true })).to.deep.equal([
      'X-Vinteo-Mic-State: 0',
      'X-Vinteo-MainCam-State: 1',
    ]);
  });

  it('builds target URIs and rejects garbage', () => {
    expect(targetUri('1000', 'vinteo.test')).to.equal('sip:1000@vinteo.test');
    expect(targetUri('bob@other.org', 'vinteo.test')).to.equal('sip:bob@other.org');
    expect(targetUri('sip:x@y', 'd')).to.equal('sip:x@y');
    expect(() => targetUri('a b', 'd')).to.throw(VinteoError);
    expect(() =>
      inviteHeaders({ micEnabled: true, cameraEnabled: true, registered: true, extraHeaders: ['bad header'] }),
    ).to.throw(VinteoError);
  });

  it('accepts plain targets, hosts, IPs, ports, IPv6 and the allowed parameters', () => {
    expect(targetUri(' 1000 ', 'd')).to.equal('sip:1000@d');
    expect(targetUri('+7(495)123-45-67', 'd')).to.equal('sip:+7(495)123-45-67@d');
    expect(targetUri('alice.smith_1', 'd')).to.equal('sip:alice.smith_1@d');
    expect(targetUri('SIP:x@Host.Example.org', 'd')).to.equal('sip:x@Host.Example.org');
    expect(targetUri('sips:x@host:5061', 'd')).to.equal('sips:x@host:5061');
    expect(targetUri('x@127.0.0.1:5060', 'd')).to.equal('sip:x@127.0.0.1:5060');
    expect(targetUri('x@[::1]:5060', 'd')).to.equal('sip:x@[::1]:5060');
    expect(targetUri('sip:conference.example.org', 'd')).to.equal('sip:conference.example.org');
    expect(targetUri('x@host;transport=tcp', 'd')).to.equal('sip:x@host;transport=tcp');
    expect(targetUri('sip:+74951234567@host;user=phone;transport=WSS', 'd')).to.equal(
      'sip:+74951234567@host;user=phone;transport=WSS',
    );
    expect(targetUri('a%20b@host', 'd')).to.equal('sip:a%20b@host');
  });

  it('refuses URI headers, other parameters, passwords, bad hosts and control characters with invalid-argument, never echoing the target', () => {
    const refused = [
      'sip:x@host?X-Injected=1',
      'x@host;transport=tcp?Subject=hello',
      'x@host?Replaces=abc',
      '1000?',
      '?',
      'x@host;maddr=10.0.0.1',
      'x@host;method=BYE',
      'x@host;lr',
      'x@host;transport=sctp',
      'x@host;transport',
      'x@host;user=phone;user=ip',
      'x@host;transport=tcp=1',
      'x@host;',
      '1000;transport=tcp',
      'sip:x:secret-password@host',
      'x:secret-password@host',
      '<sip:x@host>',
      'x@host>',
      'x@"host"',
      'x\r\nVia: evil@host',
      'x@host\r\nX-Evil: 1',
      'x\n@host',
      'x\u0000@host',
      'x\u007f@host',
      'a b@host',
      'x\t@host',
      'x@host@other',
      'x@',
      '@host',
      'sip:',
      'sip:@host',
      'x@-host',
      'x@ho_st',
      'x@host:0',
      'x@host:70000',
      'x@host:port',
      'x@[zz::1]',
      'tel:+123',
      'x%0D%0AVia@host',
      'x%7f@host',
      '',
      '   ',
    ];
    for (const target of refused) {
      let caught: unknown;
      try {
        targetUri(target, 'vinteo.test');
      } catch (error) {
        caught = error;
      }
      expect(caught, JSON.stringify(target)).to.be.instanceOf(VinteoError);
      expect((caught as VinteoError).code, JSON.stringify(target)).to.equal('invalid-argument');
      expect((caught as Error).message).not.to.contain('secret-password');
      if (target.trim().length > 3)
        expect((caught as Error).message, JSON.stringify(target)).not.to.contain(target.trim());
    }
    expect(() => targetUri(42 as unknown as string, 'd')).to.throw(VinteoError);
  });
});

describe('DTMF', () => {
  it('validates tones and round-trips the dtmf-relay body', () => {
    expect(parseTones('12#*a')).to.deep.equal(['1', '2', '#', '*', 'A']);
    expect(() => parseTones('1x')).to.throw(VinteoError);
    expect(() => parseTones('')).to.throw(VinteoError);
    expect(parseDtmfRelay(dtmfRelayBody('#', 120))).to.deep.equal({ tone: '#', duration: 120 });
    expect(parseDtmfRelay('Signal=11\r\nDuration=100')).to.deep.equal({ tone: '#', duration: 100 });
    expect(parseDtmfRelay('garbage')).to.equal(undefined);
  });
});

describe('call end causes', () => {
  it('maps SIP statuses to causes and typed errors', () => {
    expect(causeForStatus(486)).to.equal('busy');
    expect(causeForStatus(404)).to.equal('not-found');
    expect(causeForStatus(603)).to.equal('rejected');
    expect(causeForStatus(487)).to.equal('canceled');
    expect(errorForStatus(403, 'Forbidden')).to.be.instanceOf(AuthenticationError);
    expect(errorForStatus(486, 'Busy Here').code).to.equal('busy');
  });
});

describe('codec preferences', () => {
  it('puts preferred codecs first and removes excluded ones', () => {
    const codecs = [
      { mimeType: 'video/H264' },
      { mimeType: 'video/VP9' },
      { mimeType: 'video/VP8' },
      { mimeType: 'video/rtx' },
    ];
    expect(orderCodecs(codecs, ['video/vp8'], ['video/H264']).map((c) => c.mimeType)).to.deep.equal([
      'video/VP8',
      'video/VP9',
      'video/rtx',
    ]);
  });
});

describe('offer queue', () => {
  it('runs jobs one at a time in order', async () => {
    const queue = new OfferQueue();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`start ${name}`);
      await Promise.resolve();
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([queue.run(job('a')), queue.run(job('b'))]);
    expect(results).to.deep.equal(['a', 'b']);
    expect(log).to.deep.equal(['start a', 'end a', 'start b', 'end b']);
  });

  it('retries a 491 and gives up after maxRetries; a failure does not block later jobs', async () => {
    const queue = new OfferQueue({ retryDelayMs: () => 0, maxRetries: 2 });
    let attempts = 0;
    const result = await queue.run(async () => {
      if (++attempts < 3) throw new RequestPendingError();
      return 'ok';
    });
    expect(result).to.equal('ok');
    let failed = 0;
    await queue
      .run(async () => {
        failed++;
        throw new RequestPendingError();
      })
      .catch(() => undefined);
    expect(failed).to.equal(3);
    expect(await queue.run(async () => 'after')).to.equal('after');
    queue.close();
    let rejected: unknown;
    await queue
      .run(async () => 'x')
      .catch((error) => {
        rejected = error;
      });
    expect(rejected, 'a closed queue').to.be.instanceOf(InvalidStateError);
  });

  it('a 491 on every retry ends in a typed rejected error with status 491, after the RFC delays on the injected timer', async () => {
    const delays: number[] = [];
    const setTimer = ((fn: () => void, ms?: number) => {
      delays.push(ms ?? 0);
      queueMicrotask(fn);
      return 0;
    }) as unknown as typeof setTimeout;
    let delayIndex = 0;
    const queue = new OfferQueue({ retryDelayMs: () => 2100 + 100 * delayIndex++, maxRetries: 3, setTimer });
    let attempts = 0;
    const last = new RequestPendingError();
    let caught: unknown;
    await queue
      .run(async () => {
        attempts++;
        throw attempts === 4 ? last : new RequestPendingError();
      })
      .catch((error) => {
        caught = error;
      });
    expect(attempts, 'the first try and three retries').to.equal(4);
    expect(delays).to.deep.equal([2100, 2200, 2300]);
    expect(caught).to.be.instanceOf(CallRejectedError);
    expect((caught as CallRejectedError).code).to.equal('rejected');
    expect((caught as CallRejectedError).statusCode).to.equal(491);
    expect((caught as Error).message).to.equal('The far end kept answering 491 Request Pending');
    expect((caught as Error).cause).to.equal(last);
    let other: unknown;
    await queue
      .run(async () => {
        throw new CallRejectedError('rejected', 'Renegotiation refused: 488', { statusCode: 488 });
      })
      .catch((error) => {
        other = error;
      });
    expect((other as VinteoError).statusCode, 'other refusals pass through unchanged, not retried').to.equal(488);
    expect(delays).to.have.length(3);
  });
});

describe('small utilities', () => {
  it('state machine refuses transitions that are not in the table', () => {
    const seen: string[] = [];
    const machine = new StateMachine<'a' | 'b' | 'c'>('a', { a: ['b'], b: ['c'], c: [] }, (s, p) =>
      seen.push(`${p}>${s}`),
    );
    expect(machine.to('c')).to.equal(false);
    expect(machine.to('b')).to.equal(true);
    expect(machine.to('c')).to.equal(true);
    expect(seen).to.deep.equal(['a>b', 'b>c']);
  });

  it('looks headers up case-insensitively and treats blanks as absent', () => {
    expect(getHeader({ 'X-Vinteo-Notify': '{"a":1}', Empty: '  ' }, 'x-vinteo-notify')).to.equal('{"a":1}');
    expect(getHeader({ Empty: '  ' }, 'empty')).to.equal(undefined);
  });

  it('a leveled log sink passes on its level and above, and says so before a costly line is built', () => {
    const seen: LogLevel[] = [];
    const sink = atLeast((level) => void seen.push(level), 'info');
    for (const level of ['debug', 'info', 'warn', 'error'] as const) sink(level, 'x');
    expect(seen).to.deep.equal(['info', 'warn', 'error']);
    expect([logs(sink, 'debug'), logs(sink, 'info')]).to.deep.equal([false, true]);
    expect(atLeast(sink, 'info'), 'the same level again: the same sink').to.equal(sink);
    expect(
      logs(() => undefined, 'debug'),
      'a plain sink takes everything',
    ).to.equal(true);
  });

  it('redacts digest responses and bearer tokens from logs', () => {
    const text =
      'Authorization: Digest username="alice", nonce="abc", response="deadbeef"\r\nx-bearer-token: eyJ.abc.def\r\n';
    const out = redact(text);
    expect(out).not.to.contain('deadbeef');
    expect(out).not.to.contain('eyJ.abc.def');
    expect(out).to.contain('username="alice"');
  });
});
