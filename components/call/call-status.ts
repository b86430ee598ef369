/**
 * The one status line of `<vinteo-call>`, derived by pure functions from what the element shows of the session:
 * each situation (waiting room, in the room, spectator, reconnecting, presenting …) is one phase with one text and
 * one tone, so the element never shows two lines that contradict each other. Unit-tested in test/unit/call-status.
 */
import type { License, RoomStatus } from '../../src/conference/types.js';
import type { CallState } from '../../src/types.js';
import type { StringKey } from '../i18n.js';

/** What the status line is derived from (a slice of the element's view of the session snapshot). */
export interface StatusInput {
  state: CallState;
  reconnecting: boolean;
  roomStatus: RoomStatus;
  room?: string;
  participantRole: 'participant' | 'spectator';
  canSendMedia: boolean;
  license?: License;
  /** Our own presentation is on (`presentation` state `active` or `updating`). */
  presenting: boolean;
  /** Who calls, while ringing. */
  caller?: string;
}

export type CallPhase =
  | 'idle'
  | 'calling'
  | 'ringing'
  | 'answering'
  | 'waiting-room'
  | 'pending-auth'
  | 'in-call'
  | 'in-room'
  | 'spectator'
  | 'presenting'
  | 'reconnecting'
  | 'ending';

/** The styling of the line: `progress` (dialling), `waiting`, `live`, `spectator`, `warning`, `problem`. */
export type StatusTone =
  'neutral' | 'progress' | 'waiting' | 'live' | 'spectator' | 'presenting' | 'warning' | 'problem';

export interface CallStatus {
  phase: CallPhase;
  key: StringKey;
  values: Record<string, string>;
  tone: StatusTone;
}

/** A message about something that happened (the call ended, sound came back …), shown while its phase lasts. */
export interface StatusNote {
  text: string;
  /** `idle`: after a call until the next one; `reconnecting`: while the call is kept; `phase`: until the phase changes. */
  scope: 'idle' | 'reconnecting' | 'phase';
  /** For `phase` notes: the phase it was said in. */
  phase?: CallPhase;
  /** A lost call's reason and next step (styled as a problem). */
  problem?: boolean;
}

const DIALLING: Partial<Record<CallState, [CallPhase, StringKey]>> = {
  idle: ['idle', 'state.idle'],
  calling: ['calling', 'state.calling'],
  answering: ['answering', 'state.answering'],
  ending: ['ending', 'state.ending'],
};

const status = (
  phase: CallPhase,
  key: StringKey,
  tone: StatusTone,
  values: Record<string, string> = {},
): CallStatus => ({
  phase,
  key,
  values,
  tone,
});

/** The phase and its text for a view of the session. */
export function callStatus(view: StatusInput): CallStatus {
  if (view.state === 'ringing') return status('ringing', 'incoming', 'progress', { name: view.caller ?? '' });
  const dialling = DIALLING[view.state];
  if (dialling) return status(dialling[0], dialling[1], dialling[0] === 'idle' ? 'neutral' : 'progress');
  if (view.reconnecting) return status('reconnecting', 'call.kept', 'warning');
  return inCallStatus(view);
}

/** The established call: where in the conference we are, and as whom. */
function inCallStatus(view: StatusInput): CallStatus {
  const room = view.room ?? '';
  if (view.roomStatus === 'purgatory') return status('waiting-room', 'room.purgatory', 'waiting');
  if (view.roomStatus === 'room-pending-auth')
    return status('pending-auth', 'room.room-pending-auth', 'waiting', { room });
  if (view.participantRole === 'spectator') {
    return status('spectator', view.canSendMedia ? 'status.spectator-can-send' : 'status.spectator', 'spectator');
  }
  if (view.presenting) return status('presenting', 'status.presenting', 'presenting');
  if (view.roomStatus === 'in-room') return status('in-room', 'status.in-room', 'live', { room });
  return status('in-call', 'state.active', 'live');
}

/** Is `note` still about the current situation? */
export function noteShows(note: StatusNote | undefined, current: CallStatus): note is StatusNote {
  if (!note || !note.text) return false;
  if (note.scope === 'idle') return current.phase === 'idle';
  if (note.scope === 'reconnecting') return current.phase === 'reconnecting';
  return note.phase === current.phase;
}

/** The line's text and tone: the note while it is about the current phase, else the phase's own text. */
export function statusLine(
  current: CallStatus,
  note: StatusNote | undefined,
  t: (key: StringKey, values?: Record<string, string>) => string,
): { text: string; tone: StatusTone; phase: CallPhase } {
  if (noteShows(note, current)) {
    return { text: note.text, tone: note.problem ? 'problem' : current.tone, phase: current.phase };
  }
  return { text: t(current.key, current.values), tone: current.tone, phase: current.phase };
}
