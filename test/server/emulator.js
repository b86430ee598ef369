// @ts-check
// The Vinteo conference emulator on top of the SIP server: a confirmed call to a number joins that conference,
// gets enter-room (room with a token, or the waiting room for guests) and licence INFOs, and receives another
// participant's media (or its own echo when alone).
import { Conferences, PURGATORY, Participant } from './conference.js';
import { sendInfo } from './outbound.js';
import { enterRoomInfo, licenseInfo } from './vinteo-info.js';

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
    this.conferences.forwarder.drop(dialog.peer);
    this.conferences.reroute(conference);
  }

  /** @param {Dialog} dialog @param {any} req */
  #info(dialog, req) {
    const participant = this.conferences.participantOf(dialog);
    return participant ? this.conferences.onInfo(participant, req) : undefined;
  }
}
