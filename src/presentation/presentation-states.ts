/** The presentation's states and the moves between them; the presentation manager and the testing fake both follow this table. */
import type { PresentationState } from './types.js';

export const PRESENTATION_TRANSITIONS = {
  idle: ['starting'],
  starting: ['active', 'idle'],
  active: ['updating', 'stopping', 'idle'],
  updating: ['active', 'idle'],
  stopping: ['idle'],
} as const satisfies Record<PresentationState, readonly PresentationState[]>;
