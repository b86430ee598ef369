import { expect } from '@open-wc/testing';
import { Core } from 'sip.js';
import { getHeader, headersOf } from '../../src/util/headers.js';

/** An in-dialog INFO as a far end (here: sipp behind Kamailio) sends it, parsed by sip.js's own parser. */
function parse(lines: string[], body = ''): Core.IncomingRequestMessage {
  const data = [...lines, `Content-Length: ${body.length}`, '', body].join('\r\n');
  const message = Core.Parser.parseMessage(data, { warn: () => undefined } as never);
  if (!(message instanceof Core.IncomingRequestMessage)) throw new Error('not parsed');
  return message;
}

describe('headersOf', () => {
  const info = parse(
    [
      'INFO sip:alice@example.invalid;transport=ws SIP/2.0',
      'Via: SIP/2.0/WS 127.0.0.1:5066;branch=z9hG4bK1',
      'From: <sip:sipp@127.0.0.1:5080>;tag=1',
      'To: <sip:alice@127.0.0.1>;tag=2',
      'i: call-1',
      'CSeq: 1 INFO',
      'X-Vinteo-Conference-ID: conf-42; lang=ru',
      'x-lower-case: a',
      'X_Under_Score: u',
      'X-Repeated: one',
      'X-Repeated: two, three',
      'Content-Type: application/vinteo.test',
    ],
    '{"n":1}',
  );

  it('keeps header names spelled as received (sip.js re-capitalises them) and values intact', () => {
    const headers = headersOf(info as never);
    expect(headers['X-Vinteo-Conference-ID']).to.equal('conf-42; lang=ru');
    expect(headers).not.to.have.property('X-Vinteo-Conference-Id');
    expect(headers['x-lower-case']).to.equal('a');
    expect(headers['X_Under_Score']).to.equal('u');
    expect(headers['X-Repeated']).to.equal('one, two, three');
    expect(headers['Content-Type']).to.equal('application/vinteo.test');
    expect(getHeader(headers, 'x-vinteo-conference-id')).to.equal('conf-42; lang=ru');
  });

  it('names compact forms in full, and falls back to sip.js names without the raw message', () => {
    expect(headersOf(info as never)['Call-ID']).to.equal('call-1');
    const noData = headersOf({ headers: { 'X-Conf-Id': [{ raw: 'x' }], 'Call-Id': [{ raw: 'c' }] } });
    expect(noData).to.deep.equal({ 'X-Conf-Id': 'x', 'Call-ID': 'c' });
  });
});
