/**
 * Turns the public {@link ConnectionConfig} into the resolved values the SIP stack needs, following the
 * Vinteo rules (docs/protocol.md §2): socket URL, SIP domain, guest user, display name and User-Agent.
 * Pure functions, unit tested; nothing here touches the network.
 */
import { ConfigError } from '../errors.js';
import type { ConnectionConfig } from '../types.js';
import type { BalancerOptions } from '../stats/types.js';

export interface ResolvedConnectionConfig {
  socketUrl: string;
  domain: string;
  user: string;
  register: boolean;
  guest: boolean;
  displayName: string;
  /** The display name as the user typed it (trimmed): what we show when the server echoes `displayName` back. */
  shownDisplayName: string;
  userAgentString: string;
  authorizationUser: string;
  registerExpires: number;
  connectTimeoutMs: number;
  iceGatheringTimeoutMs: number;
  iceServers: RTCIceServer[];
  registerHeaders: string[];
  /** Base URL of the HTTP API, without a trailing slash. */
  apiUrl: string;
  /** Largest video size the server takes (validated `maxAvailableResolution`). */
  maxAvailableResolution?: { width: number; height: number };
  /** Sending quality (docs/connector.md "Sending quality"), as given. */
  videoBalancer?: BalancerOptions;
  bandwidthReport: boolean | 'auto';
  mainStreamHealth: boolean | 'auto';
}

const GUEST_MIN = 100_000;
const GUEST_MAX = 99_999_999;

/** A random guest user in [100000, 99999999). `random` is injectable for tests. */
export function guestUser(random: () => number = Math.random): string {
  return String(Math.floor(GUEST_MIN + random() * (GUEST_MAX - GUEST_MIN)));
}

