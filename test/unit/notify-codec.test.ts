import { expect } from '@open-wc/testing';
import { MAX_NOTIFY_LENGTH, decodeNotify } from '../../src/conference/notify-codec.js';

describe('notify codec (§3.7)', () => {
  const cases: Array<[unknown, string, unknown]> = [
    [
      { cmd: 'channels', input: '0,1', output: '0' },
      'api:channels:notify',
      { inputChannels: '0,1', outputChannels: '0' },
    ],
    [
      { cmd: 'WebcastStarted', body: { conference: '111', type: 'hls' } },
      'api:webcast:started',
      { conference: '111', type: 'hls' },
    ],
    [
      { cmd: 'WebcastStopped', body: { conference: '222', type: 'hls' } },
      'api:webcast:stopped',
      { conference: '222', type: 'hls' },
    ],
    [
      { cmd: 'addedToListModerators', conference: '111' },
      'api:participant:added-to-list-moderators',
      { conference: '111' },
    ],
    [
      { cmd: 'removedFromListModerators', conference: '111' },
      'api:participant:removed-from-list-moderators',
      { conference: '111' },
    ],
    [
      { cmd: 'ParticipationRequestAccepted', body: { conference: '111' } },
      'api:participation:accepting-word-request',
      { conference: '111' },
    ],
    [
      { cmd: 'ParticipationRequestRejected', body: { conference: '111' } },
      'api:participation:cancelling-word-request',
      { conference: '111' },
    ],
    [
      { cmd: 'ParticipantMovedToWebcast', body: { conference: '111' } },
      'api:participant:move-request-to-stream',
      { conference: '111' },
    ],
    [{ cmd: 'accountChanged' }, 'api:account:changed', {}],
    [{ cmd: 'accountDeleted' }, 'api:account:deleted', {}],
    [
      { cmd: 'ConferenceParticipantTokenIssued', body: { conference: 'Conf1', participant: 'SIP/Ivan', jwt: 'a.B.c' } },
      'api:conference:participant-token-issued',
      { conference: 'Conf1', participant: 'SIP/Ivan', jwt: 'a.B.c' },
    ],
  ];
  for (const [json, name, payload] of cases) {
    it(`${(json as { cmd: string }).cmd} → ${name}`, () => {
      const decoded = decodeNotify(JSON.stringify(json));
      expect(decoded.warnings).to.deep.equal([]);
      expect(decoded.event).to.deep.equal({ name, payload });
    });
  }

  it('payload at the wrong level or of the wrong type is ignored with a warning', () => {
    for (const json of [
      { cmd: 'WebcastStarted', conference: '111', type: 'hls' },
      { cmd: 'addedToListModerators', body: { conference: '111' } },
      { cmd: 'addedToListModerators', conference: 111 },
      { cmd: 'channels', input: ['0'], output: '0' },
      { cmd: 'ConferenceParticipantTokenIssued', body: { conference: '1', participant: '', jwt: 'x' } },
      { cmd: 'ConferenceParticipantTokenIssued', body: 'nope' },
      { cmd: 'ParticipationRequestAccepted', body: null },
    ]) {
      const decoded = decodeNotify(JSON.stringify(json));
      expect(decoded.event, JSON.stringify(json)).to.equal(undefined);
      expect(decoded.warnings).to.have.length(1);
    }
  });

  it('unknown or wrong-case cmd, malformed JSON, non-objects and missing values give warnings', () => {
    for (const raw of [
      '{"cmd":"accountchanged"}',
      '{"cmd":"nope"}',
      '{"cmd":"__proto__"}',
      '{"cmd":"toString"}',
      '{"cmd":5}',
      '{}',
      '{bad json',
      '[1,2]',
      'null',
      '"text"',
      '',
      '   ',
      undefined,
      42,
    ]) {
      const decoded = decodeNotify(raw);
      expect(decoded.event, String(raw)).to.equal(undefined);
      expect(decoded.warnings, String(raw)).to.have.length(1);
    }
  });

  it('huge or deeply nested JSON is refused quickly without throwing', () => {
    const started = performance.now();
    const huge = JSON.stringify({ cmd: 'accountChanged', pad: 'x'.repeat(10_000_000) });
    expect(decodeNotify(huge).warnings[0]).to.match(/longer than/);
    const deep = '['.repeat(MAX_NOTIFY_LENGTH / 2 - 1) + ']'.repeat(MAX_NOTIFY_LENGTH / 2 - 1);
    expect(() => decodeNotify(deep)).to.not.throw();
    expect(decodeNotify(deep).event).to.equal(undefined);
    expect(performance.now() - started).to.be.below(2000);
  });

  it('an oversized jwt is refused', () => {
    const decoded = decodeNotify(
      JSON.stringify({
        cmd: 'ConferenceParticipantTokenIssued',
        body: { conference: '1', participant: 'p', jwt: 'j'.repeat(20_000) },
      }),
    );
    expect(decoded.event).to.equal(undefined);
  });
});
