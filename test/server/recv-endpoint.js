// @ts-check
// The spectator receive-only endpoint (reference §3.12):
//   POST /api/v2/rtp2webrtc/offer/{conference}?quality=low|medium|high&audio={audioId}
//   Authorization: Bearer {token}, body {type:'offer', sdp} → {type:'answer', sdp}
// answered by a werift peer that sends the conference media (first audio + first video m-line, stream id
// `default`), and while someone presents (at offer time) the presentation on the second video m-line (stream id
// `content_vp8`, §3.11); the other video m-lines stay inactive. CORS is open: the page is served from another origin.
import { RTCPeerConnection } from 'werift';
import { peerConfig } from './media-peer.js';
import { Listeners, outletOf, watchKeyFrameRequests } from './forwarder.js';

/** The stream id of the spectator's content m-line: `content_{codec in lower case}` (reference §3.11). */
export const VIEWER_CONTENT_STREAM = 'content_vp8';

const PATH = /^\/api\/v2\/rtp2webrtc\/offer\/([^/?]+)\/?(?:\?(.*))?$/;
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-max-age': '600',
};

/** @typedef {import('./emulator.js').Emulator} Emulator */
/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */

/** A receive-only spectator session: a sink fed by the conference's main participant. */
export class RecvPeer {
  fed = false;
  main = { audio: /** @type {any} */ (undefined), video: /** @type {any} */ (undefined) };
  /** The second video m-line: the conference's presentation. */
  content = /** @type {any} */ (undefined);
  contentFed = false;
  /** Whether the content m-line sends: set from the conference before each offer is answered. */
  contentActive = false;
  sent = { audio: 0, video: 0, content: 0 };
  #pc = new RTCPeerConnection(/** @type {any} */ (peerConfig()));
  #keyFrameListeners = new Listeners();
  #contentKeyFrameListeners = new Listeners();
  /** @type {WeakMap<object, import('./forwarder.js').Outlet>} */
  #outlets = new WeakMap();
  closed = false;
  onClosed = () => {};

