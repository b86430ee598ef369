/**
 * Media for tests without a camera or microphone: a canvas video track and an oscillator audio track.
 * Browser only; nothing runs at import time.
 */

export interface FakeStreamOptions {
  /** Include a video track drawn on a canvas (default true). */
  video?: boolean;
  /** Include an audio track from an oscillator (default true). */
  audio?: boolean;
  /** Canvas size (default 160 × 120). */
  width?: number;
  height?: number;
}

/** A live MediaStream with the requested tracks. Stopping its tracks releases everything. */
export function createFakeStream(options: FakeStreamOptions = {}): MediaStream {
  const stream = new MediaStream();
  if (options.video ?? true) stream.addTrack(canvasTrack(options.width ?? 160, options.height ?? 120));
  if (options.audio ?? true) stream.addTrack(toneTrack());
  return stream;
}

function canvasTrack(width: number, height: number): MediaStreamTrack {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (context) {
    context.fillStyle = '#1f6feb';
    context.fillRect(0, 0, width, height);
  }
  return canvas.captureStream(5).getVideoTracks()[0];
}

function toneTrack(): MediaStreamTrack {
  const audio = new AudioContext();
  const oscillator = audio.createOscillator();
  const destination = audio.createMediaStreamDestination();
  oscillator.connect(destination);
  oscillator.start();
  const track = destination.stream.getAudioTracks()[0];
  const stop = track.stop.bind(track);
  track.stop = () => {
    stop();
    void audio.close().catch(() => undefined);
  };
  return track;
}
