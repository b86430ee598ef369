/** Small media helpers for <vinteo-call>: a stream of remote tracks, playback with autoplay detection. */

/** Returns `current` when it already holds exactly `tracks`, else a new MediaStream of them. */
export function streamOf(tracks: MediaStreamTrack[], current: MediaStream | undefined): MediaStream | undefined {
  if (!tracks.length) return undefined;
  const ids = new Set(tracks.map((t) => t.id));
  const same = current && current.getTracks().length === ids.size && current.getTracks().every((t) => ids.has(t.id));
  return same ? current : new MediaStream(tracks);
}

/** Attaches a stream to a media element and plays it; resolves false when the browser blocks autoplay. */
export async function play(element: HTMLMediaElement | null | undefined, stream: MediaStream | undefined): Promise<boolean> {
  if (!element) return true;
  if (element.srcObject !== (stream ?? null)) element.srcObject = stream ?? null;
  if (!stream) return true;
  try {
    await element.play();
    return true;
  } catch (error) {
    return !(error instanceof DOMException && error.name === 'NotAllowedError');
  }
}

export function stopTracks(stream: MediaStream | undefined): void {
  stream?.getTracks().forEach((track) => track.stop());
}