  /** @param {{ id: string, owner: string, quality: string, audioId: string }} init */
  constructor(init) {
    this.id = init.id;
    this.owner = init.owner;
    this.quality = init.quality;
    this.audioId = init.audioId;
    this.createdAt = Date.now();
    this.#pc.onRemoteTransceiverAdded.subscribe((t) => this.#place(t));
    this.#pc.connectionStateChange.subscribe((state) => {
      if (state === 'failed' || state === 'closed') this.close();
    });
  }

  /** @param {string} offer SDP @returns {Promise<string>} answer SDP */
  async answer(offer) {
    await this.#pc.setRemoteDescription({ type: 'offer', sdp: offer });
    this.content?.setDirection(this.contentActive ? 'sendonly' : 'inactive');
    await this.#pc.setLocalDescription(await this.#pc.createAnswer());
    const deadline = Date.now() + 3000;
    while (this.#pc.iceGatheringState !== 'complete' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    return keepInactiveSections(this.#pc.localDescription?.sdp ?? '');
  }

  /** @param {'audio' | 'video'} kind @param {any} rtp @param {import('./forwarder.js').Origin} origin */
  sendMain(kind, rtp, origin) {
    const transceiver = this.main[kind];
    if (!transceiver || this.closed) return;
    outletOf(this.#outlets, transceiver)
      .send(rtp, origin)
      .then(
        () => {
          this.sent[kind]++;
        },
        () => undefined,
      );
  }

  /** @param {() => void} listener */
  onKeyFrameRequest(listener) {
    return this.#keyFrameListeners.add(listener);
  }

  /** @param {any} rtp @param {import('./forwarder.js').Origin} origin */
  sendContent(rtp, origin) {
    if (!this.content || this.closed) return;
    outletOf(this.#outlets, this.content)
      .send(rtp, origin)
      .then(
        () => {
          this.sent.content++;
        },
        () => undefined,
      );
  }

  /** @param {() => void} listener */
  onContentKeyFrameRequest(listener) {
    return this.#contentKeyFrameListeners.add(listener);
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.#pc.close().catch(() => undefined);
    this.onClosed();
  }

  snapshot() {
    return {
      id: this.id,
      owner: this.owner,
      quality: this.quality,
      audioId: this.audioId,
      createdAt: this.createdAt,
      closed: this.closed,
      packetsSent: { ...this.sent },
    };
  }

  /** The first audio and the first video m-line send (stream id `default`), the second video the content; the rest stay inactive. @param {any} t */
  #place(t) {
    const kind = /** @type {'audio' | 'video'} */ (t.kind);
    if (kind === 'video' && this.main.video && !this.content) return this.#placeContent(t);
    if (this.main[kind]) return t.setDirection('inactive');
    this.main[kind] = t;
    t.setDirection('sendonly');
    t.sender.streamId = 'default';
    if (kind === 'video') watchKeyFrameRequests(t.sender, () => this.#keyFrameListeners.emit());
  }

  /** @param {any} t */
  #placeContent(t) {
    this.content = t;
    t.setDirection(this.contentActive ? 'sendonly' : 'inactive');
    t.sender.streamId = VIEWER_CONTENT_STREAM;
    t.sender.trackId = 'dual-video';
    watchKeyFrameRequests(t.sender, () => this.#contentKeyFrameListeners.emit());
  }
}

/**
 * werift answers an inactive m-line with port 0 (rejected) yet keeps it in the BUNDLE group; the browser then
 * leaves it out of the group in its next offer and refuses werift's next answer. Inactive, not rejected: port 9.
 * @param {string} sdp
 */
function keepInactiveSections(sdp) {
  return sdp.replace(/^m=(audio|video) 0 /gm, 'm=$1 9 ');
}

/**
 * Serves the offer endpoint; returns false when the request is for another path.
 * @param {Emulator} emulator @param {Request} req @param {Response} res
 */
export function serveRecvOffer(emulator, req, res) {
  const url = PATH.exec(req.url ?? '');
  if (!url) return false;
  if (req.method === 'OPTIONS') return (res.writeHead(204, CORS).end(), true);
  void handleOffer(emulator, req, res, decodeURIComponent(url[1]), new URLSearchParams(url[2] ?? ''));
  return true;
}

/** @param {Emulator} emulator @param {Request} req @param {Response} res @param {string} name @param {URLSearchParams} query */
async function handleOffer(emulator, req, res, name, query) {
  const record = {
    conference: name,
    quality: query.get('quality') ?? '',
    audioId: query.get('audio') ?? '',
    tokenOk: false,
    status: 0,
    time: Date.now(),
  };
  emulator.offers.push(record);
  const [status, body] = await offerReply(emulator, req, record);
  record.status = status;
  res.writeHead(status, { ...CORS, 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * @param {Emulator} emulator @param {Request} req @param {{ conference: string, quality: string, audioId: string, tokenOk: boolean }} record
 * @returns {Promise<[number, object]>}
 */
async function offerReply(emulator, req, record) {
  const text = await readBody(req);
  if (req.method !== 'POST') return [405, { error: 'POST only' }];
  const conference = emulator.conferences.get(record.conference);
  if (!conference) return [404, { error: `no conference ${record.conference}` }];
  const holder = emulator.conferences.tokens.get(bearer(req));
  record.tokenOk = holder?.conference === record.conference;
  if (!holder || !record.tokenOk) return [401, { error: 'a bearer token for this conference is required' }];
  const offer = parseOffer(text);
  if (!offer) return [400, { error: 'expected JSON {type:"offer", sdp}' }];
  const sdp = await viewerAnswer(emulator, conference, offer.sdp, { ...record, owner: holder.participant }).catch(
    () => undefined,
  );
  return sdp ? [200, { type: 'answer', sdp }] : [400, { error: 'the offer could not be answered' }];
}

/** @param {Request} req */
async function readBody(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

/** @param {Request} req */
function bearer(req) {
  return /^\s*Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
}

/** @param {string} text @returns {{ sdp: string } | undefined} */
function parseOffer(text) {
  try {
    const body = JSON.parse(text);
    return body?.type === 'offer' && typeof body.sdp === 'string' && /^v=0/.test(body.sdp) ? body : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A new offer from the same browser peer connection (same SDP `o=` session id) renegotiates its session;
 * any other offer starts a new one.
 * @param {Emulator} emulator @param {import('./conference.js').Conference} conference @param {string} sdp
 * @param {{ quality: string, audioId: string, owner: string }} record
 */
async function viewerAnswer(emulator, conference, sdp, record) {
  const id = /^o=\S+ (\S+)/m.exec(sdp)?.[1] ?? String(Math.random());
  const peer =
    [...conference.viewers].find((v) => v.id === id && !v.closed) ??
    addViewer(
      emulator,
      conference,
      new RecvPeer({ id, owner: record.owner, quality: record.quality, audioId: record.audioId }),
    );
  Object.assign(peer, {
    quality: record.quality,
    audioId: record.audioId,
    contentActive: Boolean(conference.presenter),
  });
  const answer = await peer.answer(sdp);
  emulator.conferences.reroute(conference);
  return answer;
}

/** @param {Emulator} emulator @param {import('./conference.js').Conference} conference @param {RecvPeer} viewer */
function addViewer(emulator, conference, viewer) {
  conference.viewers.add(viewer);
  viewer.onClosed = () => {
    conference.viewers.delete(viewer);
    emulator.conferences.forwarder.drop(viewer);
    emulator.conferences.contentForwarder.drop(viewer);
  };
  return viewer;
}
