// @ts-check
// The SIP-over-WebSocket side of the local Vinteo server: registrar with digest auth, INVITE answered by an
// echo peer, CANCEL/BYE/ACK/INFO/OPTIONS, and responses to the requests the server itself sends.
import { ACCOUNTS, DigestAuth } from './auth.js';
import { Dialog } from './dialog.js';
import { defaultFaults, takeReinviteReply } from './faults.js';
import { headerMap, newTag, paramOf, parse, response, uriOf, userOf } from './sip-wire.js';

/** Targets with a fixed behaviour, for tests. */
/** @type {Record<string, [number, string]>} */
const SPECIAL = { busy: [486, 'Busy Here'], missing: [404, 'Not Found'], decline: [603, 'Decline'] };
/** Reason phrases for forced re-INVITE replies. */
const REASONS = /** @type {Record<number, string>} */ ({
  481: 'Call/Transaction Does Not Exist',
  488: 'Not Acceptable Here',
  491: 'Request Pending',
  500: 'Server Internal Error',
  503: 'Service Unavailable',
});
/** Answered targets that are plain echo calls; every other target is a conference. */
const NOT_CONFERENCES = new Set(['noanswer', 'slow', 'keyframe']);

/**
 * What the conference emulator (emulator.js) plugs in.
 * @typedef {{ confirmed(dialog: Dialog): void, terminated(dialog: Dialog): void,
 *   info(dialog: Dialog, req: any): { status: number, reason?: string } | undefined }} SipHooks
 */

/** @typedef {import('./dialog.js').Socket} Socket */

export class SipServer {
  /** @type {Array<Record<string, any>>} */
  requests = [];
  /** @type {Map<string, { user: string, contact: string, socket: Socket, expiresAt: number, headers: Record<string,string> }>} */
  registrations = new Map();
  /** @type {Map<string, Dialog>} */
  dialogs = new Map();
  /** @type {Map<string, { request: any, dialog?: Dialog, answered: boolean, timer?: ReturnType<typeof setTimeout> }>} */
  pendingInvites = new Map();
  /** @type {Map<string, (res: any) => void>} responses to server-originated requests, by Via branch */
  transactions = new Map();
  /** @type {Set<(entry: Record<string, any>) => void>} */
  requestWatchers = new Set();
  auth = new DigestAuth();
  /** @type {SipHooks} */
  hooks = { confirmed() {}, terminated() {}, info: () => undefined };
  /** Fault settings (faults.js), changed through the control API. */
  faults = defaultFaults();

  /** @param {{ host: string, port: () => number }} where */
  constructor(where) {
    this.where = where;
  }

  get contact() {
    return `<sip:vinteo@${this.where.host}:${this.where.port()};transport=ws>`;
  }

  /** @param {Socket} socket  @param {string} text */
  onMessage(socket, text) {
    if (/^\s*$/.test(text)) return this.#onKeepAlive(socket);
    const message = /** @type {any} */ (parse(text));
    if (!message) return;
    if (message.statusCode === undefined) this.#onRequest(socket, message);
    else this.transactions.get(paramOf(message.getHeader('via') ?? '', 'branch') ?? '')?.(message);
  }

  /**
   * The client's WebSocket closed: its registrations go (the flow is gone, RFC 5626), but its dialogs and their
   * media stay for `faults.dialogGraceMs`, until an in-dialog request arrives on a new socket (#adopt).
   * @param {Socket} socket
   */
  onClose(socket) {
    for (const [user, reg] of this.registrations) if (reg.socket === socket) this.registrations.delete(user);
    for (const dialog of this.dialogs.values()) if (dialog.socket === socket) dialog.orphan(this.faults.dialogGraceMs);
  }

