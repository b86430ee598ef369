// @ts-check
// Requests the server originates toward browsers: INVITE (call a registered user), CANCEL, in-dialog INFO,
// and out-of-dialog NOTIFY.
import { Dialog } from './dialog.js';
import { newBranch, newCallId, newTag, serialize, uriOf } from './sip-wire.js';

/** @typedef {import('./sip-server.js').SipServer} SipServer */

/**
 * @param {SipServer} sip
 * @param {{ user: string, from?: string, displayName?: string, headers?: Record<string, string> }} args
 */
export async function callUser(sip, { user, from = 'vinteo', displayName, headers = {} }) {
  const reg = sip.registrations.get(user);
  if (!reg) throw new Error(`${user} is not registered`);
  const domain = 'vinteo.local';
  const dialog = new Dialog({
    callId: newCallId(),
    direction: 'outgoing',
    user,
    target: from,
    socket: reg.socket,
    localUri: `sip:${from}@${domain}`,
    localTag: newTag(),
    remoteUri: `sip:${user}@${domain}`,
    remoteTarget: reg.contact,
    contact: sip.contact,
  });
  sip.dialogs.set(dialog.callId, dialog);
  const sdp = await dialog.peer.offer();
  const name = displayName ? `"${displayName}" ` : '';
  const extra = Object.entries(headers).map(([k, v]) => /** @type {[string, string]} */ ([k, v]));
  const { text, branch, cseq } = dialog.request('INVITE', [['Content-Type', 'application/sdp'], ...extra], sdp, 1);
  const invite = text.replace(/^From: <([^>]+)>/m, `From: ${name}<$1>`);
  dialog.pendingInvite = { branch, cseq };
  sip.transactions.set(branch, (res) => void onInviteResponse(sip, dialog, res, branch, cseq));
  dialog.send(invite);
  return { callId: dialog.callId };
}

/** @param {SipServer} sip @param {Dialog} dialog @param {any} res @param {string} branch @param {number} cseq */
async function onInviteResponse(sip, dialog, res, branch, cseq) {
  if (res.statusCode < 200) return;
  sip.transactions.delete(branch);
  dialog.finalStatus = res.statusCode;
  dialog.remoteTag = res.toTag;
  if (res.statusCode >= 300) {
    dialog.send(ackForFailure(dialog, res, branch, cseq));
    dialog.terminate();
    return;
  }
  dialog.remoteTarget = uriOf(res.getHeader('contact') ?? dialog.remoteTarget);
  dialog.send(dialog.request('ACK', [], '', cseq).text);
  dialog.state = 'confirmed';
  await dialog.peer.accept(res.body ?? '').catch(() => sip.byeDialog(dialog));
}

/** A non-2xx ACK reuses the INVITE's branch and the response's To. @param {Dialog} dialog @param {any} res @param {string} branch @param {number} cseq */
function ackForFailure(dialog, res, branch, cseq) {
  return serialize(`ACK ${dialog.remoteTarget} SIP/2.0`, [
    ['Via', `SIP/2.0/WSS vinteo.local;branch=${branch}`],
    ['Max-Forwards', 70],
    ['From', `<${dialog.localUri}>;tag=${dialog.localTag}`],
    ['To', res.getHeader('to')],
    ['Call-ID', dialog.callId],
    ['CSeq', `${cseq} ACK`],
  ]);
}

/** @param {SipServer} sip  @param {{ callId: string }} args */
export function cancelCall(sip, { callId }) {
  const dialog = sip.dialogs.get(callId);
  const pending = dialog?.pendingInvite;
  if (!dialog || !pending || dialog.finalStatus) throw new Error('no ringing call with that Call-ID');
  const text = serialize(`CANCEL ${dialog.remoteTarget} SIP/2.0`, [
    ['Via', `SIP/2.0/WSS vinteo.local;branch=${pending.branch}`],
    ['Max-Forwards', 70],
    ['From', `<${dialog.localUri}>;tag=${dialog.localTag}`],
    ['To', `<${dialog.remoteUri}>`],
    ['Call-ID', callId],
    ['CSeq', `${pending.cseq} CANCEL`],
  ]);
  const cancelBranchWaiter = sip.transactions.get(pending.branch);
  // The CANCEL shares the INVITE's branch; its 200 and the INVITE's 487 both come back on it.
  sip.transactions.set(pending.branch, (res) => {
    if (/CANCEL/i.test(res.getHeader('cseq') ?? '')) return;
    cancelBranchWaiter?.(res);
  });
  dialog.send(text);
  return { sent: true };
}

