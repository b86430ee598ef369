/** The call's states and the moves between them; the call manager and the testing fake both follow this table. */
import type { CallState } from '../types.js';

export const CALL_TRANSITIONS = {
  idle: ['calling', 'ringing'],
  calling: ['active', 'ending', 'idle'],
  ringing: ['answering', 'ending', 'idle'],
  answering: ['active', 'ending', 'idle'],
  active: ['ending', 'idle'],
  ending: ['idle'],
} as const satisfies Record<CallState, readonly CallState[]>;
