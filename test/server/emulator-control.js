// @ts-check
// Control actions of the conference emulator (merged into the server's control API in index.js; documented in
// docs/testing.md, typed in test/support/server.ts). `by` is `{ user }` or `{ callId }` of a live call.
import { PURGATORY } from './conference.js';
import { sendInfo, sendNotify } from './outbound.js';
import {
  adminMediaInfo,
  licenseInfo,
  notifyInfo,
  partStateInfo,
  restartInfo,
  shareStateInfo,
  tokenIssuedNotify,
} from './vinteo-info.js';

/** @typedef {import('./emulator.js').Emulator} Emulator */
/** @typedef {{ user?: string, callId?: string }} By */
/** @typedef {{ conference: string, license?: string, waitingRoom?: boolean, presentation?: 'allow' | 'refuse' }} ConferenceSettings */

/** @param {Emulator} emulator */
export function emulatorControl(emulator) {
  const { conferences } = emulator;
  return {
    conferences: async () => conferences.all().map((c) => conferences.snapshot(c)),
    configureConference: async (/** @type {ConferenceSettings} */ args) => configure(emulator, args),
    stopPresentation: async (/** @type {By & { conference?: string }} */ args) => stopPresentation(emulator, args),
    admit: async (/** @type {By} */ by) => admit(emulator, by),
    setRole: async (
      /** @type {By & { role: 'participant' | 'spectator', audioId?: string, spectatorMode?: number }} */ args,
    ) => setRole(emulator, args),
    adminMedia: async (
      /** @type {By & { device: 'camera' | 'mic', action: 'start' | 'stop', forced?: boolean }} */ args,
    ) => sendInfo(emulator.sip, { ...by(args), ...adminMediaInfo(args) }),
    restart: async (
      /** @type {By & { audioTrackCount?: number, videoTrackCount?: number, direction?: string }} */ args,
    ) => sendInfo(emulator.sip, { ...by(args), ...restartInfo(args) }),
    notifyInfo: async (/** @type {By & { notify: unknown }} */ args) =>
      sendInfo(emulator.sip, { ...by(args), ...notifyInfo(args.notify) }),
    issueToken: async (/** @type {By & { conference?: string }} */ args) => issueToken(emulator, args),
    setLicense: async (/** @type {By & { conference?: string, license: string }} */ args) => setLicense(emulator, args),
    setInfoReply: async (/** @type {import('./conference.js').InfoReply} */ args) => setInfoReply(emulator, args),
    offers: async () => emulator.offers.map((o) => ({ ...o })),
  };
}

/** @param {By} args */
function by({ user, callId }) {
  return callId ? { callId } : { user };
}

/** @param {Emulator} emulator @param {ConferenceSettings} args */
function configure(emulator, { conference, license, waitingRoom, presentation }) {
  if (!conference) throw new Error('conference is required');
  if (presentation !== undefined && presentation !== 'allow' && presentation !== 'refuse')
    throw new Error('presentation must be allow or refuse');
  const target = emulator.conferences.ensure(String(conference));
  if (license !== undefined) target.license = license;
  if (waitingRoom !== undefined) target.waitingRoom = Boolean(waitingRoom);
  if (presentation !== undefined) target.presentation = presentation;
  return {
    conference: target.name,
    license: target.license,
    waitingRoom: target.waitingRoom,
    presentation: target.presentation,
  };
}

/**
 * YOUMUSTSTOPSENDCONTENT to a participant, or (with only `conference`) to that conference's presenter. The
 * presentation ends when the client answers with STOPPRESENTATION (or hangs up).
 * @param {Emulator} emulator @param {By & { conference?: string }} args
 */
async function stopPresentation(emulator, args) {
  const participant =
    args.user || args.callId ? emulator.conferences.find(by(args)) : presenterOf(emulator, args.conference);
  const { status, reason } = await emulator.send(participant, shareStateInfo('YOUMUSTSTOPSENDCONTENT'));
  return { status, reason, callId: participant.callId, user: participant.user };
}

