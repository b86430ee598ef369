import { expect } from '@open-wc/testing';
import { decodeInfo } from '../../src/conference/info-codec.js';
import type { InfoMessage } from '../../src/types.js';

const info = (contentType: string, headers: Record<string, string> = {}, body = ''): InfoMessage => ({
  contentType,
  headers,
  body,
});
const ROOM = 'application/vinteo.webrtc.roomname';

describe('INFO codec (§3.6)', () => {
  describe('enter room', () => {
    it('keeps the case of room and participant name and reads every optional header', () => {
      const decoded = decodeInfo(
        info(ROOM, {
          'X-WEBRTC-ENTER-ROOM': 'Room42',
          'x-webrtc-participant-name': 'Ivan Petrov',
          'X-Bearer-Token': 'eyJ.AbC.xYz',
          'x-webrtc-is-direct-p2p': 'TRUE',
          'x-webrtc-input-channels': '0,1',
          'x-webrtc-output-channels': '0',
        }),
      );
      expect(decoded.warnings).to.deep.equal([]);
      expect(decoded.command).to.deep.equal({
        type: 'enter-room',
        room: 'Room42',
        participantName: 'Ivan Petrov',
        bearerToken: 'eyJ.AbC.xYz',
        isDirectPeerToPeer: true,
        channels: { inputChannels: '0,1', outputChannels: '0' },
      });
    });

    it('reads 1/0/false for the direct-P2P flag and drops a garbage value with a warning', () => {
      const base = { 'x-webrtc-enter-room': 'r', 'x-webrtc-participant-name': 'n' };
      expect(decodeInfo(info(ROOM, { ...base, 'x-webrtc-is-direct-p2p': '1' })).command).to.include({
        isDirectPeerToPeer: true,
      });
      expect(decodeInfo(info(ROOM, { ...base, 'x-webrtc-is-direct-p2p': '0' })).command).to.include({
        isDirectPeerToPeer: false,
      });
      expect(decodeInfo(info(ROOM, { ...base, 'x-webrtc-is-direct-p2p': 'False' })).command).to.include({
        isDirectPeerToPeer: false,
      });
      const garbage = decodeInfo(info(ROOM, { ...base, 'x-webrtc-is-direct-p2p': 'yes' }));
      expect(garbage.command).to.deep.equal({ type: 'enter-room', room: 'r', participantName: 'n' });
      expect(garbage.warnings).to.have.length(1);
    });

    it('needs both room and name; blank values are absent', () => {
      expect(decodeInfo(info(ROOM, { 'x-webrtc-enter-room': '1000' })).command).to.equal(undefined);
      const blank = decodeInfo(info(ROOM, { 'x-webrtc-enter-room': '1000', 'x-webrtc-participant-name': '   ' }));
      expect(blank.command).to.equal(undefined);
      expect(blank.warnings[0]).to.match(/enter-room/);
    });

    it('channels only when both headers are there', () => {
      const one = decodeInfo(
        info(ROOM, { 'x-webrtc-enter-room': 'r', 'x-webrtc-participant-name': 'n', 'x-webrtc-input-channels': '1' }),
      );
      expect(one.command).to.not.have.property('channels');
    });

    it('ignores a huge room name and a huge token with warnings, without hanging', () => {
      const huge = 'x'.repeat(5_000_000);
      const started = performance.now();
      const decoded = decodeInfo(info(ROOM, { 'x-webrtc-enter-room': huge, 'x-webrtc-participant-name': 'n' }));
      expect(decoded.command).to.equal(undefined);
      const token = decodeInfo(
        info(ROOM, { 'x-webrtc-enter-room': 'r', 'x-webrtc-participant-name': 'n', 'x-bearer-token': huge }),
      );
      expect(token.command).to.deep.equal({ type: 'enter-room', room: 'r', participantName: 'n' });
      expect(token.warnings.join()).to.match(/x-bearer-token/);
      expect(performance.now() - started).to.be.below(2000);
    });
  });

  describe('share state', () => {
    const SHARE = 'application/vinteo.webrtc.sharedesktop';
    it('YOUCANRECEIVECONTENT with a codec in any case', () => {
      expect(
        decodeInfo(info(SHARE, { 'x-webrtc-share-state': 'youcanreceivecontent', 'x-webrtc-share-codec': 'vp9' }))
          .command,
      ).to.deep.equal({ type: 'share-state', state: 'YOUCANRECEIVECONTENT', codec: 'VP9' });
    });
    it('CONTENTEND and YOUMUSTSTOPSENDCONTENT', () => {
      expect(decodeInfo(info(SHARE, { 'X-WEBRTC-SHARE-STATE': 'CONTENTEND' })).command).to.deep.equal({
        type: 'share-state',
        state: 'CONTENTEND',
      });
      expect(decodeInfo(info(SHARE, { 'x-webrtc-share-state': 'YouMustStopSendContent' })).command).to.deep.equal({
        type: 'share-state',
        state: 'YOUMUSTSTOPSENDCONTENT',
      });
    });
    it('an unknown codec is dropped with a warning; an unknown state gives no command', () => {
      const codec = decodeInfo(
        info(SHARE, { 'x-webrtc-share-state': 'YOUCANRECEIVECONTENT', 'x-webrtc-share-codec': 'H265' }),
      );
      expect(codec.command).to.deep.equal({ type: 'share-state', state: 'YOUCANRECEIVECONTENT' });
      expect(codec.warnings).to.have.length(1);
      expect(decodeInfo(info(SHARE, { 'x-webrtc-share-state': 'DANCE' })).command).to.equal(undefined);
    });
  });

  describe('main camera and mic', () => {
    const CAM = 'application/vinteo.webrtc.maincam';
    const MIC = 'application/vinteo.webrtc.mic';
    it('admin start/stop with sync 1/0 and absent', () => {
      expect(
        decodeInfo(info(CAM, { 'x-webrtc-maincam': 'adminstartmaincam', 'x-webrtc-sync': '1' })).command,
      ).to.deep.equal({ type: 'main-cam', command: 'ADMINSTARTMAINCAM', sync: true });
      expect(
        decodeInfo(info(CAM, { 'x-webrtc-maincam': 'ADMINSTOPMAINCAM', 'x-webrtc-sync': '0' })).command,
      ).to.deep.equal({ type: 'main-cam', command: 'ADMINSTOPMAINCAM', sync: false });
      expect(decodeInfo(info(CAM, { 'x-webrtc-maincam': 'PAUSEMAINCAM' })).command).to.deep.equal({
        type: 'main-cam',
        command: 'PAUSEMAINCAM',
      });
      expect(
        decodeInfo(info(CAM, { 'x-webrtc-maincam': 'ResumeMainCam', 'x-webrtc-sync': '1' })).command,
      ).to.deep.equal({ type: 'main-cam', command: 'RESUMEMAINCAM', sync: true });
      expect(decodeInfo(info(MIC, { 'x-webrtc-mic': 'ADMINSTARTMIC', 'x-webrtc-sync': '1' })).command).to.deep.equal({
        type: 'mic',
        command: 'ADMINSTARTMIC',
        sync: true,
      });
      expect(decodeInfo(info(MIC, { 'X-WEBRTC-MIC': 'adminstopmic' })).command).to.deep.equal({
        type: 'mic',
        command: 'ADMINSTOPMIC',
      });
    });
    it('MAXMAINCAMRESOLUTION with a valid, a garbage and an out-of-range resolution', () => {
      expect(
        decodeInfo(
          info(CAM, { 'x-webrtc-maincam': 'MAXMAINCAMRESOLUTION', 'x-webrtc-maincam-resolution': '1920x1080' }),
        ).command,
      ).to.deep.equal({ type: 'main-cam', command: 'MAXMAINCAMRESOLUTION', resolution: { width: 1920, height: 1080 } });
      for (const bad of ['1920', '0x720', '-1x5', '1920x1080x3', 'axb', '20000x100', '1e3x100', 'Infinityx1']) {
        const decoded = decodeInfo(
          info(CAM, { 'x-webrtc-maincam': 'MAXMAINCAMRESOLUTION', 'x-webrtc-maincam-resolution': bad }),
        );
        expect(decoded.command, bad).to.deep.equal({ type: 'main-cam', command: 'MAXMAINCAMRESOLUTION' });
        expect(decoded.warnings, bad).to.have.length(1);
      }
    });
    it('garbage sync values and unknown commands', () => {
      const sync = decodeInfo(info(MIC, { 'x-webrtc-mic': 'ADMINSTARTMIC', 'x-webrtc-sync': 'maybe' }));
      expect(sync.command).to.deep.equal({ type: 'mic', command: 'ADMINSTARTMIC' });
      expect(sync.warnings).to.have.length(1);
      expect(decodeInfo(info(MIC, { 'x-webrtc-mic': 'PLEASESING' })).command).to.equal(undefined);
      expect(decodeInfo(info(CAM, {})).warnings).to.have.length(1);
    });
  });

  describe('licence, participant state, restart, notify, DTMF', () => {
    it('licence in any case', () => {
      expect(
        decodeInfo(info('application/vinteo.webrtc.uselic', { 'x-webrtc-use-license': 'audioPlusPresentation' }))
          .command,
      ).to.deep.equal({ type: 'license', license: 'AUDIOPLUSPRESENTATION' });
      expect(decodeInfo(info('application/vinteo.webrtc.uselic', { 'x-webrtc-use-license': 'GOLD' })).command).to.equal(
        undefined,
      );
    });
    it('spectator with audio id and every mode; without; participant', () => {
      const PART = 'application/vinteo.webrtc.partstate';
      expect(
        decodeInfo(
          info(PART, {
            'x-webrtc-partstate': 'spectator',
            'x-webrtc-audioid': 'Aud-7',
            'x-webrtc-spectator-mode': '1',
          }),
        ).command,
      ).to.deep.equal({ type: 'spectator', audioId: 'Aud-7', canSendMedia: true, mode: 'by-camera' });
      expect(
        decodeInfo(info(PART, { 'x-webrtc-partstate': 'SPECTATOR', 'x-webrtc-spectator-mode': '0' })).command,
      ).to.deep.equal({ type: 'spectator', canSendMedia: false, mode: 'manual' });
      expect(
        decodeInfo(info(PART, { 'x-webrtc-partstate': 'SPECTATOR', 'x-webrtc-spectator-mode': '2' })).command,
      ).to.deep.equal({ type: 'spectator', canSendMedia: false, mode: 'forced' });
      expect(decodeInfo(info(PART, { 'x-webrtc-partstate': 'SPECTATOR' })).command).to.deep.equal({
        type: 'spectator',
        canSendMedia: false,
      });
      const bad = decodeInfo(info(PART, { 'x-webrtc-partstate': 'SPECTATOR', 'x-webrtc-spectator-mode': '7' }));
      expect(bad.command).to.deep.equal({ type: 'spectator', canSendMedia: false });
      expect(bad.warnings).to.have.length(1);
      expect(decodeInfo(info(PART, { 'x-webrtc-partstate': 'Participant' })).command).to.deep.equal({
        type: 'participant',
      });
    });
    it('restart (§3.19) with bounds on the track counts', () => {
      const RESTART = 'application/vinteo.webrtc.restart';
      expect(
        decodeInfo(
          info(RESTART, {
            'x-webrtc-tracks-direction': 'sendrecv',
            'x-webrtc-audio-track-count': '1',
            'x-webrtc-video-track-count': '2',
          }),
        ).command,
      ).to.deep.equal({ type: 'restart', tracksDirection: 'SENDRECV', audioTrackCount: 1, videoTrackCount: 2 });
      const bad = decodeInfo(
        info(RESTART, {
          'x-webrtc-audio-track-count': '17',
          'x-webrtc-video-track-count': '1.5',
          'x-webrtc-tracks-direction': 'up',
        }),
      );
      expect(bad.command).to.deep.equal({ type: 'restart' });
      expect(bad.warnings).to.have.length(3);
    });
    it('notify INFO carries the raw JSON; DTMF relay is decoded', () => {
      expect(
        decodeInfo(
          info('Application/Vinteo.WebRTC.Notify; charset=utf-8', { 'X-VINTEO-NOTIFY': '{"cmd":"accountChanged"}' }),
        ).command,
      ).to.deep.equal({ type: 'notify', json: '{"cmd":"accountChanged"}' });
      expect(decodeInfo(info('application/dtmf-relay', {}, 'Signal=5\r\nDuration=160\r\n')).command).to.deep.equal({
        type: 'dtmf',
        tone: '5',
        duration: 160,
      });
      expect(decodeInfo(info('application/dtmf-relay', {}, 'garbage')).command).to.equal(undefined);
    });
  });

  describe('hostile input', () => {
    it('an unknown content type is a warning, never a throw; key-frame requests are silently not ours', () => {
      expect(decodeInfo(info('application/vinteo.webrtc.dance')).warnings).to.have.length(1);
      expect(decodeInfo(info('')).warnings).to.have.length(1);
      expect(decodeInfo(info('application/media_control+xml')).warnings).to.deep.equal([]);
    });
    it('survives missing headers, non-object headers and non-string values', () => {
      expect(() => decodeInfo({ contentType: ROOM, headers: undefined as never, body: '' })).to.not.throw();
      expect(() =>
        decodeInfo({ contentType: undefined as never, headers: {}, body: undefined as never }),
      ).to.not.throw();
      expect(() => decodeInfo(info('application/dtmf-relay', {}, undefined as never))).to.not.throw();
    });
  });
});
