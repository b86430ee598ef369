// The demo's moderator panel: drives the local conference emulator's control API (POST /control/{action}) so a
// person can watch every conference feature of <vinteo-call> work: waiting room, roles, admin requests, licence,
// notifications, tokens and the server-requested restart. Its replies are logged without their tokens.
import { redacted } from './log.js';

type Send = (action: string, args?: Record<string, unknown>) => Promise<unknown>;

interface Control {
  label: string;
  action: string;
  args?: Record<string, unknown>;
}

const CONTROLS: Array<[string, Control[]]> = [
  [
    'Room',
    [
      { label: 'Admit from the waiting room', action: 'admit' },
      { label: 'Issue a room token', action: 'issueToken' },
    ],
  ],
  [
    'Role',
    [
      { label: 'Make spectator', action: 'setRole', args: { role: 'spectator' } },
      { label: 'Spectator who may send', action: 'setRole', args: { role: 'spectator', spectatorMode: 1 } },
      { label: 'Spectator (receive-only session)', action: 'setRole', args: { role: 'spectator', audioId: '1' } },
      { label: 'Back to participant', action: 'setRole', args: { role: 'participant' } },
    ],
  ],
  [
    'Moderator requests',
    [
      {
        label: 'Ask to turn the camera on',
        action: 'adminMedia',
        args: { device: 'camera', action: 'start', forced: false },
      },
      {
        label: 'Turn the camera off (forced)',
        action: 'adminMedia',
        args: { device: 'camera', action: 'stop', forced: true },
      },
      {
        label: 'Ask to turn the microphone on',
        action: 'adminMedia',
        args: { device: 'mic', action: 'start', forced: false },
      },
      {
        label: 'Mute the microphone (forced)',
        action: 'adminMedia',
        args: { device: 'mic', action: 'stop', forced: true },
      },
    ],
  ],
  [
    'Licence',
    [
      { label: 'Audio only', action: 'setLicense', args: { license: 'AUDIO' } },
      { label: 'Video', action: 'setLicense', args: { license: 'VIDEO' } },
    ],
  ],
  [
    'Notifications',
    [
      {
        label: 'You are a moderator',
        action: 'notifyInfo',
        args: { notify: { cmd: 'addedToListModerators', conference: '1000' } },
      },
      {
        label: 'Webcast started',
        action: 'notifyInfo',
        args: { notify: { cmd: 'WebcastStarted', body: { conference: '1000', type: 'hls' } } },
      },
      {
        label: 'Word request accepted',
        action: 'notifyInfo',
        args: { notify: { cmd: 'ParticipationRequestAccepted', body: { conference: '1000' } } },
      },
    ],
  ],
  [
    'Presentation',
    [
      { label: 'Order to stop sharing', action: 'stopPresentation' },
      {
        label: 'Refuse sharing in 1000',
        action: 'configureConference',
        args: { conference: '1000', presentation: 'refuse' },
      },
      {
        label: 'Allow sharing in 1000',
        action: 'configureConference',
        args: { conference: '1000', presentation: 'allow' },
      },
    ],
  ],
  [
    'Media',
    [
      {
        label: 'Server-requested restart (ICE)',
        action: 'restart',
        args: { audioTrackCount: 1, videoTrackCount: 1, direction: 'SENDRECV' },
      },
    ],
  ],
];

/** The emulator's control base URL from its WebSocket URL (same host and port). */
export function controlUrl(wsUrl: string): string {
  const url = new URL(wsUrl);
  return `http://${url.host}/control`;
}

/** Renders the panel into `root`; `user()` names the participant the commands are for. */
export function mountModeratorPanel(
  root: HTMLElement,
  wsUrl: string,
  user: () => string | undefined,
  log: (line: string) => void,
): void {
  const send: Send = async (action, args = {}) => {
    const response = await fetch(`${controlUrl(wsUrl)}/${action}`, {
      method: 'POST',
      body: JSON.stringify({ user: user(), ...args }),
    });
    return response.json();
  };
  for (const [title, controls] of CONTROLS) root.append(group(title, controls, send, log));
}

function group(title: string, controls: Control[], send: Send, log: (line: string) => void): HTMLFieldSetElement {
  const fieldset = document.createElement('fieldset');
  const legend = document.createElement('legend');
  legend.textContent = title;
  fieldset.append(legend);
  for (const control of controls) fieldset.append(button(control, send, log));
  return fieldset;
}

function button(control: Control, send: Send, log: (line: string) => void): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = control.label;
  element.addEventListener('click', () => {
    send(control.action, control.args)
      .then((result) => log(`moderator ${control.action} → ${redacted(result)}`))
      .catch((error: unknown) => log(`moderator ${control.action} failed: ${String(error)}`));
  });
  return element;
}
