// @ts-check
// Conferences by number: who is in each (room or waiting room), their roles and tokens, what they sent, the
// configured licence and INFO replies, and which media each participant receives (forwarder.js): its main
// audio + video from another participant, and on its content line the conference's presentation, if any.
import { randomBytes } from 'node:crypto';
import { Forwarder } from './forwarder.js';
import { headerMap } from './sip-wire.js';

/** @typedef {import('./dialog.js').Dialog} Dialog */
/** @typedef {{ contentType: string, headers: Record<string, string>, status: number, time: number }} ReceivedInfo */
/** @typedef {{ conference?: string, contentType: string, match?: Record<string, string>, status: number, reason?: string }} InfoReply */

export const PURGATORY = 'purgatory';

export class Participant {
  role = /** @type {'participant' | 'spectator'} */ ('participant');
  /** 'purgatory' or the conference name once in the room. */
  room = '';
  /** @type {string | undefined} */
  token;
  /** @type {ReceivedInfo[]} */
  infos = [];
  joinedAt = Date.now();
  /** 'granted' after a 200 to LETMESTARTPRESENTATION (or for a presentation call), 'presenting' once its content flows. */
  presentation = /** @type {'none' | 'granted' | 'presenting'} */ ('none');
  /** True between the YOUCANRECEIVECONTENT and the CONTENTEND sent to this participant. */
  contentAnnounced = false;
  /** True while its content line is being added (a server re-INVITE). */
  contentPending = false;

  /** @param {Dialog} dialog  @param {string} conference */
  constructor(dialog, conference) {
    this.dialog = dialog;
    this.conference = conference;
  }

  get callId() {
    return this.dialog.callId;
  }
  get user() {
    return this.dialog.user;
  }
  get guest() {
    return this.dialog.guest;
  }
  /** The name the server announces: the display name in its original case, else the user. */
  get name() {
    return this.dialog.displayName || this.dialog.user;
  }
  get inRoom() {
    return this.room === this.conference;
  }
  get presentationCall() {
    return this.dialog.presentationCall;
  }

  snapshot() {
    const { media } = this.dialog.peer;
    return {
      callId: this.callId,
      user: this.user,
      displayName: this.name,
      role: this.role,
      room: this.room,
      guest: this.guest,
      token: this.token,
      joinedAt: this.joinedAt,
      infos: this.infos.map((i) => ({ ...i, headers: { ...i.headers } })),
      media: { audio: { ...media.audio }, video: { ...media.video }, content: { ...media.content } },
      presentationCall: this.presentationCall,
      presentation: this.presentation,
    };
  }
}

export class Conference {
  license = 'VIDEO';
  /** Whether LETMESTARTPRESENTATION is answered 200 ('allow') or 403 ('refuse'); setInfoReply rules come first. */
  presentation = /** @type {'allow' | 'refuse'} */ ('allow');
  /** @type {Participant | undefined} whose content everyone else receives */
  presenter;
  /** Guests (`X-Vinteo-Purgatory-Call: yes`) wait in the waiting room until admitted. */
  waitingRoom = true;
  /** @type {Map<string, Participant>} by Call-ID, in joining order */
  participants = new Map();
  /** @type {Set<import('./recv-endpoint.js').RecvPeer>} receive-only spectator sessions */
  viewers = new Set();

  /** @param {string} name */
  constructor(name) {
    this.name = name;
  }

  /** Participants in the room who send media others may see (not spectators, not presentation calls). */
  get sources() {
    return [...this.participants.values()].filter((p) => p.inRoom && p.role !== 'spectator' && !p.presentationCall);
  }

  /** Whether `p` should receive the presentation now: in the room, not presenting it, not a content-only call. @param {Participant} p */
  receivesContent(p) {
    return (
      Boolean(this.presenter) &&
      p !== this.presenter &&
      p.inRoom &&
      !p.presentationCall &&
      p.dialog.state === 'confirmed'
    );
  }

  snapshot() {
    return {
      conference: this.name,
      license: this.license,
      waitingRoom: this.waitingRoom,
      presentation: this.presentation,
      presenter: this.presenter
        ? {
            callId: this.presenter.callId,
            user: this.presenter.user,
            presentationCall: this.presenter.presentationCall,
          }
        : null,
      participants: [...this.participants.values()].map((p) => p.snapshot()),
      viewers: [...this.viewers].map((v) => v.snapshot()),
    };
  }
}

export class Conferences {
  /** @type {Map<string, Conference>} */
  #byName = new Map();
  /** @type {Map<string, { conference: string, participant: string }>} */
  tokens = new Map();
  /** @type {InfoReply[]} */
  infoReplies = [];
  forwarder = new Forwarder();
  contentForwarder = Forwarder.content();
  /** Called after every reroute (the emulator adds content lines and announces content from here). */
  onRerouted = (/** @type {Conference} */ _conference) => {};

  /** @param {string} name */
  get(name) {
    return this.#byName.get(name);
  }

  /** @param {string} name */
  ensure(name) {
    const existing = this.#byName.get(name);
    if (existing) return existing;
    const created = new Conference(name);
    this.#byName.set(name, created);
    return created;
  }

