// The demo page. With `?server=ws://…` (what `npm start` prints) it joins the built-in local server's echo
// conference as a guest with one click, and shows a moderator panel that drives the emulator; with `?mode=real` it
// shows a form for a real Vinteo / SIP server.
import '../components/define.js';
import { redacted, tabName } from './log.js';
import { mountModeratorPanel } from './moderator.js';

const params = new URLSearchParams(location.search);
const localServer = params.get('server');
const connector = document.querySelector('vinteo-connector') as HTMLElement &
  Record<string, unknown> & { connect(): Promise<void> };
const call = document.querySelector('vinteo-call') as HTMLElement;
const log = document.getElementById('log') as HTMLOListElement;
const modeLine = document.getElementById('mode-line') as HTMLParagraphElement;
const form = document.getElementById('real-server') as HTMLFormElement;

function append(line: string): void {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${line}`;
  log.prepend(item);
}

const EVENTS = [
  'vinteo-connection-state-change',
  'vinteo-call-state-change',
  'vinteo-incoming-call',
  'vinteo-call-ended',
  'vinteo-error',
  'vinteo-dtmf',
  'vinteo-room-change',
  'vinteo-role-change',
  'vinteo-admin-request',
  'vinteo-license-change',
  'vinteo-notice',
  'vinteo-presentation-start',
  'vinteo-presentation-stop',
  'vinteo-presentation-error',
  'vinteo-device-change',
  'vinteo-join',
];
for (const name of EVENTS) {
  document.addEventListener(name, (event) => append(`${name} ${redacted((event as CustomEvent).detail)}`));
}

function useLocalServer(server: string): void {
  modeLine.textContent = `Local conference emulator at ${server}. Check your camera, type your name and press “Join” for conference 1000: you wait in the waiting room (seeing and hearing yourself) until the moderator panel (folded below) admits you.`;
  connector.setAttribute('server', server);
  connector.setAttribute('domain', '127.0.0.1');
  connector.setAttribute('api-url', server.replace(/^ws/, 'http'));
  const name = tabName(globalThis.sessionStorage);
  connector.setAttribute('display-name', name);
  document.querySelector('vinteo-prejoin')?.setAttribute('display-name', name);
  connector.setAttribute('auto-connect', '');
  const user = () => (connector.connector as { user?: string } | undefined)?.user;
  mountModeratorPanel(document.getElementById('moderator-controls') as HTMLElement, server, user, append);
  (document.getElementById('moderator') as HTMLElement).hidden = false;
}

function useRealServer(): void {
  modeLine.textContent = 'Connect to your own Vinteo server or any SIP-over-WebSocket server.';
  form.hidden = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const value = (key: string) => String(data.get(key) ?? '').trim();
    connector.setAttribute('server', value('server'));
    if (value('domain')) connector.setAttribute('domain', value('domain'));
    connector.setAttribute('display-name', value('displayName'));
    if (value('user')) {
      connector.setAttribute('user', value('user'));
      connector.toggleAttribute('register', true);
      connector.password = value('password');
    }
    if (value('target')) call.setAttribute('target', value('target'));
    void connector.connect().catch(() => undefined);
  });
}

if (localServer && params.get('mode') !== 'real') useLocalServer(localServer);
else useRealServer();
