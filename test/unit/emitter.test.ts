import { expect } from '@open-wc/testing';
import { TypedEmitter } from '../../src/emitter.js';

interface Events {
  ping: { n: number };
  pong: undefined;
}

describe('TypedEmitter', () => {
  it('delivers payloads and unsubscribes', () => {
    const emitter = new TypedEmitter<Events>();
    const seen: number[] = [];
    const off = emitter.on('ping', ({ n }) => seen.push(n));
    emitter.emit('ping', { n: 1 });
    off();
    emitter.emit('ping', { n: 2 });
    expect(seen).to.deep.equal([1]);
    expect(emitter.listenerCount()).to.equal(0);
  });

  it('once fires a single time and wait resolves with the payload', async () => {
    const emitter = new TypedEmitter<Events>();
    let count = 0;
    emitter.once('ping', () => count++);
    const waited = emitter.wait('ping', 1000);
    emitter.emit('ping', { n: 7 });
    emitter.emit('ping', { n: 8 });
    expect(count).to.equal(1);
    expect((await waited).n).to.equal(7);
  });

  it('wait rejects on timeout and a throwing listener does not stop others', async () => {
    const errors: unknown[] = [];
    const emitter = new TypedEmitter<Events>((error) => errors.push(error));
    let reached = false;
    emitter.on('ping', () => {
      throw new Error('boom');
    });
    emitter.on('ping', () => {
      reached = true;
    });
    emitter.emit('ping', { n: 1 });
    expect(reached).to.equal(true);
    expect(errors).to.have.length(1);
    let rejected = false;
    await emitter.wait('pong', 10).catch(() => {
      rejected = true;
    });
    expect(rejected).to.equal(true);
  });
});
