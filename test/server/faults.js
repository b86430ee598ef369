// @ts-check
// Network faults and proxy behaviour across a client's reconnection: the settings the SIP server reads
// (dialog grace after a socket closes, OPTIONS/keep-alive replies, forced re-INVITE replies), and the control
// actions that make real faults (drop a socket, refuse connections, restart, stop a call's media).

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
