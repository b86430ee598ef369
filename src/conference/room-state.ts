/**
 * Where the call stands in the conference (docs/protocol.md §9), as a derived state: inputs update raw facts, and the
 * status is re-evaluated from them in a fixed order (first match wins). Because nothing depends on the order the
 * inputs came in, out-of-order messages stay consistent: an enter-room before the call is confirmed, or a token
 * issued before we enter its room (kept, and applied once the room matches).
 *
 * Differences from the reference: names keep their case and rooms are compared case-insensitively; the token is
 * tied to its conference and kept when we pass through the waiting room or a P2P room, so it can never lift us into
 * the wrong room and a late "purgatory" INFO does not lose it. The token never leaves this class except through
 * {@link RoomModel.bearerToken}.
 */
import { shownName } from '../connection/config.js';
import type { RoomState, RoomStatus } from './types.js';

export interface StartCallInput {
  number: string;
  /** A presentation-only call (`X-Vinteo-Presentation-Call: yes`). */
  presentationCall: boolean;
}

export interface EnterRoomInput {
  room: string;
  participantName: string;
  bearerToken?: string;
  isDirectPeerToPeer?: boolean;
}

export interface TokenInput {
  conference: string;
  participant: string;
  jwt: string;
}

interface Facts {
  started: boolean;
  number?: string;
  presentationCall: boolean;
  confirmed: boolean;
  hangingUp: boolean;
  room?: string;
  participantName?: string;
  isDirectPeerToPeer: boolean;
  token?: { jwt: string; conference: string };
  startedAt?: number;
}

const P2P_ROOM = /^p2p.+to.+$/i;

const initialFacts = (): Facts => ({
  started: false,
  presentationCall: false,
  confirmed: false,
  hangingUp: false,
  isDirectPeerToPeer: false,
});

export class RoomModel {
  #facts: Facts = initialFacts();
  readonly #now: () => number;
  readonly #ownName: () => string | undefined;

  /** `ownName`: our display name as typed; the server's echo of it (`Demo_guest`) is kept as typed (`Demo guest`). */
  constructor(now: () => number = Date.now, ownName: () => string | undefined = () => undefined) {
    this.#now = now;
    this.#ownName = ownName;
  }

  /** An outgoing call was placed or an incoming one answered. */
  startCall(input: StartCallInput): void {
    this.#facts = { ...initialFacts(), started: true, number: input.number, presentationCall: input.presentationCall };
  }

  /** The call was confirmed (ACK). Ignored when no call was started. */
  confirmed(): void {
    if (this.#facts.started) this.#facts.confirmed = true;
  }

  /** The server put us in a room. Ignored when no call was started or we are hanging up. */
  enterRoom(input: EnterRoomInput): boolean {
    const facts = this.#facts;
    if (!facts.started || facts.hangingUp) return false;
    facts.room = input.room;
    facts.participantName = shownName(input.participantName, this.#ownName());
    facts.isDirectPeerToPeer = input.isDirectPeerToPeer === true;
    if (input.bearerToken) facts.token = { jwt: input.bearerToken, conference: input.room };
    facts.startedAt ??= this.#now();
    return true;
  }

  /** A token for `conference` was issued (it may come before or after we enter that room). */
  tokenIssued(input: TokenInput): boolean {
    const facts = this.#facts;
    if (!facts.started || facts.hangingUp) return false;
    facts.token = { jwt: input.jwt, conference: input.conference };
    facts.participantName = shownName(input.participant, this.#ownName());
    return true;
  }

  /** We started hanging up. */
  hangUp(): void {
    if (this.#facts.started) this.#facts.hangingUp = true;
  }

  /** The call ended (or failed): back to idle, token forgotten. */
  reset(): void {
    this.#facts = initialFacts();
  }

  get status(): RoomStatus {
    return evaluate(this.#facts);
  }

  /** The token, only while it is for a known conference. */
  get bearerToken(): string | undefined {
    return this.#facts.token?.jwt;
  }

  /** The read model (never holds the token itself). */
  get state(): RoomState {
    const f = this.#facts;
    const state: RoomState = {
      status: evaluate(f),
      hasToken: f.token !== undefined,
      isDirectPeerToPeer: f.isDirectPeerToPeer,
    };
    if (f.number !== undefined) state.number = f.number;
    if (f.room !== undefined) state.room = f.room;
    if (f.participantName !== undefined) state.participantName = f.participantName;
    if (f.token) state.tokenConference = f.token.conference;
    if (f.startedAt !== undefined) state.startedAt = f.startedAt;
    return state;
  }
}

/** protocol.md §9 evaluation order; the first rule that holds names the status. */
function evaluate(f: Facts): RoomStatus {
  if (f.hangingUp) return 'disconnecting';
  if (f.confirmed && f.presentationCall) return 'presentation-call';
  if (f.room !== undefined) return roomStatus(f, f.room);
  return f.started ? 'connecting' : 'idle';
}

function roomStatus(f: Facts, room: string): RoomStatus {
  const purgatory = isPurgatory(room);
  if (!purgatory && f.token && sameRoom(f.token.conference, room)) return 'in-room';
  if (f.isDirectPeerToPeer) return 'direct-p2p-room';
  if (P2P_ROOM.test(room)) return 'p2p-room';
  if (purgatory) return 'purgatory';
  return 'room-pending-auth';
}

export function isPurgatory(room: string): boolean {
  return room.toLowerCase() === 'purgatory';
}

/** Room ids compare case-insensitively (the reference lower-cased both sides). */
export function sameRoom(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
