/** UI strings: English (default) and Russian. The element's `lang`, else the nearest `[lang]`, picks. */

const en = {
  call: 'Call', hangUp: 'Hang up', answer: 'Answer', decline: 'Decline',
  micOn: 'Microphone on', micOff: 'Microphone off', camOn: 'Camera on', camOff: 'Camera off',
  enableSound: 'Enable sound', incoming: 'Incoming call from {name}', noVideo: 'No video yet',
  localVideo: 'Your camera', remoteVideo: 'Remote video', controls: 'Call controls', dialpad: 'Dial pad',
  'state.idle': 'Ready', 'state.calling': 'Calling…', 'state.ringing': 'Incoming call', 'state.answering': 'Connecting…',
  'state.active': 'In call', 'state.ending': 'Hanging up…', 'state.audio-blocked': 'Sound is blocked by the browser',
  'conn.disconnected': 'Disconnected', 'conn.connecting': 'Connecting…', 'conn.connected': 'Connected',
  'conn.registered': 'Registered', 'conn.disconnecting': 'Disconnecting…',
  ended: 'Call ended', error: 'Error: {message}', noTarget: 'No number to call', notConnected: 'Not connected',
  noServer: 'The server attribute is required to connect', badAttribute: 'Invalid {name}="{value}", using "{fallback}"',
  connectionLost: 'The connection to the server was lost',
};

type Strings = typeof en;
export type StringKey = keyof Strings;

const ru: Strings = {
  call: 'Позвонить', hangUp: 'Завершить', answer: 'Ответить', decline: 'Отклонить',
  micOn: 'Микрофон включён', micOff: 'Микрофон выключен', camOn: 'Камера включена', camOff: 'Камера выключена',
  enableSound: 'Включить звук', incoming: 'Входящий звонок: {name}', noVideo: 'Видео пока нет',
  localVideo: 'Ваша камера', remoteVideo: 'Видео собеседника', controls: 'Управление звонком', dialpad: 'Номеронабиратель',
  'state.idle': 'Готово', 'state.calling': 'Вызов…', 'state.ringing': 'Входящий звонок', 'state.answering': 'Соединение…',
  'state.active': 'Идёт звонок', 'state.ending': 'Завершение…', 'state.audio-blocked': 'Браузер заблокировал звук',
  'conn.disconnected': 'Нет соединения', 'conn.connecting': 'Подключение…', 'conn.connected': 'Подключено',
  'conn.registered': 'Зарегистрирован', 'conn.disconnecting': 'Отключение…',
  ended: 'Звонок завершён', error: 'Ошибка: {message}', noTarget: 'Не указан номер', notConnected: 'Нет соединения',
  noServer: 'Для подключения нужен атрибут server', badAttribute: 'Неверное значение {name}="{value}", используется "{fallback}"',
  connectionLost: 'Соединение с сервером потеряно',
};

const tables: Record<string, Strings> = { en, ru };

/** The language for an element: its own `lang`, the closest ancestor's (across shadow roots), or the document's. */
export function languageOf(element: Element): string {
  const lang = closestLang(element) || element.ownerDocument?.documentElement.lang || 'en';
  return lang.toLowerCase().split('-')[0];
}

function closestLang(element: Element): string | undefined {
  for (let node: Element | undefined = element; node;) {
    const tagged = node.closest('[lang]');
    if (tagged) return tagged.getAttribute('lang') ?? undefined;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : undefined;
  }
  return undefined;
}

export function translate(element: Element, key: StringKey, values: Record<string, string> = {}): string {
  const table = tables[languageOf(element)] ?? en;
  return table[key].replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}
