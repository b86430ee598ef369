#!/usr/bin/env node
// Screenshots of the reconnection UI (see shoot.mjs): node test/components/shots/reconnect-shots.mjs [scenes]
import { shoot } from './shoot.mjs';

await shoot({
  page: 'scenes',
  scenes: ['in-call', 'reconnecting', 'media-problem', 'media-timeout', 'dialog-lost', 'gave-up', 'redialling'],
});
