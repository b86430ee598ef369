// Plain DOM: strings as attributes, the password as a property (never an attribute), events with addEventListener.
// Runs after the CDN module (module scripts run in order), so the elements are defined.
const $ = (id) => document.getElementById(id);
const connector = $('connector');
const call = $('call');

/** `window.vinteoExample` (set by the embedding page or the test driver), else the query string; never the password. */
function exampleConfig() {
  const given = window.vinteoExample ?? {};
  const query = new URLSearchParams(location.search);
  const pick = (key) => given[key] ?? query.get(key) ?? '';
  return { server: pick('server'), domain: pick('domain'), user: pick('user'), password: given.password ?? '' };
}

function log(type, text) {
  const item = document.createElement('li');
  item.textContent = `${type}: ${text}`;
  $('events').append(item);
}

function configure({ server, domain, user, password }) {
  connector.setAttribute('server', server);
  if (domain) connector.setAttribute('domain', domain);
  if (!user) return;
  connector.setAttribute('user', user);
  connector.toggleAttribute('register', true);
  connector.password = password;
  connector.iceServers = []; // a real deployment lists its TURN servers here
}

connector.addEventListener('vinteo-connection-state-change', (event) => {
  $('connection-state').textContent = event.detail.state;
  log(event.type, event.detail.state);
});
call.addEventListener('vinteo-call-state-change', (event) => {
  $('call-state').textContent = event.detail.state;
  $('join').disabled = event.detail.state !== 'idle';
  $('leave').disabled = event.detail.state === 'idle';
  log(event.type, event.detail.state);
});
call.addEventListener('vinteo-call-ended', (event) => log(event.type, event.detail.cause));
connector.addEventListener('vinteo-error', (event) => log(event.type, event.detail.code));
$('join').addEventListener('click', () => void call.call());
$('leave').addEventListener('click', () => void call.hangUp());

configure(exampleConfig());
void connector.connect();