/** @param {Emulator} emulator @param {string | undefined} conference */
function presenterOf(emulator, conference) {
  if (!conference) throw new Error('user, callId or conference is required');
  const presenter = emulator.conferences.get(String(conference))?.presenter;
  if (!presenter) throw new Error(`nobody presents in ${conference}`);
  return presenter;
}

/** Takes a waiting participant into the conference room with a token. @param {Emulator} emulator @param {By} args */
async function admit(emulator, args) {
  const participant = emulator.conferences.find(by(args));
  if (participant.room !== PURGATORY) throw new Error(`${participant.user} is not in the waiting room`);
  const { status, reason } = await emulator.enterRoom(participant, participant.conference);
  return { status, reason, room: participant.room, token: participant.token };
}

/** @param {Emulator} emulator @param {By & { role: 'participant' | 'spectator', audioId?: string, spectatorMode?: number }} args */
async function setRole(emulator, args) {
  if (args.role !== 'participant' && args.role !== 'spectator')
    throw new Error('role must be participant or spectator');
  const participant = emulator.conferences.find(by(args));
  participant.role = args.role;
  emulator.conferences.reroute(emulator.conferences.ensure(participant.conference));
  const { status, reason } = await emulator.send(participant, partStateInfo(args));
  return { status, reason, role: participant.role };
}

/** NOTIFY ConferenceParticipantTokenIssued with a fresh token. @param {Emulator} emulator @param {By & { conference?: string }} args */
async function issueToken(emulator, args) {
  const participant = emulator.conferences.find(by(args));
  const conference = args.conference ?? participant.conference;
  const jwt = emulator.conferences.issueToken(conference, participant.name);
  const notify = tokenIssuedNotify({ conference, participant: participant.name, jwt });
  const { status, reason } = await sendNotify(emulator.sip, { callId: participant.callId, notify });
  return { status, reason, token: jwt, conference };
}

/**
 * With a participant: sends it the licence INFO. Otherwise: the conference's licence for later calls, also
 * sent to everyone already in it.
 * @param {Emulator} emulator @param {By & { conference?: string, license: string }} args
 */
async function setLicense(emulator, args) {
  if (!args.license) throw new Error('license is required');
  const targets = args.user || args.callId ? [emulator.conferences.find(by(args))] : licenseTargets(emulator, args);
  const sent = await Promise.all(
    targets.map(async (p) => ({
      callId: p.callId,
      user: p.user,
      ...(await emulator.send(p, licenseInfo(args.license))),
    })),
  );
  return { license: args.license, sent };
}

/** @param {Emulator} emulator @param {{ conference?: string, license: string }} args */
function licenseTargets(emulator, { conference, license }) {
  if (!conference) throw new Error('conference, user or callId is required');
  const target = emulator.conferences.ensure(String(conference));
  target.license = license;
  return [...target.participants.values()].filter((p) => p.dialog.state === 'confirmed');
}

/**
 * The reply to client INFOs of a content type (optionally only when headers match, and only in one conference);
 * the newest rule wins; status 200 removes the rule.
 * @param {Emulator} emulator @param {import('./conference.js').InfoReply} rule
 */
function setInfoReply(emulator, { conference, contentType, match, status, reason }) {
  if (!contentType || !Number.isInteger(status) || status < 200 || status > 699)
    throw new Error('contentType and a final status are required');
  const replies = emulator.conferences.infoReplies;
  const same = (/** @type {import('./conference.js').InfoReply} */ r) =>
    r.conference === conference &&
    r.contentType.toLowerCase() === contentType.toLowerCase() &&
    JSON.stringify(r.match ?? {}) === JSON.stringify(match ?? {});
  replies.splice(0, replies.length, ...replies.filter((r) => !same(r)));
  if (status !== 200)
    replies.unshift({ conference, contentType, match, status, reason: reason ?? defaultReason(status) });
  return { rules: replies.map((r) => ({ ...r })) };
}

/** @param {number} status */
function defaultReason(status) {
  return (
    /** @type {Record<number, string>} */ ({
      403: 'Forbidden',
      486: 'Busy Here',
      488: 'Not Acceptable Here',
      603: 'Decline',
    })[status] ?? 'Refused'
  );
}
