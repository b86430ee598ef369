#!/usr/bin/env node
// Screenshots of <vinteo-stats> and <vinteo-call show-quality> (see shoot.mjs): node test/components/shots/stats-shots.mjs [scenes]
import { shoot } from './shoot.mjs';

await shoot({
  page: 'stats-scenes',
  prefix: 'stats-',
  scenes: ['excellent', 'poor', 'compact', 'compact-open', 'idle', 'call-badge', 'copied', 'copy-blocked'],
});
