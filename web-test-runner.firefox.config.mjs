// The `firefox` test group: the unit and component tests and the connector's integration tests in Debian's Firefox
// ESR (/usr/bin/firefox-esr), driven by puppeteer-core over WebDriver BiDi, with Firefox's fake camera and
// microphone, inside the same loopback-only network namespace as the Chromium groups (scripts/test.mjs).
//   unshare -n sh -c 'ip link set lo up && npx wtr --config web-test-runner.firefox.config.mjs'
// WTR_FILES=a.test.ts,b.test.ts runs just those files in Firefox. Why each pref is here: docs/testing.md "Firefox".
import { chromeLauncher } from '@web/test-runner-chrome';
import puppeteer from 'puppeteer-core';
import base from './web-test-runner.config.mjs';
import { firefoxExcluded, firefoxFiles, printExcluded } from './test/support/firefox-tests.mjs';

const firefoxPath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export const firefoxPrefs = {
  // Fake devices, no permission prompt (Chromium: --use-fake-device-for-media-stream, --use-fake-ui-for-media-stream).
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  // ICE in a namespace whose only interface is lo. Without these Firefox gathers no candidate at all:
  // * loopback addresses are dropped unless this is set (Chromium: --allow-loopback-in-peer-connection);
  'media.peerconnection.ice.loopback': true,
  // * a page with no camera/microphone permission may only use the interface of the default route ("use only
  //   default local addresses"), found by connecting a UDP socket to 8.8.8.8 — which fails with no route
  //   ("failed to find default addresses"), and its host candidates would be mDNS names (.local) the server
  //   cannot resolve. A granted camera permission lifts both (PeerConnectionImpl: default_address_only and
  //   obfuscate_host_addresses are and-ed with !IsActivelyCapturingOrHasAPermission); Firefox's fake devices
  //   do not count as "actively capturing", so grant it by default instead.
  'permissions.default.camera': 1,
  'permissions.default.microphone': 1,
  // Belt and braces: no mDNS names even for a page the permission does not cover.
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  // No sound device here: without cubeb's mock context every AudioContext stays 'suspended' (the level meter reads
  // nothing); with it they run (measured: analyser peak 0.000 → 1.000 on an oscillator track).
  'media.cubeb.force_mock_context': true,
  // Media elements play without a user gesture (Chromium: --autoplay-policy=no-user-gesture-required).
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
  // Quiet: nothing tries to reach the network at start-up.
  'app.update.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'browser.safebrowsing.update.enabled': false,
  'extensions.update.enabled': false,
};

/** sendKeys({press: 'Space'}) as in Chromium: puppeteer's BiDi keyboard knows the key as ' ' only. */
function withChromiumKeyNames(page) {
  const names = { Space: ' ' };
  for (const method of ['press', 'down', 'up']) {
    const original = page.keyboard[method].bind(page.keyboard);
    page.keyboard[method] = (key, ...rest) => original(names[key] ?? key, ...rest);
  }
  return page;
}

const firefox = chromeLauncher({
  puppeteer,
  createPage: async ({ context }) => withChromiumKeyNames(await context.newPage()),
  launchOptions: {
    browser: 'firefox',
    executablePath: firefoxPath,
    headless: true,
    acceptInsecureCerts: true,
    extraPrefsFirefox: firefoxPrefs,
  },
});

const only = process.env.WTR_FILES ? process.env.WTR_FILES.split(',') : undefined;
printExcluded();

export default {
  ...base,
  // The left-out tests are marked pending by a root beforeEach (mocha's grep would leave them counted as failed).
  testRunnerHtml: (framework) => `<html><body><script type="module">
    import '${framework}';
    const skip = new Set(${JSON.stringify(firefoxExcluded)});
    const run = window.mocha.run.bind(window.mocha);
    window.mocha.run = (done) => {
      window.mocha.suite.beforeEach(function () {
        if (skip.has(this.currentTest.fullTitle())) this.skip();
      });
      return run(done);
    };
  </script></body></html>`,
  browsers: [firefox],
  groups: [{ name: 'firefox', files: only ?? firefoxFiles }],
};
