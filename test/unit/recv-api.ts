/**
 * A stand-in for the Vinteo rtp2webrtc HTTP endpoint in the page: an injected `fetch` that answers the receive-only
 * offer from a real RTCPeerConnection (sending a canvas video and a tone), with knobs for failures.
 */
import { createFakeStream } from '../../src/testing/fake-media.js';

export interface RecvApiOptions {
  /** Answer this many requests with HTTP 503 first. */
  failFirst?: number;
  /** How to answer: `media` (default), `no-media` (all m-lines inactive), `dead` (the answering side is closed), `garbage`, `hang` (never, until aborted). */
  mode?: 'media' | 'no-media' | 'dead' | 'garbage' | 'hang';
}

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: { type: string; sdp: string };
  credentials?: string;
}

export function recvApi(options: RecvApiOptions = {}) {
  const requests: RecordedRequest[] = [];
  const servers: RTCPeerConnection[] = [];
  const stream = createFakeStream();
  const api = {
    requests,
    mode: options.mode ?? 'media',
    fetch: (async (input: RequestInfo | URL, init: RequestInit = {}) => {
      requests.push({
        url: String(input),
        method: init.method ?? 'GET',
        headers: init.headers as Record<string, string>,
        body: JSON.parse(String(init.body)),
        credentials: init.credentials,
      });
      if (requests.length <= (options.failFirst ?? 0)) return new Response('busy', { status: 503 });
      if (api.mode === 'hang') return hang(init.signal);
      if (api.mode === 'garbage') return new Response('{"type":"offer"}', { status: 200 });
      return answer(JSON.parse(String(init.body)));
    }) as typeof fetch,
    /** The server stops sending (its senders lose their tracks); a later answer attaches them again. */
    async silence() {
      for (const pc of servers) for (const sender of pc.getSenders()) await sender.replaceTrack(null);
    },
    close() {
      for (const pc of servers) pc.close();
      for (const t of stream.getTracks()) t.stop();
    },
  };

  /** A re-offer from the same client goes to the same answering connection, as on a real server. */
  function serverFor(): RTCPeerConnection {
    const last = servers.at(-1);
    if (last && last.signalingState !== 'closed') return last;
    const server = new RTCPeerConnection();
    servers.push(server);
    return server;
  }

  async function answer(offer: RTCSessionDescriptionInit): Promise<Response> {
    const server = serverFor();
    await server.setRemoteDescription(offer);
    const [audio, video, ...rest] = server.getTransceivers();
    const send = api.mode !== 'no-media';
    for (const [t, track] of [
      [audio, stream.getAudioTracks()[0]],
      [video, stream.getVideoTracks()[0]],
    ] as const) {
      if (send) {
        await t.sender.replaceTrack(track);
        t.sender.setStreams(stream);
      }
      t.direction = send ? 'sendonly' : 'inactive';
    }
    for (const t of rest) t.direction = 'inactive';
    await server.setLocalDescription(await server.createAnswer());
    await gathered(server);
    const sdp = server.localDescription?.sdp ?? '';
    if (api.mode === 'dead') server.close();
    return new Response(JSON.stringify({ type: 'answer', sdp }), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  }
  return api;
}

function hang(signal: AbortSignal | null | undefined): Promise<Response> {
  return new Promise((_, reject) =>
    signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
  );
}

function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 2000);
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}