/** A bare Vinteo host becomes `wss://{host}/webrtc/wss/`; a `ws://`/`wss://` URL is used as given. */
export function socketUrlFor(server: string): string {
  const value = server.trim();
  if (!value) throw new ConfigError('server is required');
  if (/^wss?:\/\//i.test(value)) return validUrl(value);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new ConfigError(`server must be a host or a ws:// or wss:// URL, got scheme "${value.split(':')[0]}"`);
  }
  if (/[\s/?#@]/.test(value)) throw new ConfigError('server must be a host[:port] or a ws(s):// URL');
  return validUrl(`wss://${value}/webrtc/wss/`);
}

function validUrl(value: string): string {
  try {
    return new URL(value).href;
  } catch (cause) {
    throw new ConfigError('server is not a valid URL', { cause });
  }
}

/** `apiUrl` as given (http/https, no trailing slash), else `https://{host[:port] of the socket URL}`. */
export function apiUrlFor(config: Pick<ConnectionConfig, 'apiUrl'>, socketUrl: string): string {
  const given = config.apiUrl?.trim();
  if (!given) return `https://${new URL(socketUrl).host}`;
  let url: URL;
  try {
    url = new URL(given);
  } catch (cause) {
    throw new ConfigError('apiUrl is not a valid URL', { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError('apiUrl must be an http:// or https:// URL');
  if (url.username || url.password || url.search || url.hash)
    throw new ConfigError('apiUrl must not carry credentials, a query or a fragment');
  return url.href.replace(/\/+$/, '');
}

/** The SIP domain: explicit `domain`, else the host name of the socket URL. */
export function domainFor(config: Pick<ConnectionConfig, 'domain'>, socketUrl: string): string {
  const explicit = config.domain?.trim();
  if (explicit) {
    if (/[\s@/]/.test(explicit)) throw new ConfigError('domain must be a host name');
    return explicit;
  }
  return new URL(socketUrl).hostname.replace(/^\[|\]$/g, '');
}

/** Trimmed; every run of whitespace becomes `_` (Vinteo's display-name rule). */
export function wireDisplayName(name: string | undefined): string {
  return (name ?? '').trim().replace(/\s/g, '_');
}

/**
 * The name to show for `name` as the server sent it: our own display name comes back in its wire form
 * (`Demo_guest`), and is shown as the user typed it (`Demo guest`); any other name is shown as sent.
 */
export function shownName(name: string, typed: string | undefined): string {
  const own = (typed ?? '').trim();
  return own && name === wireDisplayName(own) ? own : name;
}

/** `ChromeNew - {browser} {version}, {app} {major}`, `ChromeNew - {app} {major}`, or the literal `Chrome`. */
export function userAgentString(
  config: Pick<ConnectionConfig, 'userAgent' | 'appName' | 'appVersion'>,
  browser?: { name: string; version: string },
): string {
  if (config.userAgent?.trim()) return config.userAgent.trim();
  const app = config.appName?.trim().replace(/[@*!|]/g, '_');
  if (!app) return 'Chrome';
  const major = Number.parseInt(config.appVersion ?? '', 10);
  const appPart = Number.isFinite(major) ? `${app} ${major}` : app;
  return browser ? `ChromeNew - ${browser.name} ${browser.version}, ${appPart}` : `ChromeNew - ${appPart}`;
}

/** Best-effort browser name and major version from a navigator user agent string. */
export function detectBrowser(ua: string | undefined): { name: string; version: string } | undefined {
  if (!ua) return undefined;
  const patterns: Array<[string, RegExp]> = [
    ['Edge', /Edg\/(\d+)/],
    ['YaBrowser', /YaBrowser\/(\d+)/],
    ['Opera', /OPR\/(\d+)/],
    ['Firefox', /Firefox\/(\d+)/],
    ['Chrome', /Chrom(?:e|ium)\/(\d+)/],
    ['Safari', /Version\/(\d+).*Safari/],
  ];
  for (const [name, re] of patterns) {
    const match = re.exec(ua);
    if (match) return { name, version: match[1] };
  }
  return undefined;
}

function requireUser(config: ConnectionConfig): string {
  const user = config.user?.trim();
  if (!user) throw new ConfigError('user is required for a registered connection');
  if (/[\s@:;<>"]/.test(user)) throw new ConfigError('user contains characters not allowed in a SIP user');
  if (!config.password) throw new ConfigError('password is required for a registered connection');
  return user;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(`${name} must be a positive number`);
  return value;
}

function registerHeaders(config: ConnectionConfig): string[] {
  const headers = config.remoteAddress?.trim() ? [`X-Vinteo-Remote: ${config.remoteAddress.trim()}`] : [];
  for (const header of config.extraHeaders ?? []) {
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+:/.test(header) || /[\r\n]/.test(header)) {
      throw new ConfigError('extraHeaders must be "Name: value" strings without line breaks');
    }
    headers.push(header);
  }
  return headers;
}

/** Validates and resolves a configuration. Throws {@link ConfigError} (never includes the password). */
export function resolveConfig(
  config: ConnectionConfig,
  env: { random?: () => number; userAgent?: string } = {},
): ResolvedConnectionConfig {
  if (!config || typeof config !== 'object') throw new ConfigError('connection config must be an object');
  if (typeof config.server !== 'string') throw new ConfigError('server is required');
  const socketUrl = socketUrlFor(config.server);
  const register = config.register === true;
  const user = register ? requireUser(config) : config.user?.trim() || guestUser(env.random);
  return {
    socketUrl,
    domain: domainFor(config, socketUrl),
    user,
    register,
    guest: !register,
    displayName: wireDisplayName(config.displayName),
    shownDisplayName: (config.displayName ?? '').trim(),
    userAgentString: userAgentString(config, detectBrowser(env.userAgent)),
    authorizationUser: config.authorizationUser?.trim() || user,
    registerExpires: positive(config.registerExpires, 300, 'registerExpires'),
    connectTimeoutMs: positive(config.connectTimeoutMs, 10_000, 'connectTimeoutMs'),
    iceGatheringTimeoutMs: positive(config.iceGatheringTimeoutMs, 1000, 'iceGatheringTimeoutMs'),
    iceServers: Array.isArray(config.iceServers) ? config.iceServers : [],
    registerHeaders: registerHeaders(config),
    apiUrl: apiUrlFor(config, socketUrl),
    ...maxResolution(config.maxAvailableResolution),
    ...sendingQuality(config),
  };
}

function sendingQuality(
  config: ConnectionConfig,
): Pick<ResolvedConnectionConfig, 'videoBalancer' | 'bandwidthReport' | 'mainStreamHealth'> {
  const balancer = config.videoBalancer;
  if (balancer !== undefined && (typeof balancer !== 'object' || balancer === null))
    throw new ConfigError('videoBalancer must be an object');
  if (balancer?.startDelayMs !== undefined && !(Number.isFinite(balancer.startDelayMs) && balancer.startDelayMs >= 0)) {
    throw new ConfigError('videoBalancer.startDelayMs must be a number of ms ≥ 0');
  }
  const resolved: Pick<ResolvedConnectionConfig, 'videoBalancer' | 'bandwidthReport' | 'mainStreamHealth'> = {
    bandwidthReport: tristate(config.bandwidthReport, 'bandwidthReport'),
    mainStreamHealth: tristate(config.mainStreamHealth, 'mainStreamHealth'),
  };
  if (balancer) resolved.videoBalancer = { ...balancer };
  return resolved;
}

function tristate(value: boolean | 'auto' | undefined, name: string): boolean | 'auto' {
  if (value === undefined) return 'auto';
  if (value === true || value === false || value === 'auto') return value;
  throw new ConfigError(`${name} must be true, false or 'auto'`);
}

function maxResolution(
  size: ConnectionConfig['maxAvailableResolution'],
): Pick<ResolvedConnectionConfig, 'maxAvailableResolution'> {
  if (size === undefined) return {};
  const { width, height } = size ?? ({} as { width: number; height: number });
  if (!(Number.isFinite(width) && width > 0 && Number.isFinite(height) && height > 0)) {
    throw new ConfigError('maxAvailableResolution needs a positive width and height');
  }
  return { maxAvailableResolution: { width, height } };
}
