#!/usr/bin/env node
// Screenshots of the conference UI (see shoot.mjs): node test/components/shots/call-shots.mjs [scenes]
import { shoot } from './shoot.mjs';

await shoot({
  page: 'call-scenes',
  prefix: 'call-',
  scenes: ['before-call', 'in-call', 'waiting-room', 'spectator', 'audio-only', 'reconnecting', 'permission-error'],
});
