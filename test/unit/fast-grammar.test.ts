/**
 * The grammar fast paths (src/connection/fast-grammar.ts) give exactly what sip.js's grammar gives, for inputs they
 * take and for inputs they hand back to it; a user agent with them in force parses a 407 as sip.js does, and the
 * fast paths are gone once the message has been handled.
 */
import { expect } from '@open-wc/testing';
import { Core, Grammar } from 'sip.js';
import type { UserAgent } from 'sip.js';
import { fastParse, withFastParsing } from '../../src/connection/fast-grammar.js';

type Parse = (input: string, rule: string) => unknown;
const grammar = Grammar as unknown as { parse: Parse };

const NAME_ADDRS = [
  '<sip:baresip@127.0.0.1>;tag=b27e1a1f460fa7bc3e2dbb98fba12ed2-b5a9',
  '"alice" <sip:alice@127.0.0.1>;tag=0mh6hb2nbe',
  '"Demo guest" <sip:1000@vinteo.local>',
  '"Demo_guest" <sip:1000@vinteo.local>;tag=abc123',
  '"Дима" <sip:a@h.example>;tag=z',
  '"" <sip:a@h.example>',
  '"x"<sip:a@h.example>',
  '<sips:a@h.example>;tag=1',
  '<sip:h.example>;tag=1',
  '<sip:a@1000.example>;tag=Xy',
  '<sip:a@localhost>',
  '<sip:a@h.example;ob>;x=1;y',
  '<sip:a@h.example;foo=bar>;x=AbC',
  '<sip:a@h.example>;TAG=1',
  "<sip:a!~*'()&=+$,@h.example>",
  '<sip:a@1.2.3.4:5060>',
  '"alice" <sip:alice@127.0.0.1:5060;transport=ws>;tag=x',
  '<sip:Alice@Example.COM;Transport=WS;lr>;Tag=AbC',
  '<sip:a%20b@h>;tag=1',
  '"a\\"b" <sip:a@h>',
  '<sip:a@[::1]:5060>;tag=1',
  '<sip:a@999.1.1.1>',
  '<sip:a@1.2.3>',
  '<sip:a@123.456>',
  '<sip:a@01.2.3.4>',
  '<sip:a@h.example;foo=Bar>',
  '<sip:a@h.example>;tag=a;tag=b',
  '<sip:a@h.example;maddr=1.2.3.4>',
  '<sip:a@-h.example>',
  '<SIP:a@h.example>',
  'sip:a@h.example;tag=1',
  'alice <sip:a@h.example>',
];

const CASES: Array<[string, string[]]> = [
  [
    'Call_ID',
    ['5rhlmjvt4o55o3cbh3lh', 'abc-1.2_3@host.example', "a!%*_+`'~()b@c", 'abc 123', '', 'a@b@c', 'a"b', '<x>'],
  ],
  [
    'CSeq',
    ['1 INVITE', '101 invite', '4711 BYE', '2  ACK', '1 INVITE ', 'x INVITE', '1', '12345678901 INVITE', '1 IN-VITE'],
  ],
  ['Content_Length', ['0', '070', '1234', '', '-1', '1 2', '12345678901']],
  ['Max_Forwards', ['70', '0', 'x']],
  [
    'Request_Response',
    [
      'SIP/2.0 407 Proxy Authentication Required',
      'SIP/2.0 200 OK',
      'SIP/2.0 100 ',
      'SIP/2.0 100',
      'SIP/2.0 183 Session Progress',
      "SIP/2.0 480 Temporarily Unavailable (busy; try later: a=b&c+d$e,f?g/h@i!~*')",
      'SIP/2.0 200 Ok "quoted"',
      'SIP/2.0 200 Ok%20x',
      'SIP/2.0 2000 OK',
      'sip/2.0 200 OK',
      'SIP/3.0 200 OK',
      'INVITE sip:bob@example.com SIP/2.0',
      'SIP/2.0 200 Сделано',
    ],
  ],
  [
    'Proxy_Authenticate',
    [
      'Digest realm="127.0.0.1", nonce="aF2cXWhdmzEYoZ0uB0j+SwJLN8ZCnwQy"',
      'Digest realm="vinteo.local", nonce="0a1b", algorithm=MD5, qop="auth"',
      'Digest realm="r", nonce="n", opaque="o", algorithm=md5-sess, qop="auth,auth-int", stale=FALSE',
      'Digest realm="r",nonce="n",stale=true',
      'Digest realm="r", nonce="n", algorithm=MD5-sess',
      'Digest realm="r", nonce="n", qop="foo"',
      'Digest realm="", nonce="n"',
      'Digest realm="a b", nonce="n"',
      'digest realm="r", nonce="n", qop="Auth"',
      'Digest nonce="n"',
      'Digest realm="r"',
      'Digest realm="r", nonce="n", qop="auth, auth-int"',
      'Digest realm="r", nonce="n", domain="sip:x"',
      'Digest realm="r", nonce="n", custom=1',
      'Digest realm="r", nonce="n", algorithm=SHA-256',
      'Digest realm = "r", nonce="n"',
      'Digest realm="a\\"b", nonce="n"',
      'Digest realm="r", nonce="n", realm="s"',
      'Digest realm=r, nonce="n"',
      'Basic realm="r"',
    ],
  ],
  [
    'Via',
    [
      'SIP/2.0/WSS k3j2lp9tmv0a.invalid;branch=z9hG4bK6188563;rport=54012;received=127.0.0.1',
      'SIP/2.0/WSS abc.invalid;branch=z9hG4bK1',
      'SIP/2.0/WSS 127.0.0.1:5066;branch=z9hG4bK1;received=127.0.0.1',
      'SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1;received=1.2.3.4;rport=1',
      'SIP/2.0/TCP 1000.example:5060;branch=x;received=10.0.0.1',
      "SIP/2.0/WSS h.invalid;branch=z9hG4bK.A-b_c!~*'+%",
      'SIP/2.0/WSS 255.255.255.255;branch=a',
      'SIP/2.0/WS 127.0.0.1:5060;branch=z9hG4bK1;rport',
      'SIP/2.0/WSS h.invalid;branch=z9hG4bK1;x=y',
      'SIP/2.0/wss h.invalid;branch=z9hG4bK1',
      'SIP/2.0/WSS h.invalid',
      'SIP/2.0/WSS h.invalid;branch=a;branch=b',
      'SIP/2.0/WSS h.invalid;received=999.1.1.1;branch=a',
      'SIP/2.0/WSS h.invalid;branch=z9hG4bK1;received=01.2.3.4',
      'SIP/2.0/WSS 256.1.1.1;branch=a',
      'SIP/2.0/WSS 1.2.3;branch=a',
      'SIP/2.0/WSS [::1]:5060;branch=a',
    ],
  ],
  ...(['To', 'From'] as const).map((rule): [string, string[]] => [rule, NAME_ADDRS]),
  ['WWW_Authenticate', ['Digest realm="vinteo.local", nonce="ff00", algorithm=MD5, qop="auth"', 'Digest realm="r"']],
];

