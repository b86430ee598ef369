import type { Session } from 'sip.js';
import { SessionState } from 'sip.js';

/** Follows a sip.js session's state until it terminates, then removes the listener (sip.js never drops listeners itself). */
export function untilTerminated(session: Session, listener: (state: SessionState) => void): void {
  const onState = (state: SessionState): void => {
    if (state === SessionState.Terminated) session.stateChange.removeListener(onState);
    listener(state);
  };
  session.stateChange.addListener(onState);
}
