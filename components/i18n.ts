/** UI strings: English (default) and Russian. The element's `lang`, else the nearest `[lang]`, picks. */

const en = {
  call: 'Call', hangUp: 'Hang up', answer: 'Answer', decline: 'Decline',
  micOn: 'Microphone on', micOff: 'Microphone off', camOn: 'Camera on', camOff: 'Camera off',
  enableSound: 'Enable sound', incoming: 'Incoming call from {name}', noVideo: 'No video yet',
  localVideo: 'Your camera', remoteVideo: 'Remote video', controls: 'Call controls', dialpad: 'Dial pad',
  'state.idle': 'Ready', 'state.calling': 'Calling…', 'state.ringing': 'Incoming call', 'state.answering': 'Connecting…',
  'state.active': 'In call', 'state.ending': 'Hanging up…', 'state.audio-blocked': 'Sound is blocked by the browser',
  'conn.disconnected': 'Disconnected', 'conn.connecting': 'Connecting…', 'conn.connected': 'Connected',
  'conn.registered': 'Registered', 'conn.disconnecting': 'Disconnecting…', 'conn.reconnecting': 'Reconnecting…',
  ended: 'Call ended', error: 'Error: {message}', noTarget: 'No number to call', notConnected: 'Not connected',
  noServer: 'The server attribute is required to connect', badAttribute: 'Invalid {name}="{value}", using "{fallback}"',
  connectionLost: 'The connection to the server was lost', noLimit: 'no limit',
  'conn.reconnectingAttempt': 'Connection lost. Reconnecting… (attempt {attempt})', 'conn.restored': 'Connection restored',
  gaveUp: 'Could not reconnect to the server. Check your network, then press “Connect again”.',
  gaveUpAuth: 'Could not reconnect: the server refused the user or password. Check them, then press “Connect again”.',
  dropped: 'The connection to the server was lost. Check your network, then press “Connect again”.', connectAgain: 'Connect again',
  'call.kept': 'Keeping your call while the connection is restored…', 'call.mediaProblem': 'No sound or video from the other side… waiting for it to come back',
  'call.mediaRecovered': 'Sound and video are back', 'call.resumed': 'Call restored', 'call.redial': 'Calling again… (attempt {attempt})',
  'call.redialFailed': 'Could not call again. Press “Call” to try again yourself.', stopRedial: 'Stop calling again',
  'lost.media-timeout': 'The call was lost: no sound or video came from the other side. Press “Call” to call again.',
  'lost.dialog-lost': 'The call was lost when the connection dropped. Press “Call” to call again.',
  'lost.connection-error': 'The call ended: the connection to the server was lost.',
  'room.connecting': 'Joining…', 'room.purgatory': 'Waiting room: the moderator will let you in',
  'room.room-pending-auth': 'Room {room}: waiting for access', 'room.in-room': 'Room {room}', 'room.p2p-room': 'Direct call',
  'room.direct-p2p-room': 'Direct call', 'room.presentation-call': 'Presentation call', you: 'You: {name}',
  'role.spectator': 'Spectator: camera and microphone are off', 'role.spectator-can-send': 'Spectator: you may turn on camera and microphone',
  'license.AUDIO': 'Audio-only licence', 'license.VIDEO': 'Video licence', 'license.AUDIOPLUSPRESENTATION': 'Audio and presentation licence',
  'admin.camera.start': 'The moderator asks you to turn on your camera', 'admin.camera.stop': 'The moderator asks you to turn off your camera',
  'admin.mic.start': 'The moderator asks you to turn on your microphone', 'admin.mic.stop': 'The moderator asks you to turn off your microphone',
  'applied.camera.start': 'The moderator turned your camera on', 'applied.camera.stop': 'The moderator turned your camera off',
  'applied.mic.start': 'The moderator turned your microphone on', 'applied.mic.stop': 'The moderator turned your microphone off',
  accept: 'Accept', refuse: 'Refuse', moderatorRequest: 'Moderator request', notices: 'Conference notices',
  'notice.moderator-added': 'You are now a moderator', 'notice.moderator-removed': 'You are no longer a moderator',
  'notice.webcast-started': 'The webcast has started', 'notice.webcast-stopped': 'The webcast has stopped',
  'notice.word-accepted': 'Your request to speak was accepted', 'notice.word-rejected': 'Your request to speak was declined',
  'notice.moved-to-webcast': 'You were moved to the webcast', 'notice.account-changed': 'Your account was changed',
  'notice.account-deleted': 'Your account was deleted',
  share: 'Share screen', stopShare: 'Stop sharing', sharePreview: 'What you share', sharedContent: 'Shared content',
  presentation: 'Screen sharing', 'presentation.idle': 'Not sharing', 'presentation.starting': 'Starting to share…',
  'presentation.active': 'Sharing your screen', 'presentation.updating': 'Switching what you share…',
  'presentation.stopping': 'Stopping sharing…', contentAvailable: 'Someone is sharing their screen',
  'stop.local': 'Sharing stopped', 'stop.track-ended': 'Sharing stopped', 'stop.server': 'The moderator stopped your sharing',
  'stop.spectator': 'Sharing stopped: you are now a spectator', 'stop.call-ended': 'Sharing ended with the call',
  'stop.refused': 'The moderator did not allow sharing', 'stop.renegotiation-failed': 'Sharing could not start',
  'stop.error': 'Sharing failed',
  devices: 'Camera, microphone and speaker', 'devices.camera': 'Camera', 'devices.microphone': 'Microphone', 'devices.speaker': 'Speaker',
  'devices.unnamed.camera': 'Camera {n}', 'devices.unnamed.microphone': 'Microphone {n}', 'devices.unnamed.speaker': 'Speaker {n}',
  'devices.none.camera': 'No camera found', 'devices.none.microphone': 'No microphone found', 'devices.none.speaker': 'System default',
  'devices.speakerUnsupported': 'This browser cannot choose the speaker: sound plays on the system output (change it in the system sound settings).',
  'devices.allow': 'Allow camera and microphone', 'devices.allowCamera': 'Allow camera', 'devices.allowMicrophone': 'Allow microphone',
  'devices.allowHint': 'Allow access to see your picture and to choose the devices by name.',
  'devices.preview': 'Camera preview', 'devices.previewOff': 'No picture yet', 'devices.noCamera': 'No camera found', 'devices.noCameraHelp': 'No camera found. Connect one and its picture shows here.', 'devices.previewBlocked': 'Camera blocked',
  'devices.level': 'Microphone level', 'devices.levelValue': '{level}%', 'devices.retry': 'Try again',
  'devices.blocked': 'The browser blocks the camera and microphone for this site.',
  'devices.blockedHow': 'To allow them: click the camera or lock icon in the address bar (or open the site settings), set Camera and Microphone to “Allow”, then press “Try again”.',
  'devices.blockedHowInCall': 'To allow them: click the camera or lock icon in the address bar (or open the site settings), set Camera and Microphone to “Allow”, then choose the device again.',
  'devices.busy.camera': 'The camera is in use by another application.', 'devices.busy.microphone': 'The microphone is in use by another application.',
  'devices.busy.both': 'The camera or microphone is in use by another application.',
  'devices.busyHow': 'Close the other apps or browser tabs that use the camera or microphone, or choose another device, then press “Try again”.',
  'devices.busyHowInCall': 'Close the other apps or browser tabs that use the camera or microphone, then choose the device again, or choose another one.',
  'devices.missing.camera': 'No camera found.', 'devices.missing.microphone': 'No microphone found.', 'devices.missing.both': 'No camera or microphone found.',
  'devices.missingHow': 'Connect one (check the cable or Bluetooth), then press “Try again”.', 'devices.missingHowInCall': 'Connect one (check the cable or Bluetooth), then choose it.',
  'devices.gone': 'The chosen device is not connected.', 'devices.goneHow': 'Choose another one, or connect it again.',
  'devices.failed': 'The device could not be used.', 'devices.failedHow': 'Press “Try again”, or choose another device.',
  'devices.failedHowInCall': 'Choose the device again, or choose another one.',
  'devices.fallback.camera': 'The camera was disconnected: the default camera is used now.',
  'devices.fallback.microphone': 'The microphone was disconnected: the default microphone is used now.',
  'devices.unavailable': 'This connector cannot list devices.',
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
  'conn.registered': 'Зарегистрирован', 'conn.disconnecting': 'Отключение…', 'conn.reconnecting': 'Переподключение…',
  ended: 'Звонок завершён', error: 'Ошибка: {message}', noTarget: 'Не указан номер', notConnected: 'Нет соединения',
  noServer: 'Для подключения нужен атрибут server', badAttribute: 'Неверное значение {name}="{value}", используется "{fallback}"',
  connectionLost: 'Соединение с сервером потеряно', noLimit: 'без ограничения',
  'conn.reconnectingAttempt': 'Соединение потеряно. Переподключение… (попытка {attempt})', 'conn.restored': 'Соединение восстановлено',
  gaveUp: 'Не удалось переподключиться к серверу. Проверьте сеть и нажмите «Подключиться снова».',
  gaveUpAuth: 'Не удалось переподключиться: сервер не принял пользователя или пароль. Проверьте их и нажмите «Подключиться снова».',
  dropped: 'Соединение с сервером потеряно. Проверьте сеть и нажмите «Подключиться снова».', connectAgain: 'Подключиться снова',
  'call.kept': 'Сохраняем ваш звонок, пока восстанавливается связь…', 'call.mediaProblem': 'Нет звука и видео от собеседника… ждём, пока они вернутся',
  'call.mediaRecovered': 'Звук и видео вернулись', 'call.resumed': 'Звонок восстановлен', 'call.redial': 'Повторный вызов… (попытка {attempt})',
  'call.redialFailed': 'Не удалось позвонить снова. Нажмите «Позвонить», чтобы попробовать самостоятельно.', stopRedial: 'Отменить повторный вызов',
  'lost.media-timeout': 'Звонок прервался: от собеседника не приходили ни звук, ни видео. Нажмите «Позвонить», чтобы позвонить снова.',
  'lost.dialog-lost': 'Звонок прервался из-за потери соединения. Нажмите «Позвонить», чтобы позвонить снова.',
  'lost.connection-error': 'Звонок завершён: соединение с сервером потеряно.',
  'room.connecting': 'Вход…', 'room.purgatory': 'Зал ожидания: модератор впустит вас',
  'room.room-pending-auth': 'Комната {room}: ожидание доступа', 'room.in-room': 'Комната {room}', 'room.p2p-room': 'Прямой звонок',
  'room.direct-p2p-room': 'Прямой звонок', 'room.presentation-call': 'Звонок для презентации', you: 'Вы: {name}',
  'role.spectator': 'Зритель: камера и микрофон выключены', 'role.spectator-can-send': 'Зритель: можно включить камеру и микрофон',
  'license.AUDIO': 'Лицензия только на звук', 'license.VIDEO': 'Лицензия на видео', 'license.AUDIOPLUSPRESENTATION': 'Лицензия на звук и презентацию',
  'admin.camera.start': 'Модератор просит включить камеру', 'admin.camera.stop': 'Модератор просит выключить камеру',
  'admin.mic.start': 'Модератор просит включить микрофон', 'admin.mic.stop': 'Модератор просит выключить микрофон',
  'applied.camera.start': 'Модератор включил вашу камеру', 'applied.camera.stop': 'Модератор выключил вашу камеру',
  'applied.mic.start': 'Модератор включил ваш микрофон', 'applied.mic.stop': 'Модератор выключил ваш микрофон',
  accept: 'Принять', refuse: 'Отказаться', moderatorRequest: 'Запрос модератора', notices: 'Уведомления конференции',
  'notice.moderator-added': 'Теперь вы модератор', 'notice.moderator-removed': 'Вы больше не модератор',
  'notice.webcast-started': 'Трансляция началась', 'notice.webcast-stopped': 'Трансляция остановлена',
  'notice.word-accepted': 'Ваш запрос на слово принят', 'notice.word-rejected': 'Ваш запрос на слово отклонён',
  'notice.moved-to-webcast': 'Вас перевели в трансляцию', 'notice.account-changed': 'Ваша учётная запись изменена',
  'notice.account-deleted': 'Ваша учётная запись удалена',
  share: 'Показать экран', stopShare: 'Остановить показ', sharePreview: 'Что вы показываете', sharedContent: 'Показ экрана',
  presentation: 'Показ экрана', 'presentation.idle': 'Показ выключен', 'presentation.starting': 'Запуск показа…',
  'presentation.active': 'Вы показываете экран', 'presentation.updating': 'Смена источника показа…',
  'presentation.stopping': 'Остановка показа…', contentAvailable: 'Участник показывает экран',
  'stop.local': 'Показ остановлен', 'stop.track-ended': 'Показ остановлен', 'stop.server': 'Модератор остановил ваш показ',
  'stop.spectator': 'Показ остановлен: вы теперь зритель', 'stop.call-ended': 'Показ завершён вместе со звонком',
  'stop.refused': 'Модератор не разрешил показ', 'stop.renegotiation-failed': 'Не удалось начать показ',
  'stop.error': 'Ошибка показа',
  devices: 'Камера, микрофон и динамик', 'devices.camera': 'Камера', 'devices.microphone': 'Микрофон', 'devices.speaker': 'Динамик',
  'devices.unnamed.camera': 'Камера {n}', 'devices.unnamed.microphone': 'Микрофон {n}', 'devices.unnamed.speaker': 'Динамик {n}',
  'devices.none.camera': 'Камера не найдена', 'devices.none.microphone': 'Микрофон не найден', 'devices.none.speaker': 'Системный по умолчанию',
  'devices.speakerUnsupported': 'Этот браузер не умеет выбирать динамик: звук идёт на системный выход (его можно сменить в настройках звука системы).',
  'devices.allow': 'Разрешить камеру и микрофон', 'devices.allowCamera': 'Разрешить камеру', 'devices.allowMicrophone': 'Разрешить микрофон',
  'devices.allowHint': 'Разрешите доступ, чтобы видеть своё изображение и выбирать устройства по названию.',
  'devices.preview': 'Изображение с камеры', 'devices.previewOff': 'Изображения пока нет', 'devices.noCamera': 'Камера не найдена', 'devices.noCameraHelp': 'Камера не найдена. Подключите её, и изображение появится здесь.', 'devices.previewBlocked': 'Камера заблокирована',
  'devices.level': 'Уровень микрофона', 'devices.levelValue': '{level}%', 'devices.retry': 'Повторить',
  'devices.blocked': 'Браузер запретил этому сайту доступ к камере и микрофону.',
  'devices.blockedHow': 'Чтобы разрешить: нажмите на значок камеры или замка в адресной строке (или откройте настройки сайта), выберите «Разрешить» для камеры и микрофона и нажмите «Повторить».',
  'devices.blockedHowInCall': 'Чтобы разрешить: нажмите на значок камеры или замка в адресной строке (или откройте настройки сайта), выберите «Разрешить» для камеры и микрофона и снова выберите устройство.',
  'devices.busy.camera': 'Камера занята другим приложением.', 'devices.busy.microphone': 'Микрофон занят другим приложением.',
  'devices.busy.both': 'Камера или микрофон заняты другим приложением.',
  'devices.busyHow': 'Закройте другие программы или вкладки браузера, которые используют камеру или микрофон, или выберите другое устройство и нажмите «Повторить».',
  'devices.busyHowInCall': 'Закройте другие программы или вкладки браузера, которые используют камеру или микрофон, и выберите устройство снова — или выберите другое.',
  'devices.missing.camera': 'Камера не найдена.', 'devices.missing.microphone': 'Микрофон не найден.', 'devices.missing.both': 'Камера и микрофон не найдены.',
  'devices.missingHow': 'Подключите устройство (проверьте кабель или Bluetooth) и нажмите «Повторить».', 'devices.missingHowInCall': 'Подключите устройство (проверьте кабель или Bluetooth) и выберите его.',
  'devices.gone': 'Выбранное устройство не подключено.', 'devices.goneHow': 'Выберите другое или подключите его снова.',
  'devices.failed': 'Не удалось использовать устройство.', 'devices.failedHow': 'Нажмите «Повторить» или выберите другое устройство.',
  'devices.failedHowInCall': 'Выберите устройство снова или выберите другое.',
  'devices.fallback.camera': 'Камера отключилась: теперь используется камера по умолчанию.',
  'devices.fallback.microphone': 'Микрофон отключился: теперь используется микрофон по умолчанию.',
  'devices.unavailable': 'Этот коннектор не умеет работать с устройствами.',
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