describe('grammar fast paths', () => {
  const fast = fastParse((input, rule) => grammar.parse(input, rule));
  for (const [rule, inputs] of CASES)
    it(`${rule}: the same result as the grammar`, () => {
      for (const input of inputs) {
        const expected = grammar.parse(input, rule);
        const actual = fast(input, rule);
        expect(actual, `${rule} ${JSON.stringify(input)}`).to.deep.equal(expected);
        expect((actual as object)?.constructor, `${rule} ${JSON.stringify(input)}`).to.equal(
          (expected as object)?.constructor,
        );
      }
    });

  it('takes the common forms itself (the grammar is not called for them)', () => {
    const calls: string[] = [];
    const counted = fastParse((input, rule) => {
      calls.push(rule);
      return grammar.parse(input, rule);
    });
    counted('SIP/2.0 407 Proxy Authentication Required', 'Request_Response');
    counted('1 INVITE', 'CSeq');
    counted('abc@def', 'Call_ID');
    counted('0', 'Content_Length');
    counted('Digest realm="r", nonce="n", algorithm=MD5, qop="auth"', 'Proxy_Authenticate');
    counted('"alice" <sip:alice@127.0.0.1>;tag=0mh6hb2nbe', 'From');
    counted('<sip:1000@vinteo.local>;tag=a1', 'To');
    expect(calls).to.deep.equal([]);
    counted('SIP/2.0/WSS h.invalid;branch=z9hG4bK1;rport=5066;received=127.0.0.1', 'Via');
    expect(calls).to.deep.equal([]);
    counted('<sip:alice@127.0.0.1:5066;transport=ws>', 'Contact');
    expect(calls).to.deep.equal(['Contact']);
  });

  it('a user agent with fast parsing parses a 407 as sip.js does, and only while it handles the message', () => {
    const text = [
      'SIP/2.0 407 Proxy Authentication Required',
      'Via: SIP/2.0/WSS k3j2lp9tmv0a.invalid;branch=z9hG4bK6188563;rport=54012;received=127.0.0.1',
      'To: <sip:baresip@127.0.0.1>;tag=b27e1a1f460fa7bc3e2dbb98fba12ed2-b5a9',
      'From: "alice" <sip:alice@127.0.0.1>;tag=0mh6hb2nbe',
      'Call-ID: 5rhlmjvt4o55o3cbh3lh',
      'CSeq: 1 INVITE',
      'Proxy-Authenticate: Digest realm="127.0.0.1", nonce="aF2cXWhdmzEYoZ0uB0j+SwJLN8ZCnwQy"',
      'Server: kamailio (5.8.4 (x86_64/linux))',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    const logger = new Core.LoggerFactory().getLogger('test');
    const shipped = grammar.parse;
    let parsed: Core.IncomingMessage | undefined;
    let during: Parse | undefined;
    const transport = {
      onMessage: (message: string) => {
        during = grammar.parse;
        parsed = Core.Parser.parseMessage(message, logger);
      },
    };
    withFastParsing({ transport } as unknown as UserAgent);
    transport.onMessage(text);
    expect(during).to.not.equal(shipped);
    expect(grammar.parse).to.equal(shipped);
    const reference = Core.Parser.parseMessage(text, logger) as Core.IncomingResponseMessage;
    const ours = parsed as Core.IncomingResponseMessage;
    expect(ours.statusCode).to.equal(407);
    for (const key of [
      'statusCode',
      'reasonPhrase',
      'callId',
      'cseq',
      'method',
      'fromTag',
      'toTag',
      'viaBranch',
      'body',
    ])
      expect((ours as never)[key], key).to.deep.equal((reference as never)[key]);
    expect(ours.parseHeader('proxy-authenticate')).to.deep.equal(reference.parseHeader('proxy-authenticate'));
    expect(JSON.stringify(ours.headers)).to.equal(JSON.stringify(reference.headers));
  });
});
