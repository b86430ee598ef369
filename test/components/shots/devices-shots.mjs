#!/usr/bin/env node
// Screenshots of <vinteo-devices> (see shoot.mjs): node test/components/shots/devices-shots.mjs [scenes]
import { shoot } from './shoot.mjs';

await shoot({
  page: 'devices-scenes',
  prefix: 'devices-',
  scenes: ['lists', 'before-permission', 'blocked', 'no-camera', 'speaker-unsupported', 'in-call'],
});
