// @ts-check
// Network faults and proxy behaviour across a client's reconnection: the settings the SIP server reads
// (dialog grace after a socket closes, OPTIONS/keep-alive replies, forced re-INVITE replies), and the control
// actions that make real faults (drop a socket, refuse connections, restart, stop a call's media or its video,
// drop a share of its RTP, cap the loopback bandwidth).
import { LinkCap } from './link-cap.js';

/** The defaults, restored by `reset()`. */
export function defaultFaults() {
  return {
    /** How long a dialog outlives its client's closed WebSocket, waiting for an in-dialog request on a new one. */
    dialogGraceMs: 32_000,
    /** 'ignore': OPTIONS and CRLF keep-alive pings go unanswered (a transport that looks open but is dead). */
    optionsReply: /** @type {'answer' | 'ignore'} */ ('answer'),
    /** Client re-INVITEs answered with this status instead of 200 (`count` left; Infinity = until reset). */
    reinviteReply: /** @type {{ status: number, count: number } | undefined} */ (undefined),
  };
}

/** @typedef {ReturnType<typeof defaultFaults>} FaultSettings */

/** @param {FaultSettings} faults @param {{ dialogGraceMs?: number }} args */
export function configureFaults(faults, { dialogGraceMs }) {
  if (dialogGraceMs !== undefined) {
    if (!Number.isFinite(dialogGraceMs) || dialogGraceMs < 0) throw new Error('dialogGraceMs must be a number >= 0');
    faults.dialogGraceMs = dialogGraceMs;
  }
  return { dialogGraceMs: faults.dialogGraceMs };
}

/** Takes one use of the forced re-INVITE reply, if any. @param {FaultSettings} faults */
export function takeReinviteReply(faults) {
  const rule = faults.reinviteReply;
  if (!rule) return undefined;
  rule.count--;
  if (rule.count <= 0) faults.reinviteReply = undefined;
  return rule.status;
}

/**
 * The server's listening socket, as the fault controls see it.
 * @typedef {{ listening(): boolean, close(): Promise<void>, listen(): Promise<void>, sockets(): Iterable<any> }} Listener
 */

/** @typedef {import('./sip-server.js').SipServer} SipServer */
/** @typedef {{ user?: string, callId?: string }} By */

/**
 * The fault control actions (merged into the control API in index.js, typed in test/support/server.ts).
 * @param {SipServer} sip @param {Listener} listener
 */
export function faultControl(sip, listener) {
  const outage = new Outage(listener);
  const cap = new LinkCap();
  const reset = async () => {
    Object.assign(sip.faults, defaultFaults());
    for (const dialog of sip.dialogs.values()) liftMediaFaults(dialog.peer);
    await Promise.all([outage.end(), cap.lift()]);
  };
  return {
    reset,
    actions: {
      ...faultActions(sip, listener, outage),
      ...mediaFaultActions(sip, cap),
      resetFaults: async () => (await reset(), { ok: true }),
    },
  };
}

/** The impairments of a call's media peer that reset() lifts (stopMedia stays, as before). @param {import('./media-peer.js').MediaPeer} peer */
function liftMediaFaults(peer) {
  if (peer.rtpLoss) peer.setRtpLoss(0);
  peer.videoStop = undefined;
}

/** @param {SipServer} sip @param {LinkCap} cap */
function mediaFaultActions(sip, cap) {
  return {
    dropRtp: async (/** @type {By & { share: number }} */ args) => dropRtp(sip, args),
    stopVideo: async (/** @type {By & { stopped?: boolean, untilReinvite?: boolean }} */ args) => stopVideo(sip, args),
    capBandwidth: async (
      /** @type {{ rateKbit: number, burstKbit?: number, latencyMs?: number, ms?: number }} */ args,
    ) => cap.apply(args),
    liftBandwidthCap: async () => cap.lift(),
    bandwidthCap: async () => cap.status(),
  };
}

/** @param {SipServer} sip @param {Listener} listener @param {Outage} outage */
function faultActions(sip, listener, outage) {
  return {
    configureFaults: async (/** @type {{ dialogGraceMs?: number }} */ args) => configureFaults(sip.faults, args),
    dropConnection: async (/** @type {By & { mode?: 'abrupt' | 'clean' }} */ args) => dropConnection(sip, args),
    refuseConnections: async (/** @type {{ ms: number }} */ { ms }) => outage.start(ms),
    listening: async () => ({ listening: listener.listening() }),
    // Named restartServer: `restart` is the emulator's restart INFO (emulator-control.js).
    restartServer: async (/** @type {{ downMs?: number }} */ { downMs = 0 }) => restart(sip, listener, outage, downMs),
    setOptionsReply: async (/** @type {{ mode: 'answer' | 'ignore' }} */ args) => setOptionsReply(sip.faults, args),
    stopMedia: async (/** @type {By & { stopped?: boolean }} */ args) => stopMedia(sip, args),
    setReinviteReply: async (/** @type {{ status: number, count?: number }} */ args) =>
      setReinviteReply(sip.faults, args),
  };
}

