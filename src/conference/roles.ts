/**
 * Roles in the conference (docs/protocol.md §10): participant, or spectator (with or without an audio id). A spectator
 * keeps its local tracks but practically nothing leaves: every call sender with a track is capped (audio 6 kbit/s,
 * video 60 kbit/s). The caps remember the previous `maxBitrate` of each encoding and put back exactly that (or no
 * cap at all where there was none) when we become a participant again.
 */
import type { InfoCommand } from './info-codec.js';
import type { Role } from './types.js';

export const SPECTATOR_AUDIO_MAX_BITRATE = 6_000;
export const SPECTATOR_VIDEO_MAX_BITRATE = 60_000;

export const PARTICIPANT: Role = Object.freeze({ type: 'participant' });

/** The role a partstate INFO asks for. */
export function roleFrom(command: Extract<InfoCommand, { type: 'spectator' | 'participant' }>): Role {
  if (command.type === 'participant') return PARTICIPANT;
  const role: Role = { type: 'spectator', canSendMedia: command.canSendMedia };
  if (command.audioId !== undefined) role.audioId = command.audioId;
  if (command.mode !== undefined) role.mode = command.mode;
  return role;
}

export function sameRole(a: Role, b: Role): boolean {
  if (a.type === 'participant' || b.type === 'participant') return a.type === b.type;
  return a.audioId === b.audioId && a.canSendMedia === b.canSendMedia && a.mode === b.mode;
}

/** The spectator role that needs a receive-only session (spectator with an audio id). */
export function recvAudioId(role: Role): string | undefined {
  return role.type === 'spectator' ? role.audioId : undefined;
}

type SavedBitrates = Array<number | undefined>;

/**
 * Caps and restores the senders of one peer connection. Operations run one after another, so a quick
 * spectator → participant → spectator flip cannot interleave two `setParameters` on a sender.
 */
export class SenderCaps {
  #saved = new Map<RTCRtpSender, SavedBitrates>();
  #queue: Promise<void> = Promise.resolve();
  readonly #onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  /** Whether any sender is capped now. */
  get active(): boolean {
    return this.#saved.size > 0;
  }

  /** Caps every sender of `pc` that has a track and is not capped yet. */
  cap(pc: RTCPeerConnection | undefined): Promise<void> {
    return this.#run(async () => {
      for (const sender of pc?.getSenders() ?? [])
        if (sender.track && !this.#saved.has(sender)) await this.#capOne(sender).catch(this.#onError);
    });
  }

  /** Puts back what `cap` changed. */
  restore(): Promise<void> {
    return this.#run(async () => {
      const saved = [...this.#saved];
      this.#saved.clear();
      for (const [sender, bitrates] of saved) await setBitrates(sender, (i) => bitrates[i]).catch(this.#onError);
    });
  }

  /** Drops what was saved without touching the senders (the call is gone). */
  forget(): void {
    this.#saved.clear();
  }

  async #capOne(sender: RTCRtpSender): Promise<void> {
    const cap = sender.track?.kind === 'audio' ? SPECTATOR_AUDIO_MAX_BITRATE : SPECTATOR_VIDEO_MAX_BITRATE;
    const previous = sender.getParameters().encodings?.map((e) => e.maxBitrate) ?? [];
    if (!previous.length) return;
    this.#saved.set(sender, previous);
    await setBitrates(sender, () => cap);
  }

  #run(job: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(job).catch(this.#onError);
    this.#queue = next;
    return next;
  }
}

/** Sets each encoding's `maxBitrate` (undefined removes the cap). */
async function setBitrates(sender: RTCRtpSender, bitrate: (index: number) => number | undefined): Promise<void> {
  const params = sender.getParameters();
  if (!params.encodings?.length) return;
  params.encodings.forEach((encoding, index) => {
    const value = bitrate(index);
    if (value === undefined) delete encoding.maxBitrate;
    else encoding.maxBitrate = value;
  });
  await sender.setParameters(params);
}
