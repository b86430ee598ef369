/** The microphone and camera switches that outlive a call (src/call/media-flags.ts). */
import { expect } from '@open-wc/testing';
import type { CallSession } from '../../src/call/call-session.js';
import { MediaFlags, type MediaFlagValues } from '../../src/call/media-flags.js';
import { createFakeStream } from '../../src/testing/index.js';

/** A call on `stream` that switches its tracks as CallSession does. */
function callOn(stream: MediaStream): CallSession {
  return {
    media: { mediaStream: stream },
    setTrackEnabled(kind: 'audio' | 'video', enabled: boolean) {
      for (const t of stream.getTracks()) if (t.kind === kind) t.enabled = enabled;
    },
  } as unknown as CallSession;
}

describe('MediaFlags', () => {
  let stream: MediaStream;
  afterEach(() => stream?.getTracks().forEach((t) => t.stop()));

  it('a stream handed in with its camera disabled by the app starts with the camera off', () => {
    stream = createFakeStream({ audio: true });
    stream.getVideoTracks().forEach((t) => (t.enabled = false));
    const flags = new MediaFlags(() => undefined);
    flags.takeFrom(stream);
    expect(flags.values).to.deep.equal({ micEnabled: true, cameraEnabled: false });
  });

  it('a camera switched off in one call (a forced camera-off) and back on after it does not leak into the next call on the same stream', () => {
    stream = createFakeStream({ audio: true });
    const reports: MediaFlagValues[] = [];
    const flags = new MediaFlags((v) => reports.push(v));
    const first = callOn(stream);
    flags.takeFrom(stream);
    flags.applyTo(first);
    flags.set('video', false, first);
    expect(stream.getVideoTracks()[0].enabled).to.equal(false);
    flags.set('video', true, undefined); // after the call: the element gives the user's switch back
    flags.takeFrom(stream); // the next call, same stream (its track still disabled by the last call)
    expect(flags.cameraEnabled, 'our own disabling is not the app’s wish').to.equal(true);
    flags.applyTo(callOn(stream));
    expect(stream.getVideoTracks()[0].enabled, 'the next call sends the camera').to.equal(true);
    expect(reports.map((r) => r.cameraEnabled)).to.deep.equal([false, true]);
  });

  it('the user muting stays muted across calls (the switches outlive a call)', () => {
    stream = createFakeStream({ audio: true });
    const flags = new MediaFlags(() => undefined);
    flags.applyTo(callOn(stream));
    flags.set('audio', false, callOn(stream));
    flags.takeFrom(stream);
    flags.applyTo(callOn(stream));
    expect([flags.micEnabled, stream.getAudioTracks()[0].enabled]).to.deep.equal([false, false]);
  });
});
