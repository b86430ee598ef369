import { expect } from '@open-wc/testing';
import {
  PARTICIPANT,
  SPECTATOR_AUDIO_MAX_BITRATE,
  SPECTATOR_VIDEO_MAX_BITRATE,
  SenderCaps,
  roleFrom,
  sameRole,
} from '../../src/conference/roles.js';
import { createFakeStream } from '../../src/testing/fake-media.js';

/** A negotiated loopback pair in the page; `pc` sends audio + video. */
async function loopback(encodings?: RTCRtpEncodingParameters[]): Promise<{ pc: RTCPeerConnection; close(): void }> {
  const stream = createFakeStream();
  const pc = new RTCPeerConnection();
  const far = new RTCPeerConnection();
  pc.addTransceiver(stream.getAudioTracks()[0], { direction: 'sendrecv', streams: [stream] });
  pc.addTransceiver(stream.getVideoTracks()[0], {
    direction: 'sendrecv',
    streams: [stream],
    ...(encodings ? { sendEncodings: encodings } : {}),
  });
  pc.addTransceiver('video', { direction: 'recvonly' });
  await pc.setLocalDescription(await pc.createOffer());
  await far.setRemoteDescription(pc.localDescription as RTCSessionDescription);
  await far.setLocalDescription(await far.createAnswer());
  await pc.setRemoteDescription(far.localDescription as RTCSessionDescription);
  return {
    pc,
    close: () => {
      pc.close();
      far.close();
      for (const t of stream.getTracks()) t.stop();
    },
  };
}

const bitrates = (pc: RTCPeerConnection) =>
  pc
    .getSenders()
    .filter((s) => s.track)
    .map((s) => [s.track?.kind, s.getParameters().encodings.map((e) => e.maxBitrate)]);

describe('roles (§3.12)', () => {
  it('maps partstate commands to roles', () => {
    expect(roleFrom({ type: 'participant' })).to.equal(PARTICIPANT);
    expect(roleFrom({ type: 'spectator', canSendMedia: true, audioId: 'a1', mode: 'by-camera' })).to.deep.equal({
      type: 'spectator',
      canSendMedia: true,
      audioId: 'a1',
      mode: 'by-camera',
    });
    expect(roleFrom({ type: 'spectator', canSendMedia: false })).to.deep.equal({
      type: 'spectator',
      canSendMedia: false,
    });
    expect(sameRole(PARTICIPANT, { type: 'participant' })).to.equal(true);
    expect(
      sameRole({ type: 'spectator', canSendMedia: false }, { type: 'spectator', canSendMedia: false, audioId: 'x' }),
    ).to.equal(false);
  });

  it('caps the senders that have a track and removes the cap again when there was none', async () => {
    const { pc, close } = await loopback();
    try {
      const errors: unknown[] = [];
      const caps = new SenderCaps((e) => errors.push(e));
      expect(bitrates(pc)).to.deep.equal([
        ['audio', [undefined]],
        ['video', [undefined]],
      ]);
      await caps.cap(pc);
      expect(bitrates(pc)).to.deep.equal([
        ['audio', [SPECTATOR_AUDIO_MAX_BITRATE]],
        ['video', [SPECTATOR_VIDEO_MAX_BITRATE]],
      ]);
      expect(caps.active).to.equal(true);
      await caps.restore();
      expect(bitrates(pc)).to.deep.equal([
        ['audio', [undefined]],
        ['video', [undefined]],
      ]);
      expect(errors).to.deep.equal([]);
    } finally {
      close();
    }
  });

  it('restores exactly the previous maxBitrate, and a second cap does not overwrite what was saved', async () => {
    const { pc, close } = await loopback([{ maxBitrate: 300_000 }]);
    try {
      const caps = new SenderCaps(() => undefined);
      expect(bitrates(pc)[1]).to.deep.equal(['video', [300_000]]);
      await caps.cap(pc);
      await caps.cap(pc);
      expect(bitrates(pc)[1]).to.deep.equal(['video', [SPECTATOR_VIDEO_MAX_BITRATE]]);
      await caps.restore();
      expect(bitrates(pc)).to.deep.equal([
        ['audio', [undefined]],
        ['video', [300_000]],
      ]);
    } finally {
      close();
    }
  });

  it('a quick cap → restore → cap runs in order; forget drops what was saved', async () => {
    const { pc, close } = await loopback();
    try {
      const caps = new SenderCaps(() => undefined);
      void caps.cap(pc);
      void caps.restore();
      await caps.cap(pc);
      expect(bitrates(pc)[0]).to.deep.equal(['audio', [SPECTATOR_AUDIO_MAX_BITRATE]]);
      caps.forget();
      expect(caps.active).to.equal(false);
      await caps.restore();
      expect(bitrates(pc)[0]).to.deep.equal(['audio', [SPECTATOR_AUDIO_MAX_BITRATE]]);
    } finally {
      close();
    }
  });

  it('restoring on a closed connection neither throws nor rejects', async () => {
    const { pc, close } = await loopback();
    const caps = new SenderCaps(() => undefined);
    await caps.cap(pc);
    close();
    await caps.restore();
    expect(caps.active).to.equal(false);
  });

  it('a failing setParameters is reported and the other senders are still capped', async () => {
    const { pc, close } = await loopback();
    try {
      const errors: unknown[] = [];
      const [audio] = pc.getSenders();
      audio.setParameters = () => Promise.reject(new Error('boom'));
      await new SenderCaps((e) => errors.push(e)).cap(pc);
      expect(errors).to.have.length(1);
      expect(bitrates(pc)[1]).to.deep.equal(['video', [SPECTATOR_VIDEO_MAX_BITRATE]]);
    } finally {
      close();
    }
  });
});
