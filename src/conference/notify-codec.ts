/**
 * Decodes the `x-vinteo-notify` JSON (docs/protocol.md §7), from an out-of-dialog NOTIFY or an
 * `application/vinteo.webrtc.notify` INFO, into the `api:*` event it stands for. `cmd` is matched exactly (case
 * sensitive, as the server sends it). Some commands carry their data at the top level, others under `body`.
 * Malformed JSON, an unknown `cmd`, missing or wrongly typed fields and oversized values give warnings, never throws.
 */
import type { ApiEvents } from './types.js';
import { MAX_TEXT_LENGTH, MAX_TOKEN_LENGTH, preview } from './wire-values.js';

/** Longest notification JSON we parse. */
export const MAX_NOTIFY_LENGTH = 64 * 1024;

type NotifyEventName =
  | 'api:channels:notify'
  | 'api:webcast:started'
  | 'api:webcast:stopped'
  | 'api:participant:added-to-list-moderators'
  | 'api:participant:removed-from-list-moderators'
  | 'api:participation:accepting-word-request'
  | 'api:participation:cancelling-word-request'
  | 'api:participant:move-request-to-stream'
  | 'api:account:changed'
  | 'api:account:deleted'
  | 'api:conference:participant-token-issued';

/** One decoded notification: the event to emit and its payload. */
export type NotifyEvent = { [K in NotifyEventName]: { name: K; payload: ApiEvents[K] } }[NotifyEventName];

export interface DecodedNotify {
  event?: NotifyEvent;
  warnings: string[];
}

type Json = Record<string, unknown>;
type Decoder = (json: Json) => NotifyEvent | string;

const conferenceIn =
  (
    where: 'top' | 'body',
    name:
      | 'api:participant:added-to-list-moderators'
      | 'api:participant:removed-from-list-moderators'
      | 'api:participation:accepting-word-request'
      | 'api:participation:cancelling-word-request'
      | 'api:participant:move-request-to-stream',
  ): Decoder =>
  (json) => {
    const source = where === 'top' ? json : objectAt(json, 'body');
    const conference = text(source, 'conference');
    return conference === undefined
      ? `needs a string ${where === 'body' ? 'body.' : ''}conference`
      : { name, payload: { conference } };
  };

const webcast =
  (name: 'api:webcast:started' | 'api:webcast:stopped'): Decoder =>
  (json) => {
    const body = objectAt(json, 'body');
    const conference = text(body, 'conference');
    const type = text(body, 'type');
    return conference === undefined || type === undefined
      ? 'needs string body.conference and body.type'
      : { name, payload: { conference, type } };
  };

const DECODERS: Record<string, Decoder> = {
  channels: (json) => {
    const input = text(json, 'input');
    const output = text(json, 'output');
    return input === undefined || output === undefined
      ? 'needs string input and output'
      : { name: 'api:channels:notify', payload: { inputChannels: input, outputChannels: output } };
  },
  WebcastStarted: webcast('api:webcast:started'),
  WebcastStopped: webcast('api:webcast:stopped'),
  addedToListModerators: conferenceIn('top', 'api:participant:added-to-list-moderators'),
  removedFromListModerators: conferenceIn('top', 'api:participant:removed-from-list-moderators'),
  ParticipationRequestAccepted: conferenceIn('body', 'api:participation:accepting-word-request'),
  ParticipationRequestRejected: conferenceIn('body', 'api:participation:cancelling-word-request'),
  ParticipantMovedToWebcast: conferenceIn('body', 'api:participant:move-request-to-stream'),
  accountChanged: () => ({ name: 'api:account:changed', payload: {} }),
  accountDeleted: () => ({ name: 'api:account:deleted', payload: {} }),
  ConferenceParticipantTokenIssued: tokenIssued,
};

/** Decodes a notification JSON string (the header value). */
export function decodeNotify(raw: unknown): DecodedNotify {
  const parsed = parse(raw);
  if (typeof parsed === 'string') return { warnings: [parsed] };
  const cmd = parsed.cmd;
  const decoder = typeof cmd === 'string' && Object.hasOwn(DECODERS, cmd) ? DECODERS[cmd] : undefined;
  if (!decoder)
    return {
      warnings: [`Ignored a notification with unknown cmd "${preview(typeof cmd === 'string' ? cmd : String(cmd))}"`],
    };
  const result = decoder(parsed);
  return typeof result === 'string'
    ? { warnings: [`Ignored notification ${cmd}: it ${result}`] }
    : { event: result, warnings: [] };
}

function tokenIssued(json: Json): NotifyEvent | string {
  const body = objectAt(json, 'body');
  const conference = text(body, 'conference');
  const participant = text(body, 'participant');
  const jwt = text(body, 'jwt', MAX_TOKEN_LENGTH);
  if (!conference || !participant || !jwt)
    return 'needs non-empty string body.conference, body.participant and body.jwt';
  return { name: 'api:conference:participant-token-issued', payload: { conference, participant, jwt } };
}

/** The JSON object, or why it is not one. */
function parse(raw: unknown): Json | string {
  if (typeof raw !== 'string' || !raw.trim()) return 'Ignored a notification without x-vinteo-notify JSON';
  if (raw.length > MAX_NOTIFY_LENGTH) return `Ignored a notification longer than ${MAX_NOTIFY_LENGTH} characters`;
  try {
    const value: unknown = JSON.parse(raw);
    return isObject(value) ? value : 'Ignored a notification whose JSON is not an object';
  } catch {
    return `Ignored a notification with malformed JSON (${raw.length} characters)`;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectAt(json: Json, key: string): Json {
  const value = json[key];
  return isObject(value) ? value : {};
}

/** A trimmed non-empty string field up to `max` characters, else undefined. */
function text(json: Json, key: string, max = MAX_TEXT_LENGTH): string | undefined {
  const value = json[key];
  if (typeof value !== 'string' || value.length > max) return undefined;
  return value.trim() ? value.trim() : undefined;
}
