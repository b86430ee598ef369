/** The status line of <vinteo-call> as a pure function of its view: one phase, one text, one tone. */
import { expect } from '@open-wc/testing';
import {
  callStatus,
  noteShows,
  statusLine,
  type StatusInput,
  type StatusNote,
} from '../../components/call/call-status.js';

const active: StatusInput = {
  state: 'active',
  reconnecting: false,
  roomStatus: 'connecting',
  participantRole: 'participant',
  canSendMedia: true,
  presenting: false,
};
const t = (key: string, values: Record<string, string> = {}) => `${key}${JSON.stringify(values)}`;

describe('callStatus', () => {
  it('says where the call is before it is established', () => {
    expect(callStatus({ ...active, state: 'idle' })).to.include({ phase: 'idle', key: 'state.idle', tone: 'neutral' });
    expect(callStatus({ ...active, state: 'calling' })).to.include({ phase: 'calling', tone: 'progress' });
    expect(callStatus({ ...active, state: 'ringing', caller: 'Bob' })).to.deep.include({
      phase: 'ringing',
      key: 'incoming',
      values: { name: 'Bob' },
    });
    expect(callStatus({ ...active, state: 'ending' }).phase).to.equal('ending');
  });

  it('the waiting room is the waiting room, never "In call"', () => {
    const s = callStatus({ ...active, roomStatus: 'purgatory', room: 'purgatory' });
    expect(s).to.include({ phase: 'waiting-room', key: 'room.purgatory', tone: 'waiting' });
  });

  it('in the room, with its name; a plain SIP call is "In call"', () => {
    expect(callStatus({ ...active, roomStatus: 'in-room', room: 'Board' })).to.deep.include({
      phase: 'in-room',
      key: 'status.in-room',
      values: { room: 'Board' },
      tone: 'live',
    });
    expect(callStatus(active)).to.include({ phase: 'in-call', key: 'state.active' });
    expect(callStatus({ ...active, roomStatus: 'p2p-room', room: 'p2p1to2' }).phase).to.equal('in-call');
  });

  it('a spectator is a spectator (whether it may send or not), wherever the room is', () => {
    const spectator = { ...active, roomStatus: 'in-room' as const, room: 'B', participantRole: 'spectator' as const };
    expect(callStatus({ ...spectator, canSendMedia: false })).to.include({
      phase: 'spectator',
      key: 'status.spectator',
      tone: 'spectator',
    });
    expect(callStatus({ ...spectator, canSendMedia: true }).key).to.equal('status.spectator-can-send');
  });

  it('the waiting room wins over the role; presenting shows while a participant in the room', () => {
    expect(callStatus({ ...active, roomStatus: 'purgatory', participantRole: 'spectator' }).phase).to.equal(
      'waiting-room',
    );
    expect(callStatus({ ...active, roomStatus: 'in-room', presenting: true }).phase).to.equal('presenting');
  });

  it('reconnecting wins over everything inside a call', () => {
    const s = callStatus({ ...active, roomStatus: 'in-room', reconnecting: true, participantRole: 'spectator' });
    expect(s).to.include({ phase: 'reconnecting', key: 'call.kept', tone: 'warning' });
    expect(callStatus({ ...active, state: 'idle', reconnecting: true }).phase, 'no call, nothing kept').to.equal(
      'idle',
    );
  });

  it('an audio-only licence is not a phase (it is shown beside the status, not instead of it)', () => {
    expect(callStatus({ ...active, roomStatus: 'in-room', room: 'B', license: 'AUDIO' }).phase).to.equal('in-room');
  });
});

describe('statusLine / noteShows', () => {
  const idle = callStatus({ ...active, state: 'idle' });
  const inRoom = callStatus({ ...active, roomStatus: 'in-room', room: 'B' });
  const kept = callStatus({ ...active, reconnecting: true });

  it('a note shows only while it is about the current phase', () => {
    const ended: StatusNote = { text: 'Call ended', scope: 'idle' };
    expect(noteShows(ended, idle)).to.equal(true);
    expect(noteShows(ended, inRoom), 'the next call replaces it').to.equal(false);
    const back: StatusNote = { text: 'Call restored', scope: 'phase', phase: 'in-room' };
    expect(noteShows(back, inRoom)).to.equal(true);
    expect(
      noteShows(back, callStatus({ ...active, roomStatus: 'purgatory' })),
      'moved: the new phase says so',
    ).to.equal(false);
    expect(noteShows({ text: 'Keeping…', scope: 'reconnecting' }, kept)).to.equal(true);
    expect(noteShows({ text: 'Keeping…', scope: 'reconnecting' }, inRoom)).to.equal(false);
    expect(noteShows({ text: '', scope: 'idle' }, idle)).to.equal(false);
  });

  it('the line is the note (a lost call as a problem) or the phase text', () => {
    expect(statusLine(idle, { text: 'Lost. Press Call.', scope: 'idle', problem: true }, t)).to.deep.equal({
      text: 'Lost. Press Call.',
      tone: 'problem',
      phase: 'idle',
    });
    expect(statusLine(inRoom, undefined, t)).to.deep.equal({
      text: 'status.in-room{"room":"B"}',
      tone: 'live',
      phase: 'in-room',
    });
  });
});
