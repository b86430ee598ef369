// @ts-check
// Works around werift 0.24's answerer-side ICE restart, from the outside (node_modules stays untouched).
//
// What goes wrong: an offer with new ice-ufrag/pwd makes werift restart its ICE connection (new credentials, no
// nominated pair, empty check list). The answer's setLocalDescription then calls
// RTCPeerConnection.connect(), which skips `iceTransport.start()` because the
// DTLS transport is still "connected" (DTLS survives an ICE restart). So the restarted Connection never runs
// connect(): it answers the browser's binding requests (the browser selects the new pair and its media
// arrives), but it stashes them as "early checks" that nobody processes, never nominates a pair, and
// Connection.send() has no pair to send on: zero bytes reach the browser. When the offer carries candidates
// the incoming checks are paired and nominated anyway; a candidate-less offer (trickle ICE, candidates sent
// later or never) stays silent for good.
//
// The fix: after answering, start each restarted ICE transport ourselves once the browser's first check has
// been stashed (the browser has our answer by then). Its connect() processes the early checks as triggered
// checks, nominates the pair the browser nominates and goes "connected"; the DTLS session (and SRTP keys)
// carries on over the new pair. (Starting it at once instead would send checks before the browser has the
// answer; on loopback that delayed the nomination from ~0.9 s to ~3 s. With candidates in the offer nothing
// is stashed, and werift's own triggered checks do the job.)

const GIVE_UP_MS = 30_000;

/**
 * A second gap: werift's restart drops the nominated pair the moment the restart offer is applied, so nothing
 * is sent until the new generation's pair is nominated (50–100 ms on loopback, longer wherever checks take
 * longer). RFC 8445 §9 lets media
 * go on over the previously selected pair until the restart completes; the browser keeps accepting it there.
 * `bridgeIceRestarts` makes werift's Connection do that: while no pair is nominated after a restart, it sends
 * on the pair it had before. Installed once per ICE connection, before any restart offer arrives.
 * @param {any} pc a werift RTCPeerConnection
 */
export function bridgeIceRestarts(pc) {
  for (const dtls of pc.dtlsTransports ?? []) {
    const connection = dtls.iceTransport?.connection;
    if (connection && !connection.restartBridge) installBridge(connection);
  }
}

/** @param {any} connection a werift ICE Connection */
function installBridge(connection) {
  const bridge = { pair: /** @type {any} */ (undefined) };
  connection.restartBridge = bridge;
  const restart = connection.restart.bind(connection);
  const send = connection.send;
  connection.restart = () => {
    bridge.pair = connection.nominated ?? bridge.pair;
    return restart();
  };
  connection.send = async (/** @type {Buffer} */ data) => {
    const previous = bridge.pair;
    if (connection.nominated || !previous || connection.state === 'closed') return send(data);
    await previous.protocol.sendData(data, previous.remoteAddr);
  };
}

/** @param {any} pc a werift RTCPeerConnection, right after setLocalDescription(answer) */
export function resumeRestartedIce(pc) {
  for (const dtls of pc.dtlsTransports ?? []) {
    const ice = dtls.iceTransport;
    if (!ice || !restartedIdle(ice) || dtls.state !== 'connected') continue;
    void whenCheckable(ice.connection)
      .then((ready) => (ready && restartedIdle(ice) ? ice.start() : undefined))
      .catch(() => undefined);
  }
}

/**
 * A restarted connection nobody runs: no nominated pair and no start() under way. (Its state says nothing:
 * werift reports "completed" once local gathering is done.) @param {any} ice
 */
function restartedIdle(ice) {
  return !ice.connection.nominated && !ice.waitStart && ice.state !== 'closed' && ice.state !== 'checking';
}

/**
 * Resolves true once the ICE connection has stashed an incoming check that nobody will process, false after
 * GIVE_UP_MS. @param {any} connection
 * @returns {Promise<boolean>}
 */
function whenCheckable(connection) {
  const ready = () => connection.earlyChecks.length > 0;
  if (ready()) return Promise.resolve(true);
  return new Promise((resolve) => {
    // werift's own handler (subscribed first) has stashed the check when ours runs.
    const subscriptions = connection.protocols.map((/** @type {any} */ p) =>
      p.onRequestReceived.subscribe(() => {
        if (ready()) done(true);
      }),
    );
    const timer = setTimeout(() => done(false), GIVE_UP_MS);
    const done = (/** @type {boolean} */ value) => {
      clearTimeout(timer);
      subscriptions.forEach((/** @type {any} */ s) => s.unSubscribe());
      resolve(value);
    };
  });
}