  /** CRLF keep-alive ping (RFC 5626 §3.5.1 over WebSocket, as sip.js sends it): answered with a CRLF pong. @param {Socket} socket */
  #onKeepAlive(socket) {
    if (this.faults.optionsReply === 'answer' && socket.readyState === 1) socket.send('\r\n');
  }

  /** An in-dialog request on another socket moves the dialog there (the client reconnected). @param {Socket} socket @param {any} req */
  #adopt(socket, req) {
    const dialog = this.dialogs.get(req.callId);
    if (!dialog || dialog.state === 'terminated' || !req.toTag) return;
    if (dialog.socket !== socket) dialog.adopt(socket);
  }

  /** @param {Socket} socket  @param {any} req */
  #onRequest(socket, req) {
    const entry = this.#record(socket, req);
    this.#adopt(socket, req);
    const handler = /** @type {Record<string, (s: Socket, r: any) => void>} */ ({
      REGISTER: (s, r) => this.#onRegister(s, r),
      INVITE: (s, r) => this.#onInvite(s, r),
      ACK: (_s, r) => this.#onAck(r),
      CANCEL: (s, r) => this.#onCancel(s, r),
      BYE: (s, r) => this.#onBye(s, r),
      INFO: (s, r) => this.#onInfo(s, r),
      OPTIONS: (s, r) => this.#onOptions(s, r),
      NOTIFY: (s, r) => s.send(response(r, 200, 'OK', { toTag: newTag() })),
      MESSAGE: (s, r) => s.send(response(r, 200, 'OK', { toTag: newTag() })),
    })[req.method];
    if (handler) handler(socket, req);
    else socket.send(response(req, 501, 'Not Implemented', { toTag: newTag() }));
    for (const watcher of this.requestWatchers) watcher(entry);
  }

  /** @param {Socket} socket @param {any} req */
  #record(socket, req) {
    const entry = {
      connectionId: socket.connectionId ?? 0,
      method: req.method,
      ruri: String(req.ruri),
      callId: req.callId,
      cseq: req.cseq,
      fromUser: userOf(req.getHeader('from') ?? ''),
      toUser: userOf(req.getHeader('to') ?? ''),
      headers: headerMap(req),
      body: req.body ?? '',
      time: Date.now(),
      // Sub-millisecond receive time (epoch ms): benchmarks time the 407 → authenticated INVITE turnaround with it.
      at: performance.timeOrigin + performance.now(),
    };
    this.requests.push(entry);
    return entry;
  }

  /** @param {Socket} socket  @param {any} req */
  #onRegister(socket, req) {
    const verdict = this.auth.verify(req.getHeader('authorization'), 'REGISTER');
    if (verdict === 'missing' || verdict === 'stale')
      return socket.send(
        response(req, 401, 'Unauthorized', { toTag: newTag(), headers: [this.auth.challenge('WWW')] }),
      );
    if (verdict === 'wrong') return socket.send(response(req, 403, 'Forbidden', { toTag: newTag() }));
    const user = userOf(req.getHeader('to') ?? '');
    const contactHeader = req.getHeader('contact') ?? '';
    const expires = Number(paramOf(contactHeader, 'expires') ?? req.getHeader('expires') ?? 300);
    if (expires === 0 || contactHeader.trim() === '*') this.registrations.delete(user);
    else
      this.registrations.set(user, {
        user,
        contact: uriOf(contactHeader),
        socket,
        expiresAt: Date.now() + expires * 1000,
        headers: headerMap(req),
      });
    const contact =
      expires === 0
        ? []
        : /** @type {Array<[string, string]>} */ ([['Contact', `<${uriOf(contactHeader)}>;expires=${expires}`]]);
    socket.send(response(req, 200, 'OK', { toTag: newTag(), headers: contact }));
  }

  /** @param {Socket} socket  @param {any} req */
  async #onInvite(socket, req) {
    if (req.toTag) return this.#onReInvite(socket, req);
    const fromUser = userOf(req.getHeader('from') ?? '');
    if (fromUser in ACCOUNTS) {
      const verdict = this.auth.verify(req.getHeader('proxy-authorization'), 'INVITE');
      if (verdict === 'wrong') return socket.send(response(req, 403, 'Forbidden', { toTag: newTag() }));
      if (verdict !== 'ok')
        return socket.send(
          response(req, 407, 'Proxy Authentication Required', {
            toTag: newTag(),
            headers: [this.auth.challenge('Proxy')],
          }),
        );
    }
    socket.send(response(req, 100, 'Trying'));
    const target = userOf(String(req.ruri));
    const special = SPECIAL[target];
    if (special) return socket.send(response(req, special[0], special[1], { toTag: newTag() }));
    const dialog = this.#newIncomingDialog(socket, req, fromUser, target);
    const pending = {
      request: req,
      dialog,
      answered: false,
      timer: /** @type {ReturnType<typeof setTimeout> | undefined} */ (undefined),
    };
    this.pendingInvites.set(req.callId, pending);
    if (target === 'noanswer' || target === 'slow') socket.send(this.#inviteResponse(dialog, req, 180, 'Ringing'));
    if (target === 'noanswer') return;
    if (target === 'slow') pending.timer = setTimeout(() => void this.#answer(pending), 1500);
    else await this.#answer(pending);
  }

  /** @param {Socket} socket  @param {any} req  @param {string} user  @param {string} target */
  #newIncomingDialog(socket, req, user, target) {
    const dialog = new Dialog({
      callId: req.callId,
      direction: 'incoming',
      user,
      target,
      socket,
      localUri: uriOf(req.getHeader('to')),
      localTag: newTag(),
      remoteUri: uriOf(req.getHeader('from')),
      remoteTag: req.fromTag,
      remoteTarget: uriOf(req.getHeader('contact') ?? ''),
      contact: this.contact,
    });
    dialog.localCSeq = 0;
    if (!NOT_CONFERENCES.has(target)) dialog.conference = target;
    dialog.displayName = String(req.from?.displayName ?? '').trim();
    dialog.guest = /^\s*yes\s*$/i.test(req.getHeader('x-vinteo-purgatory-call') ?? '');
    dialog.presentationCall = /^\s*yes\s*$/i.test(req.getHeader('x-vinteo-presentation-call') ?? '');
    dialog.peer.presentationCall = dialog.presentationCall;
    dialog.onTerminated = () => this.hooks.terminated(dialog);
    this.dialogs.set(req.callId, dialog);
    return dialog;
  }

  /** @param {{ request: any, dialog?: Dialog, answered: boolean }} pending */
  async #answer(pending) {
    const { request: req, dialog } = pending;
    if (!dialog || dialog.state === 'terminated') return;
    try {
      const sdp = await dialog.peer.answer(req.body ?? '');
      if (/** @type {string} */ (dialog.state) === 'terminated') return;
      pending.answered = true;
      dialog.finalStatus = 200;
      dialog.sendReliably(this.#inviteResponse(dialog, req, 200, 'OK', sdp), () => this.byeDialog(dialog));
    } catch {
      pending.answered = true;
      dialog.finalStatus = 488;
      dialog.terminate();
      dialog.send(this.#inviteResponse(dialog, req, 488, 'Not Acceptable Here'));
    }
  }

  /** @param {Dialog} dialog  @param {any} req  @param {number} status  @param {string} reason  @param {string} [sdp] */
  #inviteResponse(dialog, req, status, reason, sdp) {
    const headers = /** @type {Array<[string, string]>} */ ([
      ['Contact', this.contact],
      ['Record-Route', `<sip:${this.where.host}:${this.where.port()};transport=ws;lr>`],
    ]);
    if (status === 200) headers.push(['Allow', 'INVITE, ACK, CANCEL, BYE, INFO, OPTIONS, NOTIFY']);
    return response(req, status, reason, { toTag: dialog.localTag, headers, body: sdp });
  }

  /** @param {Socket} socket  @param {any} req */
  async #onReInvite(socket, req) {
    const dialog = this.dialogs.get(req.callId);
    if (!dialog || dialog.state === 'terminated')
      return socket.send(response(req, 481, 'Call/Transaction Does Not Exist'));
    socket.send(response(req, 100, 'Trying'));
    const forced = takeReinviteReply(this.faults);
    if (forced)
      return socket.send(response(req, forced, REASONS[forced] ?? 'Refused by test', { toTag: dialog.localTag }));
    // A target refresh (RFC 3261 §12.2.2): the client's Contact is where later requests go.
    if (req.getHeader('contact')) dialog.remoteTarget = uriOf(req.getHeader('contact'));
    try {
      const sdp = await dialog.peer.answer(req.body ?? '');
      dialog.sendReliably(this.#inviteResponse(dialog, req, 200, 'OK', sdp), () => this.byeDialog(dialog));
    } catch {
      socket.send(this.#inviteResponse(dialog, req, 488, 'Not Acceptable Here'));
    }
  }

  /** @param {Socket} socket  @param {any} req */
  #onOptions(socket, req) {
    if (this.faults.optionsReply === 'ignore') return;
    socket.send(
      response(req, 200, 'OK', {
        toTag: req.toTag ? undefined : newTag(),
        headers: [['Allow', 'INVITE, ACK, CANCEL, BYE, INFO, OPTIONS, NOTIFY']],
      }),
    );
  }

  /** @param {any} req */
  #onAck(req) {
    const dialog = this.dialogs.get(req.callId);
    const confirmed = dialog?.finalStatus === 200 && dialog.ackReceived();
    this.pendingInvites.delete(req.callId);
    if (dialog && confirmed) this.hooks.confirmed(dialog);
  }

  /** @param {Socket} socket  @param {any} req */
  #onCancel(socket, req) {
    const pending = this.pendingInvites.get(req.callId);
    if (!pending) return socket.send(response(req, 481, 'Call/Transaction Does Not Exist', { toTag: newTag() }));
    socket.send(response(req, 200, 'OK', { toTag: pending.dialog?.localTag }));
    if (pending.answered) return;
    clearTimeout(pending.timer);
    pending.answered = true;
    if (pending.dialog) {
      pending.dialog.finalStatus = 487;
      pending.dialog.terminate();
      socket.send(this.#inviteResponse(pending.dialog, pending.request, 487, 'Request Terminated'));
    }
  }

  /** @param {Socket} socket  @param {any} req */
  #onBye(socket, req) {
    const dialog = this.dialogs.get(req.callId);
    if (!dialog || dialog.state === 'terminated')
      return socket.send(response(req, 481, 'Call/Transaction Does Not Exist'));
    dialog.terminate();
    socket.send(response(req, 200, 'OK'));
  }

  /** @param {Socket} socket  @param {any} req */
  #onInfo(socket, req) {
    const dialog = this.dialogs.get(req.callId);
    if (!dialog || dialog.state === 'terminated')
      return socket.send(response(req, 481, 'Call/Transaction Does Not Exist'));
    const type = String(req.getHeader('content-type') ?? '').toLowerCase();
    const signal = /Signal\s*=\s*([0-9A-D*#])/i.exec(req.body ?? '')?.[1];
    if (type.startsWith('application/dtmf-relay') && signal) dialog.infoDigits.push(signal.toUpperCase());
    if (type.startsWith('application/media_control+xml') && /picture_fast_update/.test(req.body ?? ''))
      dialog.peer.videoOn = true;
    // Tests ask for a refusal with `X-Test-Reply: 603` (the server side of a refused Vinteo INFO).
    const wanted = Number(req.getHeader('x-test-reply'));
    const configured = this.hooks.info(dialog, req);
    const reply = wanted >= 300 && wanted < 700 ? { status: wanted, reason: 'Refused by test' } : configured;
    socket.send(response(req, reply?.status ?? 200, reply?.reason ?? 'OK'));
  }

  /** Sends BYE for a dialog and resolves with the final status. @param {Dialog} dialog */
  byeDialog(dialog) {
    if (dialog.state === 'terminated') return Promise.resolve(481);
    const { text, branch } = dialog.request('BYE');
    dialog.terminate();
    return this.transact(dialog, text, branch).then((res) => res.statusCode);
  }

  /** Sends a request and resolves with its final response (or a 408 stand-in after 10 s). @param {{ send(t: string): void }} via @param {string} text @param {string} branch */
  transact(via, text, branch) {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.transactions.delete(branch);
        resolve({ statusCode: 408, reasonPhrase: 'Request Timeout' });
      }, 10_000);
      this.transactions.set(branch, (res) => {
        if (res.statusCode < 200) return;
        clearTimeout(timer);
        this.transactions.delete(branch);
        resolve(res);
      });
      via.send(text);
    });
  }
}
