import { html, nothing, type TemplateResult } from 'lit';
import type { AdminRequest, ConferenceSnapshot, License } from '../../src/conference/types.js';
import type { ConnectorEventName, ConnectorEvents, VinteoConnectorApi } from '../../src/types.js';
import { VinteoAdminRequestEvent } from '../events/admin-request.js';
import { VinteoLicenseChangeEvent } from '../events/license-change.js';
import { VinteoNoticeEvent, type NoticeDetail, type NoticeKind } from '../events/notice.js';
import { VinteoRoleChangeEvent } from '../events/role-change.js';
import { VinteoRoomChangeEvent } from '../events/room-change.js';
import { translate, type StringKey } from '../i18n.js';
import type { MediaLocks } from './call-controls.js';
import { ImposedMedia, type Device } from './imposed-media.js';

type Handlers = { [K in ConnectorEventName]?: (payload: ConnectorEvents[K]) => void };
type Host = HTMLElement & { requestUpdate(): void };

/** Connector notifications shown to the user, and how they are called in `vinteo-notice`. */
const NOTICES: Array<[ConnectorEventName, NoticeKind]> = [
  ['api:participant:added-to-list-moderators', 'moderator-added'],
  ['api:participant:removed-from-list-moderators', 'moderator-removed'],
  ['api:webcast:started', 'webcast-started'],
  ['api:webcast:stopped', 'webcast-stopped'],
  ['api:participation:accepting-word-request', 'word-accepted'],
  ['api:participation:cancelling-word-request', 'word-rejected'],
  ['api:participant:move-request-to-stream', 'moved-to-webcast'],
  ['api:account:changed', 'account-changed'],
  ['api:account:deleted', 'account-deleted'],
];

const HIDDEN_ROOM = new Set(['idle', 'disconnecting']);

/**
 * The conference side of `<vinteo-call>`: room, role and licence display, the moderator's media requests (forced
 * ones applied and reported, the others asked), and notices. Fires the conference DOM events.
 */
export class ConferenceUi {
  /** A not-forced moderator request waiting for the user's answer. */
  pending?: AdminRequest;
  /** The latest notice, shown in the notices region. */
  notice?: NoticeDetail;
  #host: Host;
  #imposed = new ImposedMedia();
  #connector: () => VinteoConnectorApi | undefined;
  #onError: (error: unknown) => void;

  constructor(host: Host, connector: () => VinteoConnectorApi | undefined, onError: (error: unknown) => void) {
    this.#host = host;
    this.#connector = connector;
    this.#onError = onError;
  }

  get snapshot(): ConferenceSnapshot | undefined {
    return this.#connector()?.conference;
  }

  /** Connector events this part listens to (merged into the element's controller). */
  handlers(): Handlers {
    const handlers: Handlers = {
      'conference:room-changed': ({ room, previous }) =>
        this.#host.dispatchEvent(new VinteoRoomChangeEvent({ room, previous })),
      'conference:role-changed': ({ role, previous }) => this.#onRoleChanged(role, previous),
      'conference:admin-request': (request) => this.#onAdminRequest(request),
      'api:use-license': ({ license }) => this.#onLicense(license),
    };
    for (const [name, kind] of NOTICES) {
      (handlers as Record<string, (p: unknown) => void>)[name] = (p) =>
        this.#notify(kind, (p as { conference?: string } | undefined)?.conference);
    }
    return handlers;
  }

  /** Why the conference locks a media button: a spectator that may not send, an audio-only licence. */
  locks(): MediaLocks {
    const snap = this.snapshot;
    const spectator = snap?.role.type === 'spectator' && !snap.role.canSendMedia;
    if (spectator) return { mic: 'why.spectator', camera: 'why.spectator' };
    return snap?.license === 'AUDIO' ? { camera: 'why.audioLicence' } : {};
  }

  /** The user accepted the pending request: apply it and report the media state. */
  async accept(): Promise<void> {
    const request = this.#take();
    if (request) await this.#apply(request, false);
  }

  /** The user refused the pending request: a refusal for "turn on", the unchanged state for "turn off". */
  async refuse(): Promise<void> {
    const request = this.#take();
    const connector = this.#connector();
    if (!request || !connector) return;
    const reply = request.action === 'start' ? connector.sendRefusal(request.device) : connector.sendMediaState();
    await reply.catch(this.#onError);
  }

  /** The call ended: no request or notice left, and the user's own microphone and camera switches again. */
  reset(): void {
    this.pending = undefined;
    this.notice = undefined;
    this.#imposed.liftAll(this.#connector());
  }

  /** The user switched `device` themselves (an imposed state becomes their choice). */
  userSwitched(device: Device): void {
    this.#imposed.userSwitched(device);
  }

  #take(): AdminRequest | undefined {
    const request = this.pending;
    this.pending = undefined;
    this.#host.requestUpdate();
    return request;
  }

