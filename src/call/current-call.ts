/** The call in progress as the call manager holds it, why it ended, and sending its INVITE. */
import type { Inviter } from 'sip.js';
import type { VinteoError } from '../errors.js';
import type { MediaHealthMonitor } from '../media/media-health.js';
import type { AnswerOptions, CallEndCause, CallInfo, CallOptions, CallOriginator, MediaOptions } from '../types.js';
import type { Deferred } from '../util/deferred.js';
import type { CallRecovery } from './call-recovery.js';
import type { CallSession } from './call-session.js';
import { causeForStatus, errorForCause, errorForStatus } from './end-cause.js';

export interface EndReason {
  originator: CallOriginator;
  cause: CallEndCause;
  statusCode?: number;
  reason?: string;
}

/** The call in progress: its data, its dialog, why it ended, and promises that settle with it. */
export interface CurrentCall {
  info: CallInfo;
  /** As the app gave them to `startCall`/`answer`. */
  options: CallOptions | AnswerOptions;
  call: CallSession;
  recovery: CallRecovery;
  health?: MediaHealthMonitor;
  end?: EndReason;
  established: Deferred;
  finished: Deferred;
  accepted?: boolean;
}

/** The error a call that ended for `end` reports (`call:failed`, the rejected `startCall`). */
export function endError(end: EndReason): VinteoError {
  const lost = end.cause === 'dialog-lost' || end.cause === 'media-timeout' || end.cause === 'connection-error';
  return end.statusCode && !lost ? errorForStatus(end.statusCode, end.reason ?? '') : errorForCause(end.cause);
}

/** What the media handler gets of the app's call options (no headers, no signalling switches). */
export function mediaOnly(options: CallOptions | AnswerOptions): MediaOptions {
  const { extraHeaders: _h, directPeerToPeer: _p, ...media } = options as CallOptions;
  return media;
}

export interface InviteOutcome {
  progress: (statusCode: number, reasonPhrase: string) => void;
  accepted: () => void;
  ended: (end: EndReason) => void;
}

/** Sends the INVITE and reports provisional responses, the 2xx, a rejection or a local failure. */
export function sendInvite(inviter: Inviter, outcome: InviteOutcome): void {
  inviter
    .invite({
      requestDelegate: {
        onProgress: (r) => outcome.progress(r.message.statusCode ?? 0, r.message.reasonPhrase ?? ''),
        onAccept: () => outcome.accepted(),
        onReject: (r) =>
          outcome.ended({
            originator: 'remote',
            cause: causeForStatus(r.message.statusCode ?? 0),
            statusCode: r.message.statusCode,
            reason: r.message.reasonPhrase,
          }),
      },
    })
    .catch((error: unknown) => outcome.ended({ originator: 'system', cause: 'media-error', reason: String(error) }));
}
