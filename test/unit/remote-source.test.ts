import { expect } from '@open-wc/testing';
import { CallManager, type CallManagerDeps } from '../../src/call/call-manager.js';
import { TypedEmitter } from '../../src/emitter.js';
import { createFakeStream } from '../../src/testing/fake-media.js';
import type { ConnectorEvents } from '../../src/types.js';

describe('remote media source switch (spectator receive-only session)', () => {
  it('emits removed/added as the view switches, reports only the source in use, and switches back', () => {
    const emitter = new TypedEmitter<ConnectorEvents>();
    const calls = new CallManager({
      emitter,
      connection: {},
      stack: {},
      log: () => undefined,
    } as unknown as CallManagerDeps);
    const seen: string[] = [];
    emitter.on('call:remote-tracks-changed', ({ change, track, tracks }) =>
      seen.push(`${change}:${track.kind}:${tracks.length}`),
    );
    const stream = createFakeStream();
    const source = { tracks: stream.getTracks(), streams: [stream] };
    try {
      calls.useRemoteSource(source);
      expect(calls.remoteTracks).to.equal(source.tracks);
      expect(calls.remoteStreams).to.deep.equal([stream]);
      expect(seen).to.deep.equal(['added:audio:2', 'added:video:2']);
      calls.remoteSourceChanged({ tracks: [], streams: [] }, 'added', source.tracks[0]);
      calls.remoteSourceChanged(source, 'removed', source.tracks[0]);
      expect(seen).to.have.length(3);
      calls.useRemoteSource(source);
      expect(seen).to.have.length(3);
      calls.useRemoteSource(undefined);
      expect(calls.remoteTracks).to.deep.equal([]);
      expect(seen.slice(3)).to.deep.equal(['removed:audio:0', 'removed:video:0']);
    } finally {
      for (const t of stream.getTracks()) t.stop();
    }
  });
});
