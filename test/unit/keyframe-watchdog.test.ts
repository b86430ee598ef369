import { expect } from '@open-wc/testing';
import { KeyFrameWatchdog } from '../../src/media/keyframe-watchdog.js';
import { waitUntil } from '../support/media.js';

function fakePc(frames: () => number) {
  return {
    connectionState: 'connected',
    getTransceivers: () => [{ receiver: { track: { kind: 'video' } }, currentDirection: 'sendrecv' }],
    getStats: async () => ({
      forEach: (fn: (s: Record<string, unknown>) => void) =>
        fn({ type: 'inbound-rtp', kind: 'video', framesDecoded: frames(), packetsReceived: 10 }),
    }),
  } as unknown as RTCPeerConnection;
}

describe('KeyFrameWatchdog', () => {
  it('asks when no frame is decoded, at most maxRequests times', async () => {
    const reasons: string[] = [];
    let polls = 0;
    const dog = new KeyFrameWatchdog({
      pc: fakePc(() => {
        polls++;
        return 0;
      }),
      request: async () => undefined,
      onRequested: (r) => reasons.push(r),
      intervalMs: 5,
      stallMs: 20,
      maxRequests: 2,
    });
    dog.start();
    await waitUntil(() => reasons.length === 2, 'two requests', 2000, 5);
    const after = polls;
    await waitUntil(() => polls > after + 20, 'twenty more polls (well past another stall)', 2000, 5);
    dog.stop();
    expect(reasons).to.deep.equal(['no-frames', 'no-frames']);
  });

  it('stays quiet while frames are decoded', async () => {
    let frames = 0;
    let asked = 0;
    const dog = new KeyFrameWatchdog({
      pc: fakePc(() => (frames += 5)),
      request: async () => {
        asked++;
      },
      intervalMs: 5,
      stallMs: 20,
    });
    dog.start();
    await waitUntil(() => frames > 100, 'frames to advance', 2000, 5);
    dog.stop();
    expect(asked).to.equal(0);
  });
});