/** @param {SipServer} sip @param {{ callId?: string, user?: string, contentType: string, headers?: Record<string, string>, body?: string }} args */
export async function sendInfo(sip, { callId, user, contentType, headers = {}, body = '' }) {
  const dialog = findDialog(sip, { callId, user });
  const extra = headerList({ 'Content-Type': contentType, ...headers });
  const { text, branch } = dialog.request('INFO', extra, body);
  const res = await sip.transact(dialog, text, branch);
  return { status: res.statusCode, reason: res.reasonPhrase };
}

/**
 * Out-of-dialog NOTIFY; `notify` (an object or a JSON string) becomes the `X-VINTEO-NOTIFY` header.
 * @param {SipServer} sip
 * @param {{ callId?: string, user?: string, event?: string, headers?: Record<string, string>, body?: string, contentType?: string, notify?: unknown }} args
 */
export async function sendNotify(
  sip,
  { callId, user, event = 'vinteo', headers = {}, body = '', contentType, notify },
) {
  const { socket, contact, toUser } = notifyTarget(sip, { callId, user });
  const branch = newBranch();
  const extra = headerList(headers);
  if (notify !== undefined)
    extra.push(['X-VINTEO-NOTIFY', typeof notify === 'string' ? notify : JSON.stringify(notify)]);
  if (body) extra.push(['Content-Type', contentType ?? 'application/json']);
  const text = serialize(
    `NOTIFY ${contact} SIP/2.0`,
    [
      ['Via', `SIP/2.0/WSS vinteo.local;branch=${branch}`],
      ['Max-Forwards', 70],
      ['From', `<sip:vinteo@vinteo.local>;tag=${newTag()}`],
      ['To', `<sip:${toUser}@vinteo.local>`],
      ['Call-ID', newCallId()],
      ['CSeq', '1 NOTIFY'],
      ['Event', event],
      ['Subscription-State', 'terminated'],
      ...extra,
    ],
    body,
  );
  const res = await sip.transact({ send: (t) => socket.send(t) }, text, branch);
  return { status: res.statusCode, reason: res.reasonPhrase };
}

/** Header pairs from a {name: value} object; a name or value that would break the SIP text is refused. @param {Record<string, unknown>} headers */
function headerList(headers) {
  return Object.entries(headers).map(([name, value]) => {
    const text = String(value);
    if (!/^[\w.!%*+`'~-]+$/.test(name) || /[\r\n]/.test(text)) throw new Error(`bad header ${JSON.stringify(name)}`);
    return /** @type {[string, string]} */ ([name, text]);
  });
}

/** @param {SipServer} sip @param {{ callId?: string, user?: string }} by */
export function findDialog(sip, { callId, user }) {
  const live = [...sip.dialogs.values()].filter((d) => d.state !== 'terminated');
  const dialog = callId
    ? live.find((d) => d.callId === callId)
    : (live.find((d) => d.user === user) ?? (user ? undefined : live.at(-1)));
  if (!dialog) throw new Error(`no active dialog for ${callId ?? user ?? 'anyone'}`);
  return dialog;
}

/** @param {SipServer} sip @param {{ callId?: string, user?: string }} by */
function notifyTarget(sip, { callId, user }) {
  const reg = user ? sip.registrations.get(user) : undefined;
  if (reg) return { socket: reg.socket, contact: reg.contact, toUser: reg.user };
  const dialog = findDialog(sip, { callId, user });
  return { socket: dialog.socket, contact: dialog.remoteTarget, toUser: dialog.user };
}

/**
 * An in-dialog re-INVITE from the server with `offer`; ACKs the final response and resolves with the answer SDP
 * of a 2xx, else rejects with an error carrying the status (491 when the browser was renegotiating itself).
 * @param {SipServer} sip @param {Dialog} dialog @param {string} offer
 * @returns {Promise<string>}
 */
export async function reinvite(sip, dialog, offer) {
  if (dialog.state !== 'confirmed') throw new Error('the call is not established');
  const { text, branch, cseq } = dialog.request('INVITE', [['Content-Type', 'application/sdp']], offer);
  const res = await sip.transact(dialog, text, branch);
  if (res.statusCode >= 200 && res.statusCode < 300) {
    dialog.send(dialog.request('ACK', [], '', cseq).text);
    return String(res.body ?? '');
  }
  dialog.send(ackForFailure(dialog, res, branch, cseq));
  throw Object.assign(new Error(`re-INVITE answered ${res.statusCode}`), { status: res.statusCode });
}