/** Closes the WebSocket of a call or a user: 'clean' = close frame 1001, 'abrupt' (default) = socket destroyed. @param {SipServer} sip @param {By & { mode?: 'abrupt' | 'clean' }} args */
function dropConnection(sip, { user, callId, mode = 'abrupt' }) {
  if (mode !== 'abrupt' && mode !== 'clean') throw new Error('mode must be abrupt or clean');
  const socket = socketOf(sip, { user, callId });
  if (!socket || socket.readyState !== 1) throw new Error(`no open connection for ${callId ?? user ?? 'anyone'}`);
  if (mode === 'clean') socket.close(1001, 'Going Away');
  else socket.terminate();
  return { dropped: true, connectionId: socket.connectionId, mode };
}

/** @param {SipServer} sip @param {By} by @returns {any} */
function socketOf(sip, { user, callId }) {
  const live = [...sip.dialogs.values()].filter((d) => d.state !== 'terminated' && d.socket.readyState === 1);
  if (callId) return live.find((d) => d.callId === callId)?.socket;
  return (user ? sip.registrations.get(user)?.socket : undefined) ?? live.find((d) => !user || d.user === user)?.socket;
}

/** The listener closed for a while (connections refused), then listening again on the same port. */
class Outage {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #timer;
  until = 0;

  /** @param {Listener} listener */
  constructor(listener) {
    this.listener = listener;
  }

  /** @param {number} ms */
  async start(ms) {
    if (!Number.isFinite(ms) || ms < 0) throw new Error('ms must be a number >= 0');
    clearTimeout(this.#timer);
    if (this.listener.listening()) await this.listener.close();
    this.until = Date.now() + ms;
    this.#timer = setTimeout(() => void this.end(), ms);
    return { until: this.until };
  }

  async end() {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.listener.listening()) await this.listener.listen();
  }
}

/** Like a process restart: every socket cut, every call, registration and pending INVITE forgotten, down for downMs. @param {SipServer} sip @param {Listener} listener @param {Outage} outage @param {number} downMs */
async function restart(sip, listener, outage, downMs) {
  for (const dialog of sip.dialogs.values()) dialog.terminate();
  for (const pending of sip.pendingInvites.values()) clearTimeout(pending.timer);
  sip.dialogs.clear();
  sip.pendingInvites.clear();
  sip.registrations.clear();
  const { until } = await outage.start(downMs);
  for (const socket of listener.sockets()) socket.terminate();
  return { until };
}

/** @param {FaultSettings} faults @param {{ mode: 'answer' | 'ignore' }} args */
function setOptionsReply(faults, { mode }) {
  if (mode !== 'answer' && mode !== 'ignore') throw new Error('mode must be answer or ignore');
  faults.optionsReply = mode;
  return { mode };
}

/** @param {SipServer} sip @param {By} by */
function liveDialog(sip, { user, callId }) {
  const dialog = [...sip.dialogs.values()].find(
    (d) => d.state !== 'terminated' && (callId ? d.callId === callId : !user || d.user === user),
  );
  if (!dialog) throw new Error(`no active dialog for ${callId ?? user ?? 'anyone'}`);
  return dialog;
}

/** A call's media peer stops (or resumes) sending RTP and RTCP; ICE and the dialog stay. @param {SipServer} sip @param {By & { stopped?: boolean }} args */
function stopMedia(sip, { user, callId, stopped = true }) {
  const dialog = liveDialog(sip, { user, callId });
  dialog.peer.setSending(!stopped);
  return { callId: dialog.callId, stopped: Boolean(stopped) };
}

/** A call's media peer drops `share` (0–1, 0 lifts it) of the RTP it sends. @param {SipServer} sip @param {By & { share: number }} args */
function dropRtp(sip, { user, callId, share }) {
  const dialog = liveDialog(sip, { user, callId });
  const dropped = dialog.peer.rtpDropped;
  dialog.peer.setRtpLoss(Number(share));
  return { callId: dialog.callId, share: dialog.peer.rtpLoss, dropped };
}

/**
 * A call's main video stops (audio and content go on); `stopped: false` resumes it; `untilReinvite`: the
 * browser's next re-INVITE resumes it (a far end whose stuck encoder a renegotiation restarts).
 * @param {SipServer} sip @param {By & { stopped?: boolean, untilReinvite?: boolean }} args
 */
function stopVideo(sip, { user, callId, stopped = true, untilReinvite = false }) {
  const dialog = liveDialog(sip, { user, callId });
  dialog.peer.videoStop = stopped ? { untilReoffer: Boolean(untilReinvite) } : undefined;
  return { callId: dialog.callId, stopped: Boolean(stopped), untilReinvite: Boolean(stopped && untilReinvite) };
}

/** @param {FaultSettings} faults @param {{ status: number, count?: number }} args */
function setReinviteReply(faults, { status, count }) {
  if (status === 200) return { status: 200, count: ((faults.reinviteReply = undefined), 0) };
  if (!Number.isInteger(status) || status < 300 || status > 699)
    throw new Error('status must be 200 or a final error status');
  faults.reinviteReply = { status, count: count ?? Infinity };
  return { status, count: count ?? null };
}
