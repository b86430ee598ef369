/** Conference notifications worth telling the user about. */
export type NoticeKind =
  | 'moderator-added'
  | 'moderator-removed'
  | 'webcast-started'
  | 'webcast-stopped'
  | 'word-accepted'
  | 'word-rejected'
  | 'moved-to-webcast'
  | 'account-changed'
  | 'account-deleted'
  | 'admin-applied';

export interface NoticeDetail {
  kind: NoticeKind;
  /** The conference it is about, when the server said. */
  conference?: string;
  /** The text shown to the user (in the element's language). */
  text: string;
}

/** `vinteo-notice`: a conference notification (moderator rights, webcast, word request, account …). */
export class VinteoNoticeEvent extends Event {
  readonly detail: NoticeDetail;

  constructor(detail: NoticeDetail) {
    super('vinteo-notice', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vinteo-notice': VinteoNoticeEvent;
  }
}
