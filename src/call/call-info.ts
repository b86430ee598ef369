/** Plain data views of sip.js sessions (no sip.js object crosses the public surface). */
import type { Invitation, Session } from 'sip.js';
import type { CallDirection, CallInfo, CallerInfo } from '../types.js';
import { headersOf } from '../util/headers.js';

let counter = 0;

export function callInfoFor(session: Session, direction: CallDirection, target: string): CallInfo {
  const remote = session.remoteIdentity;
  return {
    id: `call-${Date.now().toString(36)}-${(counter++).toString(36)}`,
    direction,
    target,
    remoteUri: remote.uri.toString(),
    remoteDisplayName: remote.displayName || undefined,
  };
}

export function callerFrom(invitation: Invitation): CallerInfo {
  const identity = invitation.remoteIdentity;
  return {
    user: identity.uri.user ?? '',
    displayName: identity.displayName || undefined,
    host: identity.uri.host,
    uri: identity.uri.toString(),
    headers: headersOf(invitation.request as never),
  };
}
