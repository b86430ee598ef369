import { css } from 'lit';
import { buttonStyles } from '../base/button-styles.js';

export const callStyles = [
  buttonStyles,
  css`
  :host {
    display: block;
    font-family: var(--vinteo-font, system-ui, sans-serif);
    color: var(--vinteo-color, #1d2330);
    --_accent: var(--vinteo-accent, #1f6feb);
    --_danger: var(--vinteo-danger, #c62828);
    --_radius: var(--vinteo-radius, 10px);
  }
  [part='stage'] {
    position: relative;
    background: var(--vinteo-stage-background, #10141c);
    border-radius: var(--_radius);
    overflow: hidden;
    aspect-ratio: 16 / 9;
  }
  video {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: cover;
    background: transparent;
  }
  [part='remote-video'][hidden] { display: none; }
  /* Shared content: side by side with the conference video, or first with the conference video small. */
  [part='stage'][data-content] { display: grid; gap: 4px; aspect-ratio: auto; }
  [part='stage'][data-content][data-layout='side-by-side'] { grid-template-columns: 2fr 1fr; align-items: center; }
  [part='stage'][data-content][data-layout='content-first'] { grid-template-columns: 1fr; }
  [part='stage'][data-content][data-layout='content-first'] [part='remote-video'] {
    position: absolute; left: 0.75em; bottom: 0.75em; width: 24%; height: auto; z-index: 1;
    border-radius: calc(var(--_radius) / 2);
  }
  [part='content-video'] { object-fit: contain; aspect-ratio: 16 / 9; animation: vinteo-fade-in 0.3s ease-out; }
  @keyframes vinteo-fade-in { from { opacity: 0; } to { opacity: 1; } }
  @media (prefers-reduced-motion: reduce) { [part='content-video'] { animation: none; } }
  [part='local-video'] {
    position: absolute;
    right: 0.75em;
    bottom: 0.75em;
    width: 24%;
    height: auto;
    aspect-ratio: 4 / 3;
    border-radius: calc(var(--_radius) / 2);
    border: 2px solid rgb(255 255 255 / 0.6);
  }
  [part='placeholder'] {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    color: #cfd6e4;
  }
  /* The control bar: round icon buttons with a label under them, hang-up last and red. */
  [part='controls'] {
    display: flex;
    flex-wrap: nowrap;
    justify-content: center;
    align-items: flex-start;
    gap: 0.25em 0.5em;
    margin-top: 0.75em;
    padding: 0.6em 0.75em;
    border-radius: var(--_radius);
    background: var(--vinteo-controls-background, #f1f3f6);
  }
  button { min-height: 44px; min-width: 44px; }
  button[data-icon] {
    display: inline-flex; flex-direction: column; align-items: center; gap: 0.3em;
    flex: 0 1 7.5em; padding: 0.35em 0.25em; min-width: 44px;
    background: transparent; color: inherit; border: none; font-size: 0.8em; line-height: 1.15;
  }
  button[data-icon] [part='icon'] {
    box-sizing: content-box; padding: 10px; border-radius: 50%; background: var(--_accent); color: #fff;
  }
  button[data-icon][aria-pressed='false'] [part='icon'] { background: #5b6270; }
  button[data-icon][part~='hangup-button'] [part='icon'],
  button[data-icon][part~='decline-button'] [part='icon'] { background: var(--_danger); padding: 10px 18px; border-radius: 999px; }
  button[data-icon][part~='call-button'] [part='icon'],
  button[data-icon][part~='answer-button'] [part='icon'] { background: var(--vinteo-call-color, #17753f); padding: 10px 18px; border-radius: 999px; }
  button[data-icon]:hover:not([disabled]) [part='icon'] { filter: brightness(1.12); }
  button[data-icon][disabled] { opacity: 0.55; }
  [part='label'] { text-align: center; }
  ::slotted([slot='controls']) { align-self: center; }
  /* The stage's top row: the quality badge (slot "quality"), the timer and full screen. */
  [part='stage-top'] {
    position: absolute; top: 0.6em; left: 0.6em; right: 0.6em; z-index: 2;
    display: flex; align-items: center; gap: 0.5em; pointer-events: none;
  }
  [part='stage-top'] > * { pointer-events: auto; }
  [part='stage-spacer'] { flex: 1; }
  [part='timer'] {
    padding: 0.25em 0.7em; border-radius: 999px; background: rgb(16 20 28 / 0.75); color: #fff;
    font-size: 0.85em; font-variant-numeric: tabular-nums;
  }
  button[part~='fullscreen-button'] {
    flex-direction: row; min-width: 44px; max-width: none; padding: 0; color: #fff; font-size: 0;
  }
  button[part~='fullscreen-button'] [part='icon'] { background: rgb(16 20 28 / 0.75); padding: 10px; }
  [part='stage-frame'] { position: relative; }
  [part='stage']:fullscreen { border-radius: 0; aspect-ratio: auto; width: 100vw; height: 100vh; }
  [part='local-video'][hidden] { display: none; }
  [part='incoming'], [part='admin-request'] {
    display: flex;
    align-items: center;
    gap: 0.5em;
    padding: 0.5em;
    margin-top: 0.75em;
    border-radius: calc(var(--_radius) / 2);
    background: var(--vinteo-incoming-background, #e8f0fe);
  }
  [part='room'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35em 1em;
    margin-top: 0.75em;
    font-size: 0.95em;
  }
  [part='license'] { color: #5b6270; }
  [part='admin-request'] { flex-wrap: wrap; background: var(--vinteo-request-background, #fff4e5); }
  [part='notices'] { margin-top: 0.5em; font-size: 0.9em; min-height: 1.2em; }
  /* One status line; its tone (data-tone) is the only colour a state gets. */
  [part='status'] {
    display: flex; align-items: center; gap: 0.5em; margin: 0.6em 0 0; font-size: 0.95em; font-weight: 500;
  }
  [part='status']::before {
    content: ''; flex: none; width: 0.6em; height: 0.6em; border-radius: 50%; background: var(--_tone, #8b93a3);
  }
  [part='status'][data-tone='progress'] { --_tone: var(--_accent); }
  [part='status'][data-tone='live'] { --_tone: #2e9d5b; }
  [part='status'][data-tone='presenting'] { --_tone: var(--_accent); }
  [part='status'][data-tone='waiting'] { --_tone: #d08a00; color: var(--vinteo-warning, #8a4b00); }
  [part='status'][data-tone='spectator'] { --_tone: #6b5bd2; }
  [part='status'][data-tone='warning'] { --_tone: #d08a00; color: var(--vinteo-warning, #8a4b00); font-weight: 600; }
  [part='status'][data-tone='problem'] { --_tone: var(--_danger); color: var(--_danger); }
  /* The far end's picture is frozen while the call is kept: say so without a second message. */
  :host([reconnecting]) [part='remote-video'] { filter: grayscale(0.7) brightness(0.6); transition: filter 0.3s; }
  @media (prefers-reduced-motion: reduce) { :host([reconnecting]) [part='remote-video'] { transition: none; } }
  /* The error panel, right under the stage: what happened and the next step, Retry, Dismiss. */
  [part='error'] {
    display: flex; flex-wrap: wrap; align-items: center; gap: 0.5em 0.75em; margin-top: 0.6em; padding: 0.6em 0.75em;
    border-radius: calc(var(--_radius) / 2); border-left: 4px solid var(--_danger);
    background: var(--vinteo-error-background, #fdecea); color: var(--vinteo-color, #1d2330);
  }
  [part='error-body'] { flex: 1 1 16em; }
  [part='error-text'] { margin: 0; font-weight: 600; }
  [part='error-detail'] { margin: 0.2em 0 0; font-size: 0.85em; color: #5b6270; }
  button[part~='retry-button'] { flex-direction: row; gap: 0.4em; max-width: none; flex: none; font-size: 0.9em; }
  button[part~='retry-button'] [part='icon'] { padding: 6px; }
  button[part~='dismiss-button'] { background: transparent; color: inherit; border-color: #c9ced8; }
`,
];
