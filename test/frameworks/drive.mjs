// One example app in headless Chromium against the local Vinteo server: registered, a call made active through the
// app's own button, the element events rendered by the framework, media flowing, hang-up, and no secret in the page.

/** Installed before any page script: the config the app reads, and a record of every `password` attribute set. */
function pageSetup(config) {
  window.vinteoExample = config;
  window.passwordAttributes = [];
  const setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (String(name).toLowerCase() === 'password') window.passwordAttributes.push(this.localName);
    return setAttribute.call(this, name, value);
  };
}

/** Everything of the page's DOM a script, devtools or a crawler can read, shadow roots and attribute values included. */
function pageText() {
  const parts = [document.documentElement.outerHTML];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      for (const attribute of el.attributes) parts.push(`${attribute.name}=${attribute.value}`);
      if (el.shadowRoot) {
        parts.push(el.shadowRoot.innerHTML);
        walk(el.shadowRoot);
      }
    }
  };
  walk(document);
  return parts.join('\n');
}

function passwordAttributeHolders() {
  const holders = [...document.querySelectorAll('[password]')].map((el) => el.localName);
  return [...window.passwordAttributes, ...holders];
}

/** Waits until the framework rendered `expected` into `selector`; the error names what it showed instead. */
async function waitText(page, selector, expected, timeout = 20_000) {
  const read = `document.querySelector(${JSON.stringify(selector)})?.textContent.trim()`;
  try {
    await page.waitForFunction(`${read} === ${JSON.stringify(expected)}`, { timeout });
  } catch {
    const shown = await page.evaluate(read).catch(() => undefined);
    throw new Error(`${selector} did not show "${expected}" within ${timeout / 1000} s (it shows "${shown}")`);
  }
}

/** The app's own event list (#events, rendered by the framework) has a line starting with `line`. */
async function expectEvent(page, line) {
  const lines = await page.$$eval('#events li', (items) => items.map((li) => li.textContent.trim()));
  if (!lines.some((text) => text.startsWith(line)))
    throw new Error(`the app's event list has no "${line}" (it has: ${lines.join(' | ') || 'nothing'})`);
}

async function expectNoSecret(page, password, problems) {
  const text = await page.evaluate(pageText);
  if (text.includes(password)) throw new Error('the password is in the DOM');
  const holders = await page.evaluate(passwordAttributeHolders);
  if (holders.length) throw new Error(`a password attribute was set on <${holders.join('>, <')}>`);
  if (problems.length) throw new Error(problems.join('; '));
}

const REMOTE_VIDEO = `document.querySelector('vinteo-call')?.shadowRoot?.querySelector('[part="remote-video"]')`;

/** Uncaught errors and our password-attribute warning fail the app. */
function watchPage(page, password) {
  const problems = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (text.includes(password)) problems.push('the password was logged to the console');
    if (/password attribute/i.test(text)) problems.push(`console: ${text}`);
  });
  return problems;
}

/**
 * @param {import('puppeteer-core').Browser} browser
 * @param {{ url: string, config: Record<string, string>, password: string }} app
 * @returns {Promise<string>} the timings, for the summary line
 */
export async function driveApp(browser, { url, config, password }) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const problems = watchPage(page, password);
  try {
    await page.evaluateOnNewDocument(pageSetup, { ...config, password });
    const started = Date.now();
    await page.goto(url);
    await waitText(page, '#connection-state', 'registered');
    const registeredMs = Date.now() - started;
    await expectEvent(page, 'vinteo-connection-state-change: registered');
    const clicked = Date.now();
    await page.click('#join');
    await waitText(page, '#call-state', 'active');
    const activeMs = Date.now() - clicked;
    await expectEvent(page, 'vinteo-call-state-change: active');
    await page.waitForFunction(`${REMOTE_VIDEO}?.videoWidth > 0`, { timeout: 15_000 }).catch(() => {
      throw new Error('the remote video never rendered a frame within 15 s');
    });
    await expectNoSecret(page, password, problems);
    await page.click('#leave');
    await waitText(page, '#call-state', 'idle');
    await expectEvent(page, 'vinteo-call-ended');
    await expectNoSecret(page, password, problems);
    return `registered ${registeredMs} ms after load, call active ${activeMs} ms after Join`;
  } finally {
    await context.close();
  }
}
