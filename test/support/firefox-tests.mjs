// What the `firefox` group runs (web-test-runner.firefox.config.mjs), and the tests it leaves out, each with its
// reason. Every left-out test is printed at the start of the run ("NOT RUN IN FIREFOX: …"), never skipped silently.

export const firefoxFiles = [
  'test/unit/**/*.test.ts',
  'test/components/**/*.test.ts',
  'test/integration/connector.test.ts',
  'test/integration/core.test.ts',
  'test/integration/stats.test.ts',
  'test/integration/elements.test.ts',
  'test/integration/stats-elements.test.ts',
  'test/integration/conference.test.ts',
];

// (The presentation tests end their tracks for real with test/support/media.ts endableTrack() and run in Firefox.)
const SYNTHETIC_ENDED =
  "simulates the browser ending a track with track.dispatchEvent(new Event('ended')); in Firefox 153 an " +
  'untrusted event dispatched at a MediaStreamTrack runs its onended handler but no addEventListener listener ' +
  '(measured: not even for a made-up event type), while a real, trusted ended does reach them (remote track of a ' +
  'stopped transceiver), so the connector still sees real ones';
const FIREFOX_KEEPS_SENDING =
  'silences the sender with replaceTrack(null); Firefox keeps sending about one video packet a second after that ' +
  '(measured: 73 → 77 packets in 4 s), so the receiver never goes quiet';

/** Full test titles (describe … it, as mocha's grep sees them) that cannot run in Firefox, and why. */
export const chromiumOnly = [
  {
    title: 'DeviceManager never stops an app-given track; unplug falls back to the default',
    reason: `the fake unplug ${SYNTHETIC_ENDED}`,
  },
  {
    title:
      'MediaHealthMonitor on a real loopback pair sees media, a problem when the sender goes quiet, recovery, then a problem and a timeout when the sender closes',
    reason: `the test ${FIREFOX_KEEPS_SENDING}`,
  },
  {
    title:
      'spectator receive-only session health media stops: a re-offer with new ICE credentials is posted, media comes back, the session stays active',
    reason: `the fake server ${FIREFOX_KEEPS_SENDING}`,
  },
  {
    title:
      'spectator receive-only session health media never comes back: the session fails with recv-session-failed at the bound',
    reason: `the fake server ${FIREFOX_KEEPS_SENDING}`,
  },
  {
    title: 'remote streams view RemoteTracks names each stream by its msid (stream and track ids) on a real pair',
    reason:
      "expects the sender's MediaStreamTrack id in the msid; Firefox writes its own msid track ids (measured), which " +
      'the connector reads from the SDP either way',
  },
  {
    title:
      'remote media source switch (spectator receive-only session) emits removed/added as the view switches, reports only the source in use, and switches back',
    reason:
      'expects MediaStream.getTracks() to list audio first, as Chromium does; Firefox lists the tracks in the order ' +
      'they were added (video first for createFakeStream)',
  },
];

/** The titles left out (marked pending in the page by web-test-runner.firefox.config.mjs). */
export const firefoxExcluded = chromiumOnly.map((t) => t.title);

export function printExcluded() {
  if (!chromiumOnly.length) return;
  console.log(
    `\n!! ${chromiumOnly.length} test(s) NOT RUN IN FIREFOX (each rests on a Chromium behaviour; the reason follows):`,
  );
  for (const { title, reason } of chromiumOnly) console.log(`!!   NOT RUN IN FIREFOX: ${title} — ${reason}`);
}
