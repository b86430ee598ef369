// @ts-check
// The Vinteo INFO messages a Vinteo server sends inside a call (reference §3.6): a content type and headers,
// always with an empty body. Each builder returns `{ contentType, headers }` for `sendInfo`.

/** @typedef {{ contentType: string, headers: Record<string, string> }} VinteoInfo */

const TYPE = 'application/vinteo.webrtc.';

/** @param {{ room: string, name: string, token?: string }} args @returns {VinteoInfo} */
export function enterRoomInfo({ room, name, token }) {
  /** @type {Record<string, string>} */
  const headers = { 'x-webrtc-enter-room': room, 'x-webrtc-participant-name': name };
  if (token) headers['x-bearer-token'] = token;
  return { contentType: `${TYPE}roomname`, headers };
}

/** @param {string} license AUDIO | VIDEO | AUDIOPLUSPRESENTATION @returns {VinteoInfo} */
export function licenseInfo(license) {
  return { contentType: `${TYPE}uselic`, headers: { 'x-webrtc-use-license': license } };
}

/**
 * PARTICIPANT, or SPECTATOR with an optional audio id and spectator mode (0 operator, 1 by camera state, 2 forced).
 * @param {{ role: 'participant' | 'spectator', audioId?: string, spectatorMode?: number }} args @returns {VinteoInfo}
 */
export function partStateInfo({ role, audioId, spectatorMode }) {
  if (role === 'participant')
    return { contentType: `${TYPE}partstate`, headers: { 'x-webrtc-partstate': 'PARTICIPANT' } };
  /** @type {Record<string, string>} */
  const headers = { 'x-webrtc-partstate': 'SPECTATOR' };
  if (audioId !== undefined && audioId !== '') headers['x-webrtc-audioid'] = String(audioId);
  if (spectatorMode !== undefined) headers['x-webrtc-spectator-mode'] = String(spectatorMode);
  return { contentType: `${TYPE}partstate`, headers };
}

/** @param {{ device: 'camera' | 'mic', action: 'start' | 'stop', forced?: boolean }} args @returns {VinteoInfo} */
export function adminMediaInfo({ device, action, forced = false }) {
  const verb = action === 'start' ? 'START' : 'STOP';
  const sync = forced ? '1' : '0';
  if (device === 'camera')
    return {
      contentType: `${TYPE}maincam`,
      headers: { 'x-webrtc-maincam': `ADMIN${verb}MAINCAM`, 'x-webrtc-sync': sync },
    };
  if (device === 'mic')
    return { contentType: `${TYPE}mic`, headers: { 'x-webrtc-mic': `ADMIN${verb}MIC`, 'x-webrtc-sync': sync } };
  throw new Error(`device must be camera or mic, not ${device}`);
}

/**
 * The v16–v19 server-requested restart (§3.19).
 * @param {{ audioTrackCount?: number, videoTrackCount?: number, direction?: string }} args @returns {VinteoInfo}
 */
export function restartInfo({ audioTrackCount = 1, videoTrackCount = 1, direction = 'SENDRECV' }) {
  return {
    contentType: `${TYPE}restart`,
    headers: {
      'x-webrtc-tracks-direction': String(direction).toUpperCase(),
      'x-webrtc-audio-track-count': String(audioTrackCount),
      'x-webrtc-video-track-count': String(videoTrackCount),
    },
  };
}

/** A notification carried in an INFO (§3.7). @param {unknown} notify object (JSON-encoded here) or a JSON string @returns {VinteoInfo} */
export function notifyInfo(notify) {
  return { contentType: `${TYPE}notify`, headers: { 'x-vinteo-notify': notifyJson(notify) } };
}

/** @param {unknown} notify */
export function notifyJson(notify) {
  return typeof notify === 'string' ? notify : JSON.stringify(notify);
}

/** The NOTIFY JSON that hands a participant a fresh token (§3.7). @param {{ conference: string, participant: string, jwt: string }} body */
export function tokenIssuedNotify(body) {
  return { cmd: 'ConferenceParticipantTokenIssued', body };
}

/**
 * A share-state INFO (§3.6): YOUCANRECEIVECONTENT (with the content codec), CONTENTEND or YOUMUSTSTOPSENDCONTENT.
 * @param {'YOUCANRECEIVECONTENT' | 'CONTENTEND' | 'YOUMUSTSTOPSENDCONTENT'} state @param {string} [codec] @returns {VinteoInfo}
 */
export function shareStateInfo(state, codec) {
  /** @type {Record<string, string>} */
  const headers = { 'x-webrtc-share-state': state };
  if (codec) headers['x-webrtc-share-codec'] = codec;
  return { contentType: `${TYPE}sharedesktop`, headers };
}