  /**
   * A spectator who may not send really sends nothing: microphone and camera off (the server also caps the
   * senders, §3.12), reported with the media state so `x-vinteo-mic-state: 0` agrees with the "Unmute" button.
   * Back to participant (or allowed to send), the user's own switches return.
   */
  #onRoleChanged(role: ConferenceSnapshot['role'], previous: ConferenceSnapshot['role']): void {
    if (role.type === 'spectator') this.pending = undefined;
    const silent = role.type === 'spectator' && !role.canSendMedia;
    const mic = this.#switch('mic', silent, 'spectator');
    this.#reportIf(this.#switch('camera', silent, 'spectator') || mic);
    this.#host.dispatchEvent(new VinteoRoleChangeEvent({ role, previous }));
  }

  /** An audio-only licence turns the camera off for the call (and hides it); another licence gives it back. */
  #onLicense(license: License): void {
    this.#reportIf(this.#switch('camera', license === 'AUDIO', 'licence'));
    this.#host.dispatchEvent(new VinteoLicenseChangeEvent({ license }));
  }

  /** Imposes `device` off for `reason`, or lifts that reason. Returns whether the switch changed. */
  #switch(device: Device, off: boolean, reason: 'spectator' | 'licence'): boolean {
    const connector = this.#connector();
    if (!connector) return false;
    return off ? this.#imposed.impose(connector, device, false, reason) : this.#imposed.lift(connector, device, reason);
  }

  #reportIf(changed: boolean): void {
    const connector = this.#connector();
    if (changed && connector?.callState === 'active') void connector.sendMediaState().catch(this.#onError);
  }

  #onAdminRequest(request: AdminRequest): void {
    if (!this.#host.dispatchEvent(new VinteoAdminRequestEvent(request))) return;
    if (request.syncForced) void this.#apply(request, true);
    else this.pending = request;
  }

  async #apply(request: AdminRequest, forced: boolean): Promise<void> {
    const connector = this.#connector();
    if (!connector) return;
    const on = request.action === 'start';
    if (forced) this.#imposed.impose(connector, request.device, on, 'moderator');
    else {
      this.#imposed.userSwitched(request.device);
      if (request.device === 'camera') connector.setCameraEnabled(on);
      else connector.setMicEnabled(on);
    }
    if (forced) this.#notify('admin-applied', undefined, `applied.${request.device}.${request.action}` as StringKey);
    this.#host.requestUpdate();
    await connector.sendMediaState().catch(this.#onError);
  }

  #notify(kind: NoticeKind, conference?: string, key = `notice.${kind}` as StringKey): void {
    this.notice = { kind, text: translate(this.#host, key), ...(conference ? { conference } : {}) };
    this.#host.dispatchEvent(new VinteoNoticeEvent(this.notice));
    this.#host.requestUpdate();
  }

  /**
   * Our name in the room and the licence (nothing outside a conference call). Where we are (waiting room, the room,
   * spectator) is the status line's, said once there.
   */
  renderRoom(): TemplateResult | typeof nothing {
    const snap = this.snapshot;
    if (!snap || HIDDEN_ROOM.has(snap.room.status)) return nothing;
    const t = (key: string, values?: Record<string, string>) => translate(this.#host, key as StringKey, values);
    const { room, license } = snap;
    if (!room.participantName && !license) return nothing;
    return html`<div part="room" data-status=${room.status}>
      ${room.participantName ? html`<span part="participant-name">${t('you', { name: room.participantName })}</span>` : nothing}
      ${license ? html`<span part="license" data-license=${license}>${t(`license.${license}`)}</span>` : nothing}
    </div>`;
  }

  /** The moderator's pending request with Accept / Refuse, and the latest notice. */
  renderRequests(button: (part: string, label: StringKey, onClick: () => void) => TemplateResult): TemplateResult {
    const request = this.pending;
    const prompt =
      request &&
      html`<div part="admin-request" role="alertdialog" aria-label=${translate(this.#host, 'moderatorRequest')}>
      <span>${translate(this.#host, `admin.${request.device}.${request.action}` as StringKey)}</span>
      ${button('accept-button', 'accept', () => void this.accept())}
      ${button('refuse-button', 'refuse', () => void this.refuse())}
    </div>`;
    return html`${prompt ?? nothing}
      <div part="notices" role="status" aria-live="polite" aria-label=${translate(this.#host, 'notices')}>
        <slot name="notices">${this.notice ? html`<span part="notice" data-kind=${this.notice.kind}>${this.notice.text}</span>` : nothing}</slot>
      </div>`;
  }
}
