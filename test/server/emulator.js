// @ts-check
// The Vinteo conference emulator on top of the SIP server: a confirmed call to a number joins that conference,
// gets enter-room (room with a token, or the waiting room for guests) and licence INFOs, and receives another
// participant's media (or its own echo when alone).
// Presentation (reference §3.10): LETMESTARTPRESENTATION is answered 200 (or refused per conference); once the
// granted participant's content line carries RTP, every other participant in the room gets a content line (a
// server re-INVITE when its call has none), the presenter's RTP on it and YOUCANRECEIVECONTENT; STOPPRESENTATION
// or hanging up sends CONTENTEND. A presentation call (`X-Vinteo-Presentation-Call: yes`) presents its video.
import { Conferences, PURGATORY, Participant, shareState } from './conference.js';
import { reinvite, sendInfo } from './outbound.js';
import { enterRoomInfo, licenseInfo, shareStateInfo } from './vinteo-info.js';

/** The content codec announced in `x-webrtc-share-codec` (the only video codec the emulator's peers speak). */
export const CONTENT_CODEC = 'VP8';

/** @typedef {import('./sip-server.js').SipServer} SipServer */
/** @typedef {import('./dialog.js').Dialog} Dialog */
/** @typedef {import('./vinteo-info.js').VinteoInfo} VinteoInfo */

export class Emulator {
  conferences = new Conferences();
  /** @type {Array<Record<string, any>>} requests to the spectator offer endpoint */
  offers = [];

  /** @param {SipServer} sip */
  constructor(sip) {
    this.sip = sip;
    sip.hooks = {
      confirmed: (dialog) => this.#join(dialog),
      terminated: (dialog) => this.#leave(dialog),
      info: (dialog, req) => this.#info(dialog, req),
    };
    this.conferences.onRerouted = (conference) => this.#shareContent(conference);
  }

  /** Sends a Vinteo INFO to a participant; resolves with the SIP status. @param {Participant} participant @param {VinteoInfo} info */
  send(participant, info) {
    return sendInfo(this.sip, { callId: participant.callId, ...info });
  }

  /** Moves a participant to a room (the conference or the waiting room) and tells it so. @param {Participant} participant @param {string} room */
  enterRoom(participant, room) {
    const conference = this.conferences.ensure(participant.conference);
    participant.room = room;
    participant.token = room === PURGATORY ? undefined : this.conferences.issueToken(conference.name, participant.name);
    this.conferences.reroute(conference);
    return this.send(participant, enterRoomInfo({ room, name: participant.name, token: participant.token }));
  }

  reset() {
    this.conferences.reset();
    this.offers.length = 0;
  }

  /** Both INFOs leave at once, in order, right after the ACK. @param {Dialog} dialog */
  #join(dialog) {
    if (!dialog.conference) return;
    const conference = this.conferences.ensure(dialog.conference);
    const participant = new Participant(dialog, conference.name);
    conference.participants.set(dialog.callId, participant);
    dialog.peer.onRtp('content', () => {
      if (participant.presentation === 'granted') this.#startContent(participant);
    });
    if (dialog.presentationCall) {
      // Content only: no enter-room or licence (the client's state comes from its own header, §3.9).
      participant.room = conference.name;
      participant.presentation = 'granted';
      this.conferences.reroute(conference);
      return;
    }
    const room = dialog.guest && conference.waitingRoom ? PURGATORY : conference.name;
    void this.enterRoom(participant, room).catch(() => undefined);
    void this.send(participant, licenseInfo(conference.license)).catch(() => undefined);
  }

  /** @param {Dialog} dialog */
  #leave(dialog) {
    const participant = this.conferences.participantOf(dialog);
    if (!participant) return;
    const conference = this.conferences.ensure(participant.conference);
    conference.participants.delete(dialog.callId);
    if (conference.presenter === participant) conference.presenter = undefined;
    this.conferences.forwarder.drop(dialog.peer);
    this.conferences.contentForwarder.drop(dialog.peer);
    this.conferences.reroute(conference);
  }

  /** @param {Dialog} dialog @param {any} req */
  #info(dialog, req) {
    const participant = this.conferences.participantOf(dialog);
    if (!participant) return undefined;
    const reply = this.conferences.onInfo(participant, req);
    if (!reply || reply.status < 300)
      this.#onShareState(
        participant,
        shareState(String(req.getHeader('content-type') ?? ''), participant.infos.at(-1)?.headers ?? {}),
      );
    return reply;
  }

  /** @param {Participant} participant @param {string} state */
  #onShareState(participant, state) {
    if (state === 'LETMESTARTPRESENTATION' && participant.presentation === 'none') participant.presentation = 'granted';
    if (state !== 'STOPPRESENTATION') return;
    participant.presentation = 'none';
    const conference = this.conferences.ensure(participant.conference);
    if (conference.presenter === participant) conference.presenter = undefined;
    this.conferences.reroute(conference);
  }

  /** The granted participant's content flows: it becomes the presenter (a previous one is told to stop). @param {Participant} participant */
  #startContent(participant) {
    const conference = this.conferences.ensure(participant.conference);
    const previous = conference.presenter;
    if (previous && previous !== participant) {
      previous.presentation = 'none';
      void this.send(previous, shareStateInfo('YOUMUSTSTOPSENDCONTENT')).catch(() => undefined);
    }
    participant.presentation = 'presenting';
    conference.presenter = participant;
    this.conferences.reroute(conference);
  }

  /**
   * After every reroute: each participant who should receive the presentation gets a content line (once), then
   * the route and YOUCANRECEIVECONTENT; whoever no longer should gets CONTENTEND.
   * @param {import('./conference.js').Conference} conference
   */
  #shareContent(conference) {
    for (const p of conference.participants.values()) {
      const wanted = conference.receivesContent(p);
      if (!wanted && p.contentAnnounced) {
        p.contentAnnounced = false;
        if (p.dialog.state === 'confirmed') void this.send(p, shareStateInfo('CONTENTEND')).catch(() => undefined);
      }
      if (wanted && !p.contentAnnounced && !p.contentPending) void this.#offerContent(conference, p);
    }
  }

  /** @param {import('./conference.js').Conference} conference @param {Participant} p */
  async #offerContent(conference, p) {
    p.contentPending = true;
    try {
      // A 491 (glare with the browser's own re-INVITE) is retried after the browser's exchange is done.
      for (let attempt = 0; ; attempt++) {
        try {
          await p.dialog.peer.addContentLine((offer) => reinvite(this.sip, p.dialog, offer));
          break;
        } catch (error) {
          if (/** @type {any} */ (error)?.status !== 491 || attempt >= 4 || p.dialog.state !== 'confirmed') return;
          await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 400));
        }
      }
    } finally {
      p.contentPending = false;
    }
    if (!conference.receivesContent(p) || p.contentAnnounced) return;
    p.contentAnnounced = true;
    this.conferences.reroute(conference);
    await this.send(p, shareStateInfo('YOUCANRECEIVECONTENT', CONTENT_CODEC)).catch(() => undefined);
  }
}