  all() {
    return [...this.#byName.values()];
  }

  /** A fresh opaque token the spectator endpoint accepts for this conference. @param {string} conference @param {string} participant */
  issueToken(conference, participant) {
    const token = `vt.${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, { conference, participant });
    return token;
  }

  /** @param {{ callId?: string, user?: string }} by */
  find({ callId, user }) {
    const live = this.all()
      .flatMap((c) => [...c.participants.values()])
      .filter((p) => p.dialog.state !== 'terminated');
    const found = callId
      ? live.find((p) => p.callId === callId)
      : user
        ? live.find((p) => p.user === user)
        : live.at(-1);
    if (!found) throw new Error(`no conference participant ${callId ?? user ?? '(any)'}`);
    return found;
  }

  /** @param {Dialog} dialog */
  participantOf(dialog) {
    return dialog.conference ? this.get(dialog.conference)?.participants.get(dialog.callId) : undefined;
  }

  /**
   * Each participant in the room sees the first other source; anyone else, and a lone participant, gets the echo.
   * A spectator session sees the first source other than its token's owner, else whoever is in the room.
   * @param {Conference} conference
   */
  reroute(conference) {
    const sources = conference.sources;
    for (const p of conference.participants.values()) {
      const source = p.inRoom && !p.presentationCall ? sources.find((s) => s !== p) : undefined;
      this.forwarder.route(p.dialog.peer, source?.dialog.peer);
    }
    const inRoom = [...conference.participants.values()].filter((p) => p.inRoom);
    for (const viewer of conference.viewers) {
      const source = sources.find((s) => s.name !== viewer.owner) ?? sources[0] ?? inRoom[0];
      this.forwarder.route(viewer, source?.dialog.peer);
    }
    for (const p of conference.participants.values()) {
      const peer = p.dialog.peer;
      peer.contentEcho = p.presentation === 'none';
      const feed =
        conference.receivesContent(p) && peer.content && p.contentAnnounced
          ? conference.presenter?.dialog.peer
          : undefined;
      this.contentForwarder.route(peer, feed);
    }
    for (const viewer of conference.viewers) this.contentForwarder.route(viewer, conference.presenter?.dialog.peer);
    this.onRerouted(conference);
  }

  /** A conference as JSON, with whose media each participant and viewer receives (a Call-ID, or 'echo'). @param {Conference} conference */
  snapshot(conference) {
    const all = [...conference.participants.values()];
    const receives = (/** @type {import('./forwarder.js').Sink} */ sink) => {
      const source = this.forwarder.sourceOf(sink);
      return source ? (all.find((p) => p.dialog.peer === source)?.callId ?? 'gone') : 'echo';
    };
    const json = conference.snapshot();
    json.participants.forEach((p, i) =>
      Object.assign(p, {
        receives: receives(all[i].dialog.peer),
        content: {
          receives:
            all.find((s) => s.dialog.peer === this.contentForwarder.sourceOf(all[i].dialog.peer))?.callId ?? null,
          announced: all[i].contentAnnounced,
          line: Boolean(all[i].dialog.peer.content),
          packetsSent: all[i].dialog.peer.media.content.packetsSent,
        },
      }),
    );
    json.viewers.forEach((v, i) => Object.assign(v, { receives: receives([...conference.viewers][i]) }));
    return json;
  }

  /** Records a client INFO and returns the configured reply for it, if any. @param {Participant} participant @param {any} req */
  onInfo(participant, req) {
    const contentType = String(req.getHeader('content-type') ?? '');
    const headers = headerMap(req);
    const reply =
      this.#replyFor(participant.conference, contentType, headers) ??
      this.#presentationReply(participant, contentType, headers);
    participant.infos.push({ contentType, headers, status: reply?.status ?? 200, time: Date.now() });
    return reply;
  }

  /** A refused LETMESTARTPRESENTATION in a conference configured with `presentation: 'refuse'`. @param {Participant} participant @param {string} contentType @param {Record<string, string>} headers */
  #presentationReply(participant, contentType, headers) {
    if (shareState(contentType, headers) !== 'LETMESTARTPRESENTATION') return undefined;
    return this.get(participant.conference)?.presentation === 'refuse'
      ? { status: 403, reason: 'Forbidden' }
      : undefined;
  }

  /** @param {string} conference @param {string} contentType @param {Record<string, string>} headers */
  #replyFor(conference, contentType, headers) {
    const lower = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v.trim().toLowerCase()]),
    );
    const type = contentType.split(';')[0].trim().toLowerCase();
    return this.infoReplies.find(
      (r) =>
        (!r.conference || r.conference === conference) &&
        r.contentType.toLowerCase() === type &&
        Object.entries(r.match ?? {}).every(([k, v]) => lower[k.toLowerCase()] === String(v).trim().toLowerCase()),
    );
  }

  reset() {
    for (const conference of this.#byName.values()) for (const viewer of conference.viewers) viewer.close();
    this.forwarder.clear();
    this.contentForwarder.clear();
    this.#byName.clear();
    this.tokens.clear();
    this.infoReplies.length = 0;
  }
}

/** The upper-cased `x-webrtc-share-state` of a sharedesktop INFO, else ''. @param {string} contentType @param {Record<string, string>} headers */
export function shareState(contentType, headers) {
  if (contentType.split(';')[0].trim().toLowerCase() !== 'application/vinteo.webrtc.sharedesktop') return '';
  return (Object.entries(headers).find(([k]) => k.toLowerCase() === 'x-webrtc-share-state')?.[1] ?? '')
    .trim()
    .toUpperCase();
}
